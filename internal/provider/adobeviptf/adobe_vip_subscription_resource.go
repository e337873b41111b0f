package adobeviptf

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/commercetf/terraform-provider-commerce/internal/adobevip"
	"github.com/commercetf/terraform-provider-commerce/internal/customers"
	"github.com/commercetf/terraform-provider-commerce/internal/httpclient"
	"github.com/commercetf/terraform-provider-commerce/internal/provider/tfkit"
)

// Subscriptions is what the Adobe VIP Marketplace client offers for a
// customer's subscriptions.
type Subscriptions interface {
	GetSubscription(ctx context.Context, customerID, subscriptionID string) (adobevip.Subscription, error)
	ListSubscriptions(ctx context.Context, customerID string) ([]adobevip.Subscription, error)
	UpdateAutoRenewal(ctx context.Context, customerID, subscriptionID string, current adobevip.Subscription, ch adobevip.AutoRenewalChange) (adobevip.Subscription, []string, error)
}

// Subscription is the commerce_adobe_vip_subscription resource: the
// managed-resource skeleton (tfkit.Managed) over a customer's existing
// subscriptions, named by customer_id and subscription_id, with their
// auto-renewal preferences as the managed fields
// (adobe_vip_subscription_fields.go) and Adobe's rules at plan time
// (adobe_vip_subscription_rules.go).
var Subscription = &tfkit.Managed[Subscriptions, subscription, adobevip.AutoRenewalChange]{
	Suffix:       "_adobe_vip_subscription",
	Doc:          subscriptionDescription,
	PersonalData: "each adopted subscription's ids, offer, quantities, dates, currency, status and auto-renewal preferences (no names, emails or addresses)",
	Platform:     &adobevip.Description,
	IDs: []tfkit.IDPart{
		tfkit.CustomerID(&adobevip.Description, "Id of the Adobe customer account the subscription belongs to (`customerId`): "+tfkit.DescribeCustomerID(&adobevip.Description)+". Changing it forgets this subscription and adopts the one named by the new ids."),
		{
			Attr: "subscription_id", What: "Adobe VIP Marketplace subscription id", Rule: subscriptionIDRule, Check: adobevip.CheckSubscriptionID,
			Doc: "Id of the existing subscription to manage (`subscriptionId`): " + subscriptionIDRule.Describe() + ". Changing it forgets this subscription and adopts the other one. Checked while planning.",
		},
	},
	Words:     tfkit.Words{Record: "subscription", Short: "Adobe", Rejects: "refused"},
	Fields:    subscriptionFields(),
	Endpoints: []tfkit.Endpoint[Subscriptions, subscription, adobevip.AutoRenewalChange]{{Name: "PATCH /v3/customers/{customer-id}/subscriptions/{subscription-id}", Send: patchSubscription}},
	// The update is built on the subscription as it is now: the client sends
	// only what differs from it.
	ReadBeforeSend: true,
	Read: func(ctx context.Context, c Subscriptions, id string) (subscription, error) {
		customerID, subscriptionID := splitSubscriptionID(id)
		s, err := c.GetSubscription(ctx, customerID, subscriptionID)
		return subscription{CustomerID: customerID, Subscription: s}, err
	},
	RecordID:    func(s *subscription) string { return s.id() },
	DisplayName: subscriptionDisplayName,
	CheckPlan:   checkSubscriptionRules,
	PlanUnknown: setByAdobe,
}

// subscriptionIDRule is what a subscription id looks like (resources.md: at
// most 40 characters; the examples are letters and digits).
// adobevip.CheckSubscriptionID checks it.
var subscriptionIDRule = customers.IDRule{Says: "1 to 40 letters and digits", Example: "8675309"}

// splitSubscriptionID splits the resource's id, "customer/subscription".
func splitSubscriptionID(id string) (customerID, subscriptionID string) {
	customerID, subscriptionID, _ = strings.Cut(id, "/")
	return customerID, subscriptionID
}

