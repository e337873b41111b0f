package sellercloud

import "slices"

// Ratings are the rating enum (list filter, list item, LocalRating and PUT
// body), by number. The HTML docs leave out Disatisfied; the swagger has it.
var Ratings = []string{"NotRated", "Very_Disatisfied", "Disatisfied", "Neutral", "Satisfied", "Very_Satisfied"}

// CustomerTypes are the list filter's customerType enum (0 Retail, 1
// Wholesale). The create endpoint numbers them the other way round.
var CustomerTypes = []string{"Retail", "Wholesale"}

// Channels are the list filter's channel enum, by number (swagger 2022).
var Channels = map[string]int{
	"Local_Store": 0, "eBayOrder": 1, "eBaySingleItem": 2, "Yahoo": 3, "Amazon": 4, "PriceGrabber": 5,
	"Website": 6, "Buy": 7, "NewEggMall": 12, "Magento": 15, "QuickBooks": 16, "RMS": 17, "Cart32": 18,
	"Sears": 19, "FBA": 20, "Wholesale": 21, "Overstock": 22, "NewEggdotcom": 23, "Etsy": 24, "Bonanza": 25,
	"PriceFalls": 26, "Wayfair": 27, "UnbeatableSale": 28, "VendorCentral": 29, "Hayneedle": 30,
	"SmartBargains": 31, "uBid": 32, "ATGStores": 33, "StacksAndStacks": 34, "Sharkstores": 35, "BestBuy": 36,
	"Kohls": 37, "Staples": 38, "OneStopPlus": 39, "Meijer": 40, "Sonsi": 41, "Walmart": 42, "HSN": 43,
	"NewEgg_Business": 44, "KMart": 45, "Wish": 46, "SPRichards": 47, "FingerHut": 48, "Groupon": 49,
	"Walmart_Marketplace": 50, "ShopHQ": 51, "PriceMinister": 52, "GS": 53, "DrugStore": 54,
	"MercadoLibre": 55, "JET": 56, "ElevenMain": 57, "SearsVendor": 58, "Choxi": 59, "TradeMe": 60,
	"Tanga": 61, "Target": 62, "GrouponMarketplace": 63, "Reverb": 64, "BedBathAndBeyond": 65,
	"Dropship_Central": 66, "DSW": 67, "Houzz": 68, "Gilt": 69, "BestBuyDS": 70, "TopHatter": 71,
	"HomeDepot": 72, "MassGenie": 73, "Cdiscount": 74, "GrouponGateway": 75, "SBN": 76,
	"GoogleExpress": 77, "Target_Plus": 78, "WFS": 79,
}

// RatingName returns the enum name of a rating number ("" when unknown).
func RatingName(n int) string {
	if n < 0 || n >= len(Ratings) {
		return ""
	}
	return Ratings[n]
}

// ChannelNames are the channel enum's names, sorted.
func ChannelNames() []string {
	names := make([]string, 0, len(Channels))
	for n := range Channels {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
