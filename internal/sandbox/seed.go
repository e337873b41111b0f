package sandbox

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

var (
	firstNames = []string{"Ava", "Liam", "Olivia", "Noah", "Emma", "Oliver", "Sophia", "Elijah", "Isabella", "James",
		"Mia", "Lucas", "Amelia", "Mateo", "Harper", "Ethan", "Evelyn", "Kenji", "Priya", "Fatima", "Chen", "Ingrid",
		"Diego", "Zanele", "Tomasz", "Aisha", "Mikko", "Lucía", "Omar", "Hana"}
	lastNames = []string{"Smith", "Johnson", "Garcia", "Brown", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez",
		"Lopez", "Nguyen", "Kim", "Patel", "Okafor", "Schmidt", "Rossi", "Novak", "Larsen", "Tanaka", "Haddad",
		"Kowalski", "Silva", "Dubois", "Andersson", "O'Brien"}
	companies = []string{"Acme Supply", "Bluebird Outfitters", "Cobalt Retail", "Driftwood Goods", "Evergreen Traders",
		"Foxglove & Co", "Granite Wholesale", "Harbor Lights", "Ironbark Tools", "Juniper Home"}
	cities = []struct{ City, Zip, State string }{
		{"Brooklyn", "11201", "NY"}, {"Austin", "78701", "TX"}, {"Portland", "97205", "OR"}, {"Chicago", "60607", "IL"},
		{"Denver", "80202", "CO"}, {"Miami", "33130", "FL"}, {"Seattle", "98101", "WA"}, {"Boston", "02110", "MA"},
	}
	channels  = []int{0, 4, 6, 15, 20, 21, 24, 42}
	seedEpoch = time.Date(2021, 1, 4, 9, 0, 0, 0, time.UTC)
)

// seedPerson is a deterministic fake person; the same index always gives the
// same person, whatever the platform.
type seedPerson struct {
	First, Last, Email, Company, City, Zip, State, Phone string
	Wholesale                                            bool
	Rating, Channel                                      int
	Subscribed, Exported                                 bool
	Created, Modified                                    time.Time
}

func person(i int) seedPerson {
	r := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	first := firstNames[r.IntN(len(firstNames))]
	last := lastNames[r.IntN(len(lastNames))]
	c := cities[r.IntN(len(cities))]
	p := seedPerson{
		First: first, Last: last, City: c.City, Zip: c.Zip, State: c.State,
		Email:      fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(first), strings.ToLower(strings.ReplaceAll(last, "'", "")), i),
		Phone:      fmt.Sprintf("+1 555 %03d %04d", r.IntN(1000), i%10000),
		Wholesale:  i%4 == 0,
		Rating:     r.IntN(6),
		Channel:    channels[r.IntN(len(channels))],
		Subscribed: r.IntN(2) == 0,
		Exported:   r.IntN(3) == 0,
		// Spread over four years, not in id order, as real sign-ups after imports are.
		Created: seedEpoch.Add(time.Duration((i*977)%1461)*24*time.Hour + time.Duration(i%24)*time.Hour),
	}
	p.Modified = p.Created.Add(time.Duration(r.IntN(5000)) * time.Hour)
	if p.Wholesale || r.IntN(3) == 0 {
		p.Company = companies[r.IntN(len(companies))]
	}
	return p
}
