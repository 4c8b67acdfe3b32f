package views

import "github.com/cryptocheckout/checkout/locales"

// Layout is what every page's frame needs.
type Layout struct {
	Lang, Dir string
	Title     string
	// Refresh makes the page reload itself every RefreshSeconds when scripts do not run, so a page
	// without JavaScript still follows the payment.
	Refresh bool
	// RefreshURL is where that refresh goes, when not to the same URL (a dedicated address's page
	// keeps the moment it was opened in its URL).
	RefreshURL string
	// BrandCSS is the URL of the store's brand colours (a stylesheet of this origin); empty for
	// the house colours.
	BrandCSS string
	// Reconnecting, when set, is the notice that the page shows the last known state because the
	// gateway does not answer; such a page reloads itself every RefreshSeconds, scripts or not.
	Reconnecting string
	// RetrySeconds, when positive, makes the page reload itself after that long, scripts or not
	// (the "temporarily unavailable" page tries again by itself).
	RetrySeconds int
}

// RefreshSeconds is how often a page without JavaScript reloads itself.
const RefreshSeconds = 15

// State is the screen a payment page shows.
type State string

// The screens of a payment page (SPEC "The payer pages").
const (
	StateWaiting        State = "waiting"         // nothing received yet
	StatePartial        State = "partial"         // part of a fixed amount received, time left
	StateConfirming     State = "confirming"      // enough received, waiting for confirmations
	StatePaid           State = "paid"            // complete
	StateExpired        State = "expired"         // cancelled at end_date, nothing received
	StateExpiredPartial State = "expired_partial" // cancelled at end_date after a partial payment
	StateLate           State = "late"            // cancelled, then the full amount arrived late
	StateLatePartial    State = "late_partial"    // cancelled, then part of the amount arrived late
)

// Payable reports whether the payer still has something to send on this screen.
func (s State) Payable() bool { return s == StateWaiting || s == StatePartial }

// PaymentPage is the payment page.
type PaymentPage struct {
	Layout      Layout
	PaymentID   string
	Number      string // payment_num
	State       State
	Status      string // the gateway's status (OPEN, CLOSING…), for scripts and embedding parents
	OpenAmount  bool
	Store       string
	Description string
	Payer       string
	IsTest      bool
	Headline    string
	Detail      string
	// Note is a calm second word on a decided screen: money that arrived after the payment was
	// paid. Empty when there is none.
	Note       string
	Contact    *Contact   // the store's support, on screens that send the payer to the store
	Logo       string     // URL of the store's logo on this origin; empty for none
	Card       *CardPanel // a fiat payment's "pay by card", shown first; nil otherwise
	Pay        *PayPanel  // nil when there is nothing to pay
	Progress   *Progress  // nil before anything arrived
	Receipt    *Receipt   // on the paid screen
	Txs        TxList
	SuccessURL string // http(s) only; empty otherwise
	CancelURL  string
	Test       *TestTools // nil for live stores
	Live       Live
}

// BackURL is where the payer returns to the store from this screen: success_url once paid,
// cancel_url once it expired, nowhere while paying.
func (m PaymentPage) BackURL() string {
	switch m.State {
	case StatePaid, StateConfirming:
		return m.SuccessURL
	case StateExpired, StateExpiredPartial, StateLate, StateLatePartial:
		return m.CancelURL
	}
	return ""
}

// PayPanel is what the payer needs to pay: amount, network, address, QR code, deadline.
type PayPanel struct {
	Amount     string // what to send now; empty for open amounts
	Currency   string // "BTC", "USDT"
	AssetLabel string // "USDT (TRC-20)": the token and its standard, or the coin
	Network    string // "TRON"
	Fiat       string // "About 100.00 USD"; empty when the price is not in fiat
	Address    string
	QRURL      string
	WalletURI  string // empty when the network has no wallet URI scheme (TRON)
	QRAlt      string // what the QR code holds, in words
	// Quote is the link's own price next to the converted amount ("≈ 200 USDT") when a
	// dedicated-address link asked in another asset; empty otherwise.
	Quote     string
	Guidance  []string // advice that prevents lost money: exchange fees, the token's fee coin
	Rate      string   // "1 BTC = 96,412.35 USD, fixed until …"; empty when not priced in fiat
	Countdown Countdown
}

// Contact is how the payer reaches the store's support.
type Contact struct {
	Label    string // "Contact Alice's shop:"
	Email    string // support e-mail, shown as a mailto: link; empty for none
	URL      string // support page, https or http; empty for none
	URLLabel string // the URL as shown: host and path
}

// Receipt is the paid screen's proof of payment, and the printable receipt page's content.
type Receipt struct {
	Fiat      string // "100.00 USD": the price in the store's money; empty when priced in crypto
	Paid      string // "0.00103721 BTC": what arrived in time
	PaidAt    string // "2 Mar 2026, 14:05 UTC"; the script rewrites it in the payer's zone
	PaidAtISO string
	Rate      string // "1 BTC = 96,412.35 USD"; empty when priced in crypto
	Number    string
	ID        string
	URL       string // the printable receipt page
}

