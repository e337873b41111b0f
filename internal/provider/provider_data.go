package provider

import (
	"fmt"
	"regexp"
	"sort"

	"github.com/commercetf/terraform-provider-commerce/internal/sellercloud"
)

// maxPageSize is the schema's upper bound for page_size; each platform then
// checks its own maximum.
const maxPageSize = 1000

var positiveInt = regexp.MustCompile(`^[1-9][0-9]*$`)

// configuredClient checks the provider data handed to a data source or
// resource. Nil means the provider is not configured yet (validation runs).
func configuredClient(data any, diags *diagList) *clientData {
	if data == nil {
		return nil
	}
	c, ok := data.(*clientData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *clientData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return c
}

func channelNames() []string {
	names := make([]string, 0, len(sellercloud.Channels))
	for n := range sellercloud.Channels {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
