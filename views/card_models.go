package views

// CardPanel is a fiat payment's first option: pay by card through an on-ramp provider, which
// buys the crypto and sends it to the payment's address.
type CardPanel struct {
	Provider  string // "MoonPay"
	Price     string // "€100.25": what remains to pay, in the payment's fiat currency
	Button    string // "Pay €100.25 by card"
	ActionURL string // the form's target (POST with the page's code)
	Test      bool   // a test store: the emulated provider, no real card is charged
}

// OnrampTestPage is the emulated provider of test stores: a card form that takes only test card
// numbers and then sends the crypto as an emulated transaction.
type OnrampTestPage struct {
	Layout    Layout
	Provider  string
	Store     string
	Price     string // "100.25 EUR"
	Crypto    string // "0.0312 ETH": what the emulated provider delivers
	Address   string
	ActionURL string
	BackURL   string // the payment page
	Error     string // a declined card or a number that is not a test card
	Cards     []TestCard
}

// TestCard is a test card number the emulated provider knows.
type TestCard struct {
	Number string // "4242 4242 4242 4242"
	Result string // what it does: "Approved", "Declined"
}

// OnrampFramePage shows a provider's widget in a frame of our own page (Wert), so that no
// provider script runs on the payment page.
type OnrampFramePage struct {
	Layout    Layout
	Provider  string
	WidgetURL string
	BackURL   string
}
