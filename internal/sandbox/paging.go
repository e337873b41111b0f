package sandbox

import (
	"math"
	"net/http"
)

// number is a whole-number query parameter of a list: its name, its value
// when it is absent, its bounds, and the message of the 400 when it is out
// of them.
type number struct {
	name          string
	def, min, max int
	bad           string
}

// paging is how a platform's list reads the page it is asked for: a page
// size, and a start (an offset, or a page number from 1) or a cursor this
// sandbox issued over an offset.
type paging struct {
	size, start number
	byPage      bool   // start is a page number, not an offset
	cursor      string // the cursor parameter ("" when the list pages by start)
	badCursor   string // the message of the 400 for a cursor this sandbox did not issue
	cursorOf    string // the prefix of the cursors it issues (encodeCursor)
}

// anyCount is the bound of a number the API does not bound.
const anyCount = math.MaxInt32

// read reads the page a request asks for, get reading one parameter, or
// names the parameter that is wrong and says why.
func (p paging) read(get func(name string) string) (page ListRequest, param, msg string) {
	var ok bool
	if page.Size, ok = whole(get(p.size.name), p.size.def, p.size.min, p.size.max); !ok {
		return page, p.size.name, p.size.bad
	}
	if p.cursor != "" {
		if page.Cursor = get(p.cursor); page.Cursor != "" {
			if page.Offset, ok = decodeCursor(p.cursorOf, page.Cursor); !ok {
				return page, p.cursor, p.badCursor
			}
		}
		return page, "", ""
	}
	start, ok := whole(get(p.start.name), p.start.def, p.start.min, p.start.max)
	if !ok {
		return page, p.start.name, p.start.bad
	}
	page.Offset = start
	if p.byPage {
		page.Offset = (start - 1) * page.Size
	}
	return page, "", ""
}

// listRequest is what r asks for, as the kit's ListRequest reads it: the
// platform's paging, read with its parameter reader (the query's own when
// the kit has none).
func (k *Kit) listRequest(r *http.Request) ListRequest {
	get := queryOf(r).Get
	if k.param != nil {
		get = func(name string) string { return k.param(r, name) }
	}
	page, _, _ := k.paging.read(get)
	return page
}
