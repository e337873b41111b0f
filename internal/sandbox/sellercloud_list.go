package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// scRatings are the rating enum's names by number (swagger 2022; the HTML docs
// leave out Disatisfied). The sandbox keeps its own copy rather than the
// client's, so a mistake in one is caught by the other.
var scRatings = []string{"NotRated", "Very_Disatisfied", "Disatisfied", "Neutral", "Satisfied", "Very_Satisfied"}

type scListFilter struct {
	ids, companyIDs                                          map[int]bool
	email, first, last, phone, city, zip, corporate, keyword string
	rating, customerType, subscribed, exported, channel      *int
	createdFrom, createdTo, modifiedFrom, modifiedTo         *time.Time
}

// parseSCFilter reads the list filters; a malformed value is a 400.
func parseSCFilter(r *http.Request) (scListFilter, error) {
	var f scListFilter
	one := func(name string) string { return scParam(r, name) }
	ints := func(name string) (map[int]bool, error) {
		vals := scQuery(r, name)
		if len(vals) == 0 {
			return nil, nil
		}
		m := map[int]bool{}
		for _, v := range vals {
			for _, part := range strings.Split(v, ",") {
				n, err := strconv.Atoi(strings.TrimSpace(part))
				if err != nil {
					return nil, fmt.Errorf("The value '%s' is not valid for %s.", part, name)
				}
				m[n] = true
			}
		}
		return m, nil
	}
	enum := func(name string, names []string) (*int, error) {
		v := one(name)
		if v == "" {
			return nil, nil
		}
		if n, err := strconv.Atoi(v); err == nil {
			if names != nil && (n < 0 || n >= len(names)) {
				return nil, fmt.Errorf("The value '%s' is not valid for %s.", v, name)
			}
			return &n, nil
		}
		if i := slices.Index(names, v); names != nil && i >= 0 {
			return &i, nil
		}
		return nil, fmt.Errorf("The value '%s' is not valid for %s.", v, name)
	}
	date := func(name string) (*time.Time, error) {
		v := one(name)
		if v == "" {
			return nil, nil
		}
		for _, layout := range []string{"01/02/2006 15:04", "01/02/2006", time.RFC3339} {
			if t, err := time.Parse(layout, v); err == nil {
				return &t, nil
			}
		}
		return nil, fmt.Errorf("The value '%s' is not valid for %s.", v, name)
	}
	var err error
	if f.ids, err = ints("customerIds"); err != nil {
		return f, err
	}
	if f.companyIDs, err = ints("companyIds"); err != nil {
		return f, err
	}
	f.email, f.first, f.last = one("email"), one("firstName"), one("lastName")
	f.phone, f.city, f.zip = one("phoneNumber"), one("city"), one("zipCode")
	f.corporate, f.keyword = one("corporateName"), one("keyword")
	if f.rating, err = enum("rating", scRatings); err != nil {
		return f, err
	}
	if f.customerType, err = enum("customerType", []string{"Retail", "Wholesale"}); err != nil {
		return f, err
	}
	if f.subscribed, err = enum("subscribed", nil); err != nil {
		return f, err
	}
	if f.exported, err = enum("exported", nil); err != nil {
		return f, err
	}
	if f.channel, err = enum("channel", nil); err != nil {
		return f, err
	}
	for _, d := range []struct {
		name string
		dst  **time.Time
	}{{"createdOnFrom", &f.createdFrom}, {"createdOnTo", &f.createdTo}, {"modifiedOnFrom", &f.modifiedFrom}, {"modifiedOnTo", &f.modifiedTo}} {
		if *d.dst, err = date(d.name); err != nil {
			return f, err
		}
	}
	return f, nil
}

