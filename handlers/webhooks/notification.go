package webhooks

import (
	"encoding/json"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
)

// notification is what a webhook announces: the payment and/or dedicated address that changed.
type notification struct {
	PaymentID  string
	DedicateID string
	// StoreID is the store the body names (lower case), "" when it names none: its webhook secret
	// verifies the signature.
	StoreID string
}

// parseNotification reads the ids out of a webhook body: {"type","event","payment":{…}} as the
// seed shows, a "dedicate" object likewise, or a bare payment or dedicate object (the seed's
// dedicate example). Only UUIDs are taken: anything else cannot name one of our objects.
func parseNotification(body []byte) (notification, bool) {
	type ids struct {
		PaymentID  string `json:"payment_id"`
		DedicateID string `json:"dedicate_id"`
		StoreID    string `json:"store_id"`
	}
	var v struct {
		ids
		Payment  *ids `json:"payment"`
		Dedicate *ids `json:"dedicate"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return notification{}, false
	}
	var n notification
	for _, o := range []*ids{v.Payment, v.Dedicate, &v.ids} {
		if o == nil {
			continue
		}
		if n.PaymentID == "" && gateway.IsUUID(o.PaymentID) {
			n.PaymentID = o.PaymentID
		}
		if n.DedicateID == "" && gateway.IsUUID(o.DedicateID) {
			n.DedicateID = o.DedicateID
		}
		if n.StoreID == "" && gateway.IsUUID(o.StoreID) {
			n.StoreID = strings.ToLower(o.StoreID)
		}
	}
	return n, n.PaymentID != "" || n.DedicateID != ""
}
