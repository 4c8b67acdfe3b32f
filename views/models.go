package views

import "github.com/cryptocheckout/checkout/locales"

// Layout is what every page's frame needs.
type Layout struct {
	Lang, Dir string
	Title     string
	// Refresh makes the page reload itself every RefreshSeconds when scripts do not run, so a page
	// without JavaScript still follows the payment.
	Refresh bool
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
	StateLate           State = "late"            // money arrived after the payment was decided
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
	Pay         *PayPanel // nil when there is nothing to pay
	Progress    *Progress // nil before anything arrived
	Txs         TxList
	SuccessURL  string // http(s) only; empty otherwise
	CancelURL   string
	Test        *TestTools // nil for live stores
	Live        Live
}

// BackURL is where the payer returns to the store from this screen: success_url once paid,
// cancel_url once it expired, nowhere while paying.
func (m PaymentPage) BackURL() string {
	switch m.State {
	case StatePaid, StateConfirming:
		return m.SuccessURL
	case StateExpired, StateExpiredPartial:
		return m.CancelURL
	case StateLate:
		if m.Status == "COMPLETE" {
			return m.SuccessURL
		}
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
	Countdown  Countdown
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
	Confirmed   bool
	Late        bool
	ExplorerURL string // https only; empty otherwise
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
	Pay         *PayPanel // nil once released; Amount empty means any amount
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
	ExplorerURL string // https only; empty otherwise
	ShortHash   string
}
