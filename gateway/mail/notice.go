// Package mail writes e-mails to payers and sends them: which notice a change of a payment or a
// dedicated address calls for, the RFC 5322 message of a notice (multipart text and HTML, the QR
// code and logo inline), SMTP delivery with STARTTLS or implicit TLS, and the sender that works
// off a persisted outbox with retries. The words and the HTML come from a Renderer (views), so
// this package knows no template and no language.
package mail

import (
	"context"
	"net/mail"
	"net/url"
	"path"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
)

// Kind is what an e-mail tells the payer.
type Kind string

// The e-mails a payer can get (issue "Emails to payers").
const (
	// KindDedicate: a dedicated address was made for the payer ("your deposit address").
	KindDedicate Kind = "dedicate"
	// KindReceipt: the payment is COMPLETE.
	KindReceipt Kind = "receipt"
	// KindPartial: part of a fixed amount arrived while the payment is still OPEN.
	KindPartial Kind = "partial"
	// KindExpiredPartial: the payment expired after only part of the amount arrived.
	KindExpiredPartial Kind = "expired_partial"
)

// Valid reports whether k is one of the kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindDedicate, KindReceipt, KindPartial, KindExpiredPartial:
		return true
	}
	return false
}

// Store is what an e-mail says of the store that sends it.
type Store struct {
	Name         string `json:"name"`
	IsTest       bool   `json:"is_test"`
	SupportEmail string `json:"support_email,omitempty"`
	SupportURL   string `json:"support_url,omitempty"`
	BrandColor   string `json:"brand_color,omitempty"` // "#1a6df2"; the house colour when empty
	// LogoHash names the store's logo kept by the engine (read through a LogoSource when the
	// message is composed, so the outbox keeps a name, not a copy per e-mail).
	LogoHash string `json:"logo_hash,omitempty"`
	// Logo is the store's logo (PNG, JPEG or GIF), sent inline; none when empty.
	Logo []byte `json:"-"`
}

// LogoSource reads a store's logo by its hash (the engine's store_logos).
type LogoSource interface {
	Logo(ctx context.Context, hash string) ([]byte, error)
}

// Notice is one e-mail to write: its kind, to whom, in which language, and a snapshot of the
// object it is about taken when the change happened. The message is made from the snapshot alone,
// so it says what was true at that moment however late it is sent.
type Notice struct {
	Kind       Kind                  `json:"kind"`
	To         string                `json:"to"`
	Name       string                `json:"name,omitempty"`
	Lang       string                `json:"lang,omitempty"`
	Store      Store                 `json:"store"`
	Payment    *gateway.Payment      `json:"payment,omitempty"`
	Txs        []gateway.Transaction `json:"txs,omitempty"`
	Dedicate   *gateway.Dedicate     `json:"dedicate,omitempty"`
	ReceiptURL string                `json:"receipt_url,omitempty"` // the printable receipt page, where there is one
	// CreatedAt is when the change happened (Unix seconds): the message's Date.
	CreatedAt int64 `json:"created_at"`
}

// ObjectID is the id of the payment or dedicated address the notice is about.
func (n Notice) ObjectID() string {
	if n.Dedicate != nil {
		return n.Dedicate.DedicateID
	}
	if n.Payment != nil {
		return n.Payment.PaymentID
	}
	return ""
}

// EventKey names the event a notice announces, the same on every replica and every retry: one
// e-mail per key. A partial payment is keyed by the amount received so far, so each new part gets
// its own e-mail and a repeated observation of the same part none.
func (n Notice) EventKey() string {
	key := string(n.Kind) + ":" + n.ObjectID()
	if n.Kind == KindPartial && n.Payment != nil {
		key += ":" + n.Payment.IPAmount.String()
	}
	return key
}

// PaymentKind is the e-mail a payment in state p calls for, if any: a receipt once COMPLETE, a
// partial notice while OPEN with part of a fixed amount received, an expiry notice once CANCEL
// after something arrived. It depends on the state alone, so the engine (at the change) and a
// replica (when it observes the change) decide alike.
func PaymentKind(p gateway.Payment) (Kind, bool) {
	received := p.IPAmount.IsPositive()
	switch {
	case p.Status == gateway.StatusComplete:
		return KindReceipt, true
	case p.Status == gateway.StatusOpen && p.PaymentType == gateway.FixedAmount && received && p.RemainAmount.IsPositive():
		return KindPartial, true
	case p.Status == gateway.StatusCancel && received:
		return KindExpiredPartial, true
	}
	return "", false
}

// Recipient reads a payer_email as an address to write to: a plain address, or the address of
// "Name <address>" (the API accepts both; the name shown is payer_name). Anything else (a list, a
// line break, a header of its own) is refused: the address goes into the envelope and the To
// header.
func Recipient(email string) (string, bool) {
	if a, ok := plainAddress(email); ok {
		return a, true
	}
	if strings.ContainsAny(email, "\r\n") {
		return "", false
	}
	parsed, err := mail.ParseAddress(email)
	if err != nil {
		return "", false
	}
	return plainAddress(parsed.Address)
}

func plainAddress(email string) (string, bool) {
	email = strings.TrimSpace(email)
	if email == "" || len(email) > 254 || strings.ContainsAny(email, "\r\n\t <>,;:\"()[]\\") {
		return "", false
	}
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" || domain == "" || strings.Contains(domain, "@") || !strings.Contains(domain, ".") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "", false
	}
	for _, r := range email {
		if r < 0x21 || r == 0x7f {
			return "", false
		}
	}
	return email, true
}

// HeaderText makes merchant or payer text safe for a header: line breaks and other control
// characters become spaces (so nothing can start a header of its own), runs of spaces one, and
// the result is cut to max runes. Encoding for non-ASCII is the mail library's.
func HeaderText(s string, max int) string {
	var b strings.Builder
	space := false
	n := 0
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			r = ' '
		}
		if r == ' ' {
			if space || b.Len() == 0 {
				continue
			}
			space = true
		} else {
			space = false
		}
		if n == max {
			break
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimRight(b.String(), " ")
}

// ReceiptURL is the printable receipt page of the payment page at paymentURL
// (/payment/{id}/receipt?code=…, beside the page), "" when paymentURL is no payment page.
func ReceiptURL(paymentURL string) string {
	u, err := url.Parse(paymentURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	dir, id := path.Split(u.Path)
	if !strings.HasSuffix(dir, "/payment/") || id == "" {
		return ""
	}
	u.Path += "/receipt"
	return u.String()
}
