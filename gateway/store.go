package gateway

// Store is a merchant's store with its settings (the seed's "merchant interface").
type Store struct {
	StoreID       string
	OwnerID       string
	Name          string
	IsTest        bool
	Currency      string // store currency, a fiat asset id
	APIKey        string
	WebhookURL    string
	WebhookSecret string
	// Markups by crypto asset id.
	Markups map[string]Markup
	// Underpayment tolerance: percent of payment_amount and/or an amount in the store currency.
	UnderpayPercent *Amount
	UnderpayAmount  *Amount
	// FrameAncestors are the origins allowed to embed the payer pages (CSP frame-ancestors).
	FrameAncestors []string
	// RequireTOTP makes withdrawals ask for a TOTP code.
	RequireTOTP bool
	// Page is how the store's payer pages present it (StoreByID fills it).
	Page PageSettings
}
