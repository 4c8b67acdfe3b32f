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
}

// DedicateView is what the dedicated-address page will show: the address, the asset it takes and
// the payments it produced. The page itself comes with dedicated addresses; the type is declared
// now so the payer pages' one gateway interface is complete.
type DedicateView struct {
	DedicateID     string
	DedicateType   string
	Status         string
	StoreName      string
	IsTest         bool
	AssetID        string // the crypto the address receives
	CryptoNetwork  string
	Address        string
	Payments       []Payment // payments made to the address, newest first
	FrameAncestors []string
	MerchantFields
}
