package sandbox

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// adobeStatuses are the list's accepted status values (API-NOTES 2.6).
var adobeStatuses = []string{"1000", "1002", "1004", "1026"}

// adobeList is GET /v3/resellers/{reseller_id}/customers: offset/limit
// (default 0/20, limit 1..50), status (default 1000), company-name with *
// wildcards, created-date range by day, sort-by creationDate|companyName,
// order-by asc|desc (default desc); sparse items under "accounts" (or
// "customers" after SetAdobeListKey).
func (s *Server) adobeList(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("reseller") != DefaultResellerID {
		writeAdobeError(w, http.StatusNotFound, "1115", "Invalid Reseller ID")
		return
	}
	q := queryOf(r)
	bad := func(param, msg string) {
		writeAdobeError(w, http.StatusBadRequest, "1117", "Some Fields are Invalid: "+msg, param)
	}
	status := q.Get("status")
	if status == "" {
		status = "1000"
	}
	if !slices.Contains(adobeStatuses, status) {
		bad("status", "status must be one of "+strings.Join(adobeStatuses, ", "))
		return
	}
	var nameRe *regexp.Regexp
	if v := q.Get("company-name"); v != "" {
		parts := strings.Split(v, "*")
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		nameRe = regexp.MustCompile("(?i)^" + strings.Join(parts, ".*") + "$")
	}
	// The date filters are whole UTC days: [from 00:00, the day after to 00:00).
	var from, until time.Time
	for _, d := range []struct {
		param string
		dst   *time.Time
		days  int
	}{{"from-created-date", &from, 0}, {"to-created-date", &until, 1}} {
		if v := q.Get(d.param); v != "" {
			day, err := time.Parse("2006-01-02", v)
			if err != nil {
				bad(d.param, d.param+" must be a date (YYYY-MM-DD)")
				return
			}
			*d.dst = day.AddDate(0, 0, d.days)
		}
	}
	page, param, msg := adobePaging.read(q.Get)
	if msg != "" {
		bad(param, msg)
		return
	}
	sortBy, order := q.Get("sort-by"), q.Get("order-by")
	if sortBy == "" {
		sortBy = "creationDate"
	}
	if order == "" {
		order = "desc"
	}
	if sortBy != "creationDate" && sortBy != "companyName" {
		bad("sort-by", "sort-by must be creationDate or companyName")
		return
	}
	if order != "asc" && order != "desc" {
		bad("order-by", "order-by must be asc or desc")
		return
	}
	served := s.served(page.Size)

	st := s.adobe()
	st.mu.Lock()
	ordered := st.ordered(sortBy)
	total := 0
	items := []map[string]any{}
	for i := range ordered {
		c := ordered[i]
		if order == "desc" {
			c = ordered[len(ordered)-1-i]
		}
		if c.Status != status || (nameRe != nil && !nameRe.MatchString(c.CompanyName)) ||
			(!from.IsZero() && c.CreationDate.Before(from)) || (!until.IsZero() && !c.CreationDate.Before(until)) {
			continue
		}
		if total >= page.Offset && total < page.Offset+served {
			items = append(items, adobeListItem(c))
		}
		total++
	}
	key := st.listKey
	st.mu.Unlock()
	writeJSON(w, http.StatusOK, adobePage(items, total, page, key))
}

// adobePage is the list's envelope, the array under key.
func adobePage(items []map[string]any, total int, page ListRequest, key string) map[string]any {
	return map[string]any{"totalCount": total, "count": len(items), "offset": page.Offset, "limit": page.Size, key: items}
}

// adobePaging is offset (default 0) and limit (default 20, 1..50).
var adobePaging = paging{
	size:  number{"limit", 20, 1, 50, "limit must be between 1 and 50"},
	start: number{"offset", 0, 0, anyCount, "offset must be a non-negative integer"},
}

// adobeListItem is the sparse list item documented since 2025-10.
func adobeListItem(c *AdobeCustomer) map[string]any {
	return map[string]any{
		"externalReferenceId": c.ExternalReferenceID,
		"customerId":          c.CustomerID,
		"resellerId":          c.ResellerID,
		"status":              c.Status,
		"companyProfile":      map[string]any{"companyName": c.CompanyName},
		"creationDate":        c.CreationDate.UTC().Format(time.RFC3339),
		"links":               adobeLinks(c),
	}
}

func adobeLinks(c *AdobeCustomer) map[string]any {
	return map[string]any{"self": map[string]any{"uri": "/v3/customers/" + c.CustomerID, "method": "GET", "headers": []any{}}}
}