// Countdown is the time left to pay. Scripts keep Text current with the plural forms.
type Countdown struct {
	EndISO  string // RFC 3339
	EndUnix int64
	Text    string // "14 minutes left"
	Forms   []locales.PluralForm
	Seconds []locales.PluralForm // "42 seconds left", in the last minute
	Over    string               // "Time is up"
	// The deadline as a sentence: DeadlineBefore, the time (in UTC, laid out for the language; the
	// script rewrites it in the payer's zone), DeadlineAfter. "Pay by " + "2 Mar 2026, 14:05 UTC" + "".
	DeadlineBefore, DeadlineText, DeadlineAfter string
}

// Progress is what arrived so far.
type Progress struct {
	Total         string // "0.003 BTC"; empty for open amounts
	Received      string
	Remaining     string // empty when nothing remains or for open amounts
	Confirmations string // "2 of 6 confirmations" while confirming, else empty
}

// TxList lists the payment's transactions.
type TxList struct {
	Heading string // "2 transactions"
	Rows    []TxRow
}

// TxRow is one transaction.
type TxRow struct {
	Hash        string
	ShortHash   string
	Amount      string // "0.001 BTC"
	Status      string // "2 of 6 confirmations", "Confirmed" or "Arrived late"
	DateISO     string // when it arrived, RFC 3339
	Date        string // "2 Mar 2026, 14:05 UTC"; the script rewrites it in the payer's zone
	Confirmed   bool
	Late        bool
	ExplorerURL string // https only; empty otherwise
	// Emulated marks a test store's made-up transaction: its hash is shown, never linked to a
	// live explorer.
	Emulated bool
}

// TestTools are a test store's buttons.
type TestTools struct {
	Buttons []TestButton
}

// TestButton posts one test action.
type TestButton struct {
	Action string
	Label  string
	URL    string
}

// Live is what the page's script needs to follow the payment.
type Live struct {
	EventsURL string // Server-Sent Events stream
	PageURL   string // this page, to fetch a new screen when the state changes
	Origins   string // space-separated origins of embedding parents to tell of changes
	// The screen a payable page turns into at end_date, and its texts: the script shows them at the
	// deadline without waiting for the gateway to cancel.
	ExpiredState, ExpiredHeadline, ExpiredDetail string
}

// ErrorPage is a friendly error page.
type ErrorPage struct {
	Layout Layout
	Status int
	Title  string
	Detail string
	Retry  string // "this page tries again by itself", when it does
}

// LanguagePicker lets the payer read the page in another language: one link per language, each
// named in its own language, to this same page.
type LanguagePicker struct {
	Label   string // "Language", in the page's language
	Current string // the page's language, named in itself
	Links   []LanguageLink
}

// LanguageLink is one language of the picker.
type LanguageLink struct {
	Code    string // "fa": the link's lang and hreflang
	Name    string // "فارسی"
	Dir     string // the name's own direction
	URL     string
	Current bool
}

// DedicateState is the screen of a dedicated-address page.
type DedicateState string

// The screens of a dedicated-address page.
const (
	DedicateOpen     DedicateState = "open"     // the address takes payments
	DedicateReceived DedicateState = "received" // the link's amount arrived: nothing more to send
	DedicateReleased DedicateState = "released" // released: do not send
)

// DedicatePage is the page of a dedicated address: where a client deposits, as often as they like.
type DedicatePage struct {
	Layout      Layout
	DedicateID  string
	State       DedicateState
	Store       string
	Description string
	IsTest      bool
	Headline    string
	Detail      string
	Notice      string    // a problem with the link's amount, shown small; empty when none
	Logo        string    // URL of the store's logo on this origin; empty for none
	Contact     *Contact  // the store's support, when the page sends the payer to the store
	Pay         *PayPanel // nil once released or once the asked amount arrived; Amount empty means any amount
	Payments    DedicatePayments
	Test        *TestTools // nil for live stores
	Live        Live
	// Version changes whenever what the page shows of the address changes; the live stream sends
	// it and the script fetches the page again when it differs.
	Version string
}

// DedicatePayments lists the payments received on the address, newest first.
type DedicatePayments struct {
	Heading string // "2 payments received"
	Rows    []DedicatePaymentRow
}

// DedicatePaymentRow is one payment received on the address.
type DedicatePaymentRow struct {
	Number      string // payment_num
	DateISO     string // start_date, RFC 3339
	Date        string // "1 May 2024, 14:06 UTC", laid out for the language
	Amount      string // "0.001 BTC"
	Status      string // "2 of 6 confirmations", "Confirmed"
	Confirmed   bool
	ExplorerURL string // https only; empty otherwise (and always for a test store)
	ShortHash   string
}

// ReceiptPage is the printable receipt of a paid payment.
type ReceiptPage struct {
	Layout      Layout
	Store       string
	Logo        string
	Description string
	Payer       string
	IsTest      bool
	Status      string // "Paid", or what the payment came to instead
	Paid        bool
	Receipt     Receipt
	Total       string // payment_amount in crypto
	Txs         TxList
	Contact     *Contact
	PageURL     string // back to the payment page
}
