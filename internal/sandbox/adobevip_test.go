package sandbox

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// adobeCall sends one request to the fake Adobe API with a valid API key
// and token; corr is the X-Correlation-Id ("" leaves it out).
func adobeCall(t *testing.T, method, u, corr, body string) (int, map[string]any) {
	t.Helper()
	header := []string{"Authorization", "Bearer " + DefaultToken, "X-Api-Key", DefaultAPIKey}
	if corr != "" {
		header = append(header, "X-Correlation-Id", corr)
	}
	return send(t, method, u, body, header...)
}

func imsForm(t *testing.T, u string, form url.Values) (int, map[string]any) {
	t.Helper()
	resp, err := http.PostForm(u+AdobeIMSRoot+"/ims/token/v3", form)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

// TestAdobeIMS_clientCredentials: a right client id and secret get a bearer
// token living TokenTTL that the API accepts with the client id as API key;
// a wrong secret, another grant or an unknown scope is a 400 in OAuth's
// shape; ExpireTokens ends the issued tokens.
func TestAdobeIMS_clientCredentials(t *testing.T) {
	sb := New(Options{Customers: 2, TokenTTL: 90 * time.Second})
	u, stop := sb.Start()
	defer stop()
	good := url.Values{"grant_type": {"client_credentials"}, "client_id": {DefaultClientID},
		"client_secret": {DefaultClientSecret}, "scope": {"openid,AdobeID,ent_partners_sdk"}}
	status, tok := imsForm(t, u, good)
	require.Equal(t, 200, status, tok)
	assert.Equal(t, "bearer", tok["token_type"])
	assert.EqualValues(t, 90, tok["expires_in"])

	get := func() int {
		req, _ := http.NewRequest("GET", u+AdobeVIPRoot+"/v3/customers/1006374000", nil)
		req.Header.Set("Authorization", "Bearer "+tok["access_token"].(string))
		req.Header.Set("X-Api-Key", DefaultClientID)
		req.Header.Set("X-Correlation-Id", randomHex(8))
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, 200, get())
	sb.ExpireTokens()
	assert.Equal(t, 401, get())

	for name, change := range map[string][2]string{
		"wrong secret": {"client_secret", "nope"}, "unknown client": {"client_id", "nope"},
		"password grant": {"grant_type", "password"}, "unknown scope": {"scope", "ent_partners_sdk,admin"},
	} {
		f := url.Values{}
		for k, v := range good {
			f[k] = v
		}
		f.Set(change[0], change[1])
		status, body := imsForm(t, u, f)
		assert.Equal(t, 400, status, name)
		assert.NotEmpty(t, body["error"], name)
		assert.NotEmpty(t, body["error_description"], name)
	}
}

const patchBase = `{"companyProfile": {"companyName": %q, "preferredLanguage": "en-US",
  "address": {"country": "US", "region": %q, "city": "Albany", "addressLine1": "1 Main St", "postalCode": "12207", "phoneNumber": ""}%s}%s}`

// TestAdobePatch_rulesAndCodes: each documented rule answers 400 with its
// code and the fields named, and changes nothing.
func TestAdobePatch_rulesAndCodes(t *testing.T) {
	sb := New(Options{Customers: 10})
	u, stop := sb.Start()
	defer stop()
	c, _ := sb.AdobeCustomer("1006374001")
	k := c.Contacts[0]
	path := u + AdobeVIPRoot + "/v3/customers/" + c.CustomerID
	body := func(profileExtra, topExtra string) string {
		return fmt.Sprintf(patchBase, c.CompanyName, c.Region, profileExtra, topExtra)
	}
	contact := func(first, last, email string) string {
		return fmt.Sprintf(`, "contacts": [{"firstName": %q, "lastName": %q, "email": %q}]`, first, last, email)
	}
	cases := []struct {
		name, body, code string
		fields           []string
	}{
		{"unexpected field", body("", `, "nickname": "x"`), "1121", []string{"nickname"}},
		{"read-only field", body("", `, "status": "1004"`), "1119", []string{"status"}},
		{"missing profile", `{"externalReferenceId": "x"}`, "1122", []string{"companyProfile"}},
		{"missing address line", strings.Replace(body("", ""), `"addressLine1": "1 Main St", `, "", 1), "1122", []string{"companyProfile.address.addressLine1"}},
		{"no contacts", body(`, "contacts": []`, ""), "1122", []string{"companyProfile.contacts"}},
		{"reference too long", body("", `, "externalReferenceId": "`+strings.Repeat("x", 36)+`"`), "1117", []string{"externalReferenceId"}},
		{"bad email", body(contact("A", "B", "not-an-email"), ""), "1117", []string{"companyProfile.contacts[0].email"}},
		{"bad address", strings.Replace(body("", ""), `"city": "Albany"`, `"city": "<script>"`, 1), "1118", []string{"companyProfile.address.city"}},
		{"company name changed", fmt.Sprintf(patchBase, "Renamed Inc", c.Region, "", ""), "1119", []string{"companyProfile.companyName"}},
		{"region changed", fmt.Sprintf(patchBase, c.CompanyName, "ZZ", "", ""), "1119", []string{"companyProfile.address.region"}},
		{"contact renamed", body(contact("Someone", k.LastName, k.Email), ""), "1119", []string{"companyProfile.contacts[0].firstName"}},
	}
	for i, tc := range cases {
		status, got := adobeCall(t, "PATCH", path, fmt.Sprintf("case-%d", i), tc.body)
		assert.Equal(t, 400, status, tc.name)
		assert.Equal(t, tc.code, got["code"], tc.name)
		assert.ElementsMatch(t, tc.fields, got["additionalDetails"], tc.name)
	}
	after, _ := sb.AdobeCustomer(c.CustomerID)
	assert.Equal(t, c, after, "refused PATCHes change nothing")

	// Pending and blocked accounts cannot be updated (1125).
	for _, st := range []string{"1002", "1012"} {
		sb.ChangeAdobeCustomer(c.CustomerID, func(a *AdobeCustomer) { a.Status = st })
		status, got := adobeCall(t, "PATCH", path, "status-"+st, body("", ""))
		assert.Equal(t, 400, status)
		assert.Equal(t, "1125", got["code"])
	}
	sb.ChangeAdobeCustomer(c.CustomerID, func(a *AdobeCustomer) { a.Status = "1000"; a.ActiveSubscriptions = true })
	status, got := adobeCall(t, "PATCH", path, "segment", body(`, "marketSegment": "EDU"`, ""))
	assert.Equal(t, 400, status)
	assert.Equal(t, "2135", got["code"])
}

// TestAdobePatch_storesReplaysAndAgrees: a PATCH stores its values, GET and
// the list show them, the same X-Correlation-Id gets the original answer
// without applying again, a missing one is 400 4119; every contact of a
// PATCH gets the welcome email and a removed one stays an admin.
func TestAdobePatch_storesReplaysAndAgrees(t *testing.T) {
	sb := New(Options{Customers: 3})
	u, stop := sb.Start()
	defer stop()
	c, _ := sb.AdobeCustomer("1006374002")
	path := u + AdobeVIPRoot + "/v3/customers/" + c.CustomerID
	patch := fmt.Sprintf(patchBase, c.CompanyName, c.Region,
		`, "contacts": [{"firstName": "Ada", "lastName": "Byron", "email": "ada@example.com", "phoneNumber": "+1 555 0100"}]`,
		`, "externalReferenceId": "ERP-42", "globalSalesEnabled": true`)

	status, _ := adobeCall(t, "PATCH", path, "", patch)
	assert.Equal(t, 400, status, "no correlation id")
	status, first := adobeCall(t, "PATCH", path, "intent-1", patch)
	require.Equal(t, 200, status, first)
	assert.Equal(t, "ERP-42", first["externalReferenceId"])
	assert.Equal(t, true, first["globalSalesEnabled"])

	sb.ChangeAdobeCustomer(c.CustomerID, func(a *AdobeCustomer) { a.ExternalReferenceID = "changed since" })
	status, replay := adobeCall(t, "PATCH", path, "intent-1", patch)
	assert.Equal(t, 200, status)
	assert.Equal(t, first, replay, "the same correlation id replays the original answer")
	stored, _ := sb.AdobeCustomer(c.CustomerID)
	assert.Equal(t, "changed since", stored.ExternalReferenceID, "a replay applies nothing")
	assert.Equal(t, []string{"ada@example.com"}, stored.WelcomeEmails)
	assert.Equal(t, []string{c.Contacts[0].Email, "ada@example.com"}, stored.Admins, "the removed contact stays an admin")

	_, got := adobeCall(t, "GET", path, "read-1", "")
	profile := got["companyProfile"].(map[string]any)
	assert.Equal(t, "Albany", profile["address"].(map[string]any)["city"])
	assert.Equal(t, "ada@example.com", profile["contacts"].([]any)[0].(map[string]any)["email"])
	_, list := adobeCall(t, "GET", u+AdobeVIPRoot+"/v3/resellers/"+DefaultResellerID+"/customers?limit=50", "list-1", "")
	found := false
	for _, item := range list["accounts"].([]any) {
		if m := item.(map[string]any); m["customerId"] == c.CustomerID {
			found = true
			assert.Equal(t, "changed since", m["externalReferenceId"])
		}
	}
	assert.True(t, found, "the list has the patched customer")
}

// TestAdobeList_orderFiltersAndChanges: every page of a list is the stored
// accounts filtered and in the documented order (the customer id breaking
// ties), walked page by page; a change made since (a rename, a removal) shows
// in the next list, so the order kept between lists follows the store.
func TestAdobeList_orderFiltersAndChanges(t *testing.T) {
	sb := New(Options{Customers: 300})
	u, stop := sb.Start()
	defer stop()
	list := func(query string) (ids []string, total int) {
		t.Helper()
		for offset := 0; ; offset += 50 {
			status, page := adobeCall(t, "GET", fmt.Sprintf("%s%s/v3/resellers/%s/customers?limit=50&offset=%d&%s",
				u, AdobeVIPRoot, DefaultResellerID, offset, query), randomHex(8), "")
			require.Equal(t, 200, status, page)
			total = int(page["totalCount"].(float64))
			items := page["accounts"].([]any)
			for _, item := range items {
				ids = append(ids, item.(map[string]any)["customerId"].(string))
			}
			if len(items) < 50 {
				return ids, total
			}
		}
	}
	// want is the ascending order by key, the customer id breaking ties; a
	// descending list is its exact reverse.
	want := func(keep func(AdobeCustomer) bool, key func(a, b AdobeCustomer) int) []string {
		var out []AdobeCustomer
		for _, c := range sb.AdobeCustomers() {
			if keep(c) {
				out = append(out, c)
			}
		}
		slices.SortFunc(out, func(a, b AdobeCustomer) int {
			return cmp.Or(key(a, b), strings.Compare(a.CustomerID, b.CustomerID))
		})
		ids := make([]string, len(out))
		for i, c := range out {
			ids[i] = c.CustomerID
		}
		return ids
	}
	reversed := func(ids []string) []string { slices.Reverse(ids); return ids }
	active := func(c AdobeCustomer) bool { return c.Status == "1000" }
	byName := func(a, b AdobeCustomer) int {
		return strings.Compare(strings.ToLower(a.CompanyName), strings.ToLower(b.CompanyName))
	}
	byDate := func(a, b AdobeCustomer) int { return a.CreationDate.Compare(b.CreationDate) }

	ids, total := list("")
	assert.Equal(t, reversed(want(active, byDate)), ids, "default: active accounts, creationDate desc")
	assert.Equal(t, len(ids), total)
	assert.Less(t, total, 300, "pending and inactive accounts are left out")

	ids, _ = list("sort-by=companyName&order-by=asc")
	assert.Equal(t, want(active, byName), ids)

	pendingIn2022 := func(c AdobeCustomer) bool {
		day := c.CreationDate.UTC().Format("2006-01-02")
		return c.Status == "1002" && day >= "2022-01-01" && day <= "2022-12-31"
	}
	ids, total = list("status=1002&from-created-date=2022-01-01&to-created-date=2022-12-31")
	require.NotEmpty(t, ids, "the seed has pending accounts created in 2022")
	assert.Equal(t, reversed(want(pendingIn2022, byDate)), ids)
	assert.Equal(t, len(ids), total)

	names := want(active, byName)
	first, last := names[0], names[len(names)-1]
	require.True(t, sb.ChangeAdobeCustomer(last, func(c *AdobeCustomer) { c.CompanyName = "aaa renamed first" }))
	sb.RemoveAdobeCustomer(first)
	ids, total = list("sort-by=companyName&order-by=asc")
	assert.Equal(t, want(active, byName), ids)
	assert.Equal(t, last, ids[0], "the renamed account sorts first")
	assert.NotContains(t, ids, first, "the removed account is gone")
	assert.Equal(t, len(ids), total)
}
