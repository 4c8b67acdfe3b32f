package payer

import (
	"encoding/json"

	"github.com/cryptocheckout/checkout/views"
)

// paymentEvent is one message of the live stream: the whole state the page shows, already in the
// page's language, so a lost or merged event does no harm (the next one carries everything) and
// the script only places text.
type paymentEvent struct {
	State         string    `json:"state"`
	Status        string    `json:"status"`
	Headline      string    `json:"headline"`
	Detail        string    `json:"detail"`
	Note          string    `json:"note"`   // on a paid screen, money that arrived after it was paid
	Amount        string    `json:"amount"` // to send now; empty for open amounts and once nothing is due
	Fiat          string    `json:"fiat"`
	Total         string    `json:"total"`
	Received      string    `json:"received"`
	Remaining     string    `json:"remaining"`
	Confirmations string    `json:"confirmations"`
	QRURL         string    `json:"qr_url"`
	WalletURI     string    `json:"wallet_uri"`
	TxHeading     string    `json:"tx_heading"`
	Transactions  []txEvent `json:"transactions"`
	// A fiat payment's card panel: what remains, in its fiat currency (empty without one).
	CardPrice  string `json:"card_price,omitempty"`
	CardButton string `json:"card_button,omitempty"`
}

type txEvent struct {
	Amount      string `json:"amount"`
	Status      string `json:"status"`
	Confirmed   bool   `json:"confirmed"`
	Late        bool   `json:"late"`
	ExplorerURL string `json:"explorer_url"`
	ShortHash   string `json:"short_hash"`
	Emulated    bool   `json:"emulated,omitempty"`
	Date        string `json:"date,omitempty"`
	DateISO     string `json:"date_iso,omitempty"`
}

// eventOf projects the page's view model onto the event.
func eventOf(m views.PaymentPage) paymentEvent {
	e := paymentEvent{
		State: string(m.State), Status: m.Status, Headline: m.Headline, Detail: m.Detail, Note: m.Note,
		TxHeading: m.Txs.Heading, Transactions: make([]txEvent, 0, len(m.Txs.Rows)),
	}
	if p := m.Pay; p != nil {
		e.Amount, e.Fiat, e.QRURL, e.WalletURI = p.Amount, p.Fiat, p.QRURL, p.WalletURI
	}
	if c := m.Card; c != nil {
		e.CardPrice, e.CardButton = c.Price, c.Button
	}
	if p := m.Progress; p != nil {
		e.Total, e.Received, e.Remaining, e.Confirmations = p.Total, p.Received, p.Remaining, p.Confirmations
	}
	for _, r := range m.Txs.Rows {
		e.Transactions = append(e.Transactions, txEvent{
			Amount: r.Amount, Status: r.Status, Confirmed: r.Confirmed, Late: r.Late,
			ExplorerURL: r.ExplorerURL, ShortHash: r.ShortHash, Emulated: r.Emulated, Date: r.Date, DateISO: r.DateISO,
		})
	}
	return e
}

func encodeEvent(m views.PaymentPage) ([]byte, error) { return json.Marshal(eventOf(m)) }
