package gateway

// PaymentView is everything the payer pages show of one payment: the payment object, its
// transactions (oldest first) and the store setting that shapes the page. The embedded engine and
// a remote gateway client both produce it, so the pages never know which one is behind them.
type PaymentView struct {
	Payment      Payment
	Transactions []Transaction
	// FrameAncestors are the origins the store allows to embed its pages (CSP frame-ancestors and
	// the targets of postMessage). Empty means the pages may only be framed by themselves.
	FrameAncestors []string
	// Page are the store's other page settings (support contact, brand, logo).
	Page PageSettings
	// Stale says the gateway did not answer in time and this is the last copy read: the page says
	// it is reconnecting.
	Stale bool
}

// DedicateView is everything the dedicated-address page shows: the address, the asset it takes,
// its store, and the payments it produced (newest first) with their transactions. Like PaymentView
// it comes from the embedded engine or a remote gateway alike.
type DedicateView struct {
	DedicateID     string
	DedicateType   string // USES or ASSIGN
	Status         string // OPEN, or COMPLETE once released
	StoreName      string
	IsTest         bool
	AssetID        string // the crypto the address receives
	CryptoNetwork  string
	Address        string
	Payments       []DedicatePayment // newest first, at most MaxDedicatePayments
	FrameAncestors []string
	Page           PageSettings
	Stale          bool // as PaymentView.Stale
	MerchantFields
}

// MaxDedicatePayments bounds the payments a dedicated-address page lists: the newest ones tell the
// payer whether a deposit arrived; the full history is the merchant's business.
const MaxDedicatePayments = 50

// DedicatePayment is one payment a dedicated address received, with its transactions (oldest first).
type DedicatePayment struct {
	Payment      Payment
	Transactions []Transaction
}

// Released reports whether the address takes no more payments.
func (v DedicateView) Released() bool { return v.Status != StatusOpen }