// patchSubscription is PATCH /v3/customers/{id}/subscriptions/{sid} (and,
// to remove the codes, its ?reset-flex-discount-codes=true form), built on
// have, the subscription as just read; Adobe answers with the subscription
// as stored. The target is the resource's ids, never one from an answer.
func patchSubscription(ctx context.Context, c Subscriptions, id string, have subscription, ch *adobevip.AutoRenewalChange) (subscription, bool, error) {
	customerID, subscriptionID := splitSubscriptionID(id)
	s, _, err := c.UpdateAutoRenewal(ctx, customerID, subscriptionID, have.Subscription, *ch)
	return subscription{CustomerID: customerID, Subscription: s}, true, err
}

// subscriptionDisplayName is how terraform query shows a subscription:
// "65304479CA01A12, 12 licences, active, renews 2026-10-01 (auto-renewal
// on, 12)".
func subscriptionDisplayName(s *subscription) string {
	renewal := "auto-renewal off"
	if s.AutoRenewal.Enabled {
		renewal = "auto-renewal on"
		if q := s.AutoRenewal.RenewalQuantity; q != nil {
			renewal += fmt.Sprintf(", %d", *q)
		}
	}
	when := ""
	if s.RenewalDate != "" {
		when = ", renews " + s.RenewalDate
	}
	return httpclient.Sanitize(fmt.Sprintf("%s, %d licences, %s%s (%s)", s.OfferID, s.CurrentQuantity,
		strings.TrimSuffix(adobevip.SubscriptionStatusText(s.Status), " ("+s.Status+")"), when, renewal))
}

// NewSubscriptionResource is the commerce_adobe_vip_subscription resource.
func NewSubscriptionResource() resource.Resource { return Subscription.NewResource() }

// NewSubscriptionListResource is its list resource: `list` blocks of
// `terraform query` (Terraform 1.14 and later) over one customer's
// subscriptions.
var NewSubscriptionListResource func() list.ListResource = Subscription.NewRecordListResource(subscriptionListDescription,
	func(ctx context.Context, c Subscriptions, customerID string) ([]subscription, error) {
		subs, err := c.ListSubscriptions(ctx, customerID)
		out := make([]subscription, len(subs))
		for i, s := range subs {
			out[i] = subscription{CustomerID: customerID, Subscription: s}
		}
		return out, err
	})

const subscriptionListDescription = "Lists one Adobe VIP Marketplace customer's subscriptions for `terraform query` (Terraform 1.14 and later), so that they can be brought under management by `commerce_adobe_vip_subscription`: `terraform query -generate-config-out=FILE` writes an `import` block (by identity: `customer_id` and `subscription_id`) and a `commerce_adobe_vip_subscription` block per subscription, which plan clean. Provider blocks with `platform = \"adobe_vip\"` only: another platform is an error before any request.\n\n" +
	"The subscriptions are read with `GET /v3/customers/{customer-id}/subscriptions`, every page, before the first result: each result carries the identity and a display name such as `65304479CA01A12, 12 licences, active, renews 2026-10-01 (auto-renewal on, 12)`, and with `include_resource = true` (implied by `-generate-config-out`) the whole resource object, with no further request. The block's `limit` (Terraform's default is 100) cuts the results. An unknown customer or a failing read fails the query with Adobe's error: never a partial list presented as complete.\n\n" +
	"A query writes nothing into the state; a subscription holds no personal data (no names, emails or addresses)."