func contains(have, want string) bool {
	return want == "" || strings.Contains(strings.ToLower(have), strings.ToLower(want))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (f scListFilter) match(c *SellercloudCustomer) bool {
	switch {
	case f.ids != nil && !f.ids[c.ID],
		f.companyIDs != nil && !f.companyIDs[c.CompanyID],
		!contains(c.Email, f.email), !contains(c.FirstName, f.first), !contains(c.LastName, f.last),
		!contains(c.Phone1+" "+c.Phone2+" "+c.Phone3+" "+c.Mobile, f.phone),
		!contains(c.City, f.city), !contains(c.ZipCode, f.zip), !contains(c.CorporateName, f.corporate),
		f.keyword != "" && !contains(strings.Join([]string{c.Name, c.FirstName, c.LastName, c.Email, c.CorporateName}, " "), f.keyword),
		f.rating != nil && *f.rating != c.Rating,
		f.customerType != nil && *f.customerType != boolInt(c.IsWholesale),
		f.subscribed != nil && (*f.subscribed != 0) != c.Subscribed,
		f.exported != nil && (*f.exported != 0) != c.Exported,
		f.channel != nil && *f.channel != c.Channel,
		f.createdFrom != nil && c.CreatedOn.Before(*f.createdFrom),
		f.createdTo != nil && c.CreatedOn.After(*f.createdTo),
		f.modifiedFrom != nil && c.ModifiedOn.Before(*f.modifiedFrom),
		f.modifiedTo != nil && c.ModifiedOn.After(*f.modifiedTo):
		return false
	}
	return true
}

// scList is GET /Customers: {"Items": [CustomerDto], "TotalResults": n}.
// pageSize defaults to 10 and pageNumber to 1 (API-NOTES 1.1).
func (s *Server) scList(w http.ResponseWriter, r *http.Request) {
	f, err := parseSCFilter(r)
	if err != nil {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	page, _, bad := scPaging.read(func(name string) string { return scParam(r, name) })
	if bad != "" {
		sellercloudErrors{}.writeError(w, http.StatusBadRequest, bad)
		return
	}
	pageSize := s.served(page.Size)

	st := s.sellercloud()
	st.mu.Lock()
	var matched []*SellercloudCustomer
	for _, c := range st.customers {
		if f.match(c) {
			matched = append(matched, c)
		}
	}
	items := []map[string]any{}
	start := page.Offset / page.Size * pageSize // the page number, in pages of the size served
	for i := start; i < len(matched) && i < start+pageSize; i++ {
		items = append(items, scListItem(matched[i], st.columns))
	}
	st.mu.Unlock()
	writeJSON(w, http.StatusOK, scPage(items, len(matched)))
}

// scPage is the list's envelope: {"Items": [CustomerDto], "TotalResults": n}.
func scPage(items []map[string]any, total int) map[string]any {
	return map[string]any{"Items": items, "TotalResults": total}
}

// scPaging is pageNumber (default 1) and pageSize (default 10): API-NOTES 1.1.
var scPaging = paging{
	size:   number{"pageSize", 10, 1, anyCount, "pageSize must be a positive integer."},
	start:  number{"pageNumber", 1, 1, anyCount, "pageNumber must be a positive integer."},
	byPage: true,
}

// scParam is the last value of a list parameter as scQuery reads it.
func scParam(r *http.Request, name string) string {
	if v := scQuery(r, name); len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}

// scListItem is CustomerDto; its CustomColumns are the tenant's, with the
// customer's values, as in GET /Customers/{id}.
func scListItem(c *SellercloudCustomer, cols []SellercloudColumn) map[string]any {
	return map[string]any{
		"UserID":            c.ID,
		"Email":             c.Email,
		"FirstName":         c.FirstName,
		"LastName":          c.LastName,
		"EmailCC":           c.EmailCC,
		"Rating":            c.Rating,
		"CorporateName":     c.CorporateName,
		"IsWholeSaleUser":   c.IsWholesale,
		"IsWholesaleString": map[bool]string{true: "Yes", false: "No"}[c.IsWholesale],
		"CustomColumns":     scColumnsJSON(cols, c.CustomColumns),
	}
}
