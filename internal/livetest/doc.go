// Package livetest holds the live acceptance suite: the provider against a
// real tenant (or any server that speaks a platform's public API, such as the
// standalone bin/commerce-sandbox), configured only by the COMMERCE_*
// environment variables. Run it with `make testacc-live`; without credentials
// it skips and says what to set.
//
// It is safe on a real tenant. The lookups are read-only. Only when
// COMMERCE_ACC_CUSTOMER_ID names a Sellercloud customer does it adopt that
// customer, change its comments to a unique marker, and put the original
// comments back at the end, also when a step fails. It never creates or
// deletes a customer (destroying commerce_customer only forgets it).
//
// The suite lives outside internal/provider because that package's tests
// clear every COMMERCE_* variable.
package livetest