const subscriptionDescription = `Manages the auto-renewal of an **existing** Adobe VIP Marketplace subscription through ` + "`PATCH /v3/customers/{customer-id}/subscriptions/{subscription-id}`" + ` (provider blocks with ` + "`platform = \"adobe_vip\"`" + `): whether it renews on its renewal date, with how many licences, and with which flexible discount code.

**Adopting, never ordering or cancelling.** Creating this resource adopts the subscription ` + "`subscription_id`" + ` of the customer ` + "`customer_id`" + `. The plan reads it (` + "`GET /v3/customers/{customer-id}/subscriptions/{subscription-id}`" + `), so it shows the current value of everything the configuration leaves out, and ids Adobe does not know are an error at plan time. A create plan cannot show a change from a value, so the plan also carries one warning listing each configured attribute whose value differs (current -> configured). The resource never creates a subscription (that is an order, with money attached) and never cancels one: turning ` + "`auto_renewal_enabled`" + ` off lets it lapse at its renewal date instead.

**Managed and unmanaged attributes.** ` + "`auto_renewal_enabled`" + `, ` + "`renewal_quantity`" + ` and ` + "`flex_discount_codes`" + ` are each managed only when set: a set one is sent when Adobe's value differs (including changes made outside Terraform); one left out shows Adobe's value and is never sent. Removing one from the configuration stops managing it, without a plan difference and without a request.

**What a change costs, and when.** Adobe applies the auto-renewal preferences on the **renewal date** (the customer's anniversary date): that day it places the renewal order for ` + "`renewal_quantity`" + ` licences at the prices of that day, with the flexible discount, and bills the reseller for it; a subscription whose auto-renewal is off becomes inactive (status ` + "`1004`" + `) that day. Nothing is ordered or billed when the preferences change. Turning auto-renewal on **without** ` + "`renewal_quantity`" + ` renews every licence the customer has (Adobe sets the renewal quantity to the current quantity: the plan shows it as known after apply); set ` + "`renewal_quantity`" + ` to renew fewer. A PATCH carries only what changes, and ` + "`enabled`" + ` only when it changes, so changing a code never resets the renewal quantity.

**Adobe's rules, checked at plan time.** A plan that would change a subscription Adobe refuses to change is an error naming the attribute, before anything is sent: a subscription that is not active (status ` + "`1000`" + `, or ` + "`1009`" + ` scheduled; Adobe's error 3119); a renewal date fewer than 3 days away, today, or past and not rolled over yet (Adobe takes preferences into a renewal only when set at least 3 days before it, and none while the renewal is under way; days count in UTC); a renewal quantity outside 1 to 10,000 (Adobe's limit for Team products; error 3116), or changed while auto-renewal stays off (Adobe ignores it then); more than one flexible discount code (error 2147), a code of more than 40 characters, or a code with auto-renewal off. A plan that changes nothing is never refused: an inactive subscription, or one about to renew, can be adopted and refreshed.

**Refresh, drift and removal.** A refresh is one ` + "`GET`" + ` per subscription. A subscription Adobe no longer knows (HTTP 404) is removed from the state with a warning.

**Requests.** A plan without changes sends no ` + "`PATCH`" + `. An update is one ` + "`GET`" + ` (the change is built on the subscription as it is now) and one ` + "`PATCH`" + `, which Adobe answers with the subscription as stored; removing the codes is a ` + "`PATCH ...?reset-flex-discount-codes=true`" + ` of its own, before the other changes. Adopting is one ` + "`GET`" + ` while planning and one more when Terraform plans again at apply, and the ` + "`PATCH`" + ` when a configured attribute differs. Each ` + "`PATCH`" + ` has its own ` + "`X-Correlation-Id`" + `, kept across retries whose outcome is unknown (a timeout, an answer that broke off, a ` + "`5xx`" + `), so Adobe answers with the original response instead of applying the change twice; an outcome still unknown after the retries is an error naming the correlation id, and the next plan reads the subscription again.

**Destroy** cannot cancel a subscription: it removes the resource from the state and leaves the subscription and its auto-renewal as they are. A plan that destroys it says so in one warning per subscription. To stop managing it without a destroy in the plan, replace the resource block with a ` + "`removed`" + ` block (Terraform 1.7 or later).

**Import** by ` + "`customer_id/subscription_id`" + `, with ` + "`terraform import`" + `, an ` + "`import {}`" + ` block with ` + "`id`" + `, or (Terraform 1.12 and later, OpenTofu 1.12 and later) one with ` + "`identity = { customer_id = \"1006374000\", subscription_id = \"8675309\" }`" + `; ` + "`terraform query`" + ` (Terraform 1.14 and later) lists a customer's subscriptions with the ` + "`commerce_adobe_vip_subscription`" + ` list resource, and the ` + "`commerce_adobe_vip_subscriptions`" + ` data source reads them all. ` + "`terraform plan -generate-config-out=...`" + ` writes the auto-renewal attributes with their current values and plans clean.`
