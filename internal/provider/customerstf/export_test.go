package customerstf

// ItemFields are the fields of a commerce_customers item, for the external
// tests.
func ItemFields() []string {
	out := make([]string, len(customerItemFields))
	for i, f := range customerItemFields {
		out[i] = f.name
	}
	return out
}
