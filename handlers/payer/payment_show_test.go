package payer

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/cryptocheckout/checkout/gateway"
)

// Every screen of the payment page, reached through the real engine.
func TestPaymentPageStates(t *testing.T) {
	type check func(t *testing.T, doc *goquery.Document, p gateway.Payment)
	tests := []struct {
		name     string
		setup    func(e *testEnv) gateway.Payment // returns the payment as it is now
		state    string
		headline string
		shown    []string
		absent   []string
		check    check
	}{
		{
			name:     "waiting",
			setup:    func(e *testEnv) gateway.Payment { return e.payment(e.test, "BTC") },
			state:    "waiting",
			headline: "Waiting for your payment",
			shown:    []string{"test-banner", "store-name", "description", "payer-name", "pay", "pay-amount", "fiat", "network-warning", "pay-address", "qr", "wallet-link", "countdown", "test-tools", "test-pay", "test-pay-part", "test-expire"},
			absent:   []string{"progress", "transactions", "outcome", "confirmations", "open-amount", "any-amount", "test-confirm"},
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "amount", text(doc, "pay-amount"), p.PaymentAmount.String())
				eq(t, "fiat", text(doc, "fiat"), "About $100.00")
				eq(t, "warning", text(doc, "network-warning"), "Send only BTC on the Bitcoin network. Anything else sent to this address will be lost.")
				eq(t, "address", text(doc, "pay-address"), p.Address)
				eq(t, "wallet link", attr(doc, "wallet-link", "href"), "bitcoin:"+p.Address+"?amount="+p.PaymentAmount.String())
				eq(t, "countdown", text(doc, "countdown"), "90 minutes left")
				eq(t, "store", text(doc, "store-name"), "Acme Test")
				eq(t, "payer", text(doc, "payer-name"), "For Ada")
				eq(t, "number", text(doc, "payment-number"), "Payment no. "+p.PaymentNum)
				if src, _ := doc.Find("#qr").Attr("src"); !strings.HasPrefix(src, "/payment/"+p.PaymentID+"/qr.png?code="+p.Code) {
					t.Errorf("QR src = %q", src)
				}
				// An HTML parser with scripting on reads <noscript> as text.
				if got := doc.Find("head noscript").Text(); got != `<meta http-equiv="refresh" content="15">` {
					t.Error("an open payment's page does not refresh itself without JavaScript")
				}
			},
		},
		{
			name: "partially paid",
			setup: func(e *testEnv) gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
				return e.current(p)
			},
			state:    "partial",
			headline: "Partially paid",
			shown:    []string{"pay", "pay-amount", "fiat", "progress", "received", "remaining", "total", "transactions", "tx", "tx-hash", "countdown", "test-pay", "test-confirm", "test-confirm-all", "test-expire"},
			absent:   []string{"confirmations", "outcome", "tx-link"}, // a test store's hashes are made up: no explorer link
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "amount to send", text(doc, "pay-amount"), p.RemainAmount.String())
				eq(t, "remaining", text(doc, "remaining"), p.RemainAmount.String()+" BTC")
				eq(t, "received", text(doc, "received"), p.IPAmount.String()+" BTC")
				eq(t, "total", text(doc, "total"), p.PaymentAmount.String()+" BTC")
				fiat := gateway.PaidAmount(p.RemainAmount, p.Rate, 2).Decimal().StringFixed(2)
				eq(t, "fiat of what remains", text(doc, "fiat"), "About $"+fiat)
				eq(t, "wallet link", attr(doc, "wallet-link", "href"), "bitcoin:"+p.Address+"?amount="+p.RemainAmount.String())
				eq(t, "transactions", text(doc, "tx-heading"), "1 transaction")
				eq(t, "tx status", text(doc, "tx-status"), "0 of 6 confirmations")
				eq(t, "the rest", text(doc, "test-pay"), "Send the rest")
			},
		},
		{
			name: "received and confirming",
			setup: func(e *testEnv) gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.send(p, p.PaymentAmount.String())
				e.mine(p, 2)
				return e.current(p)
			},
			state:    "confirming",
			headline: "Payment received, waiting for confirmations",
			shown:    []string{"progress", "received", "confirmations", "transactions", "tx", "test-confirm"},
			absent:   []string{"pay", "countdown", "remaining"},
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "confirmations", text(doc, "confirmations"), "2 of 6 confirmations")
				eq(t, "tx status", text(doc, "tx-status"), "2 of 6 confirmations")
			},
		},
		{
			name: "paid",
			setup: func(e *testEnv) gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.send(p, p.PaymentAmount.String())
				e.mine(p, 6)
				return e.current(p)
			},
			state:    "paid",
			headline: "Paid",
			shown:    []string{"outcome", "success-link", "progress", "transactions", "receipt", "receipt-fiat", "receipt-paid", "receipt-time", "receipt-number", "receipt-id", "receipt-link"},
			absent:   []string{"pay", "countdown", "remaining", "confirmations", "cancel-link", "test-tools", "auto-return", "note", "contact"},
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "detail", text(doc, "detail"), "Thank you! Acme Test has received your payment.")
				eq(t, "back link", attr(doc, "success-link", "href"), "https://shop.example/thanks")
				eq(t, "back link target", attr(doc, "success-link", "target"), "_top")
				eq(t, "back link text", text(doc, "success-link"), "Back to Acme Test")
				eq(t, "tx status", text(doc, "tx-status"), "Confirmed")
				eq(t, "receipt total", text(doc, "receipt-fiat"), "$100.00")
				eq(t, "receipt paid", text(doc, "receipt-paid"), p.IPAmount.String()+" BTC")
				eq(t, "receipt number", text(doc, "receipt-number"), p.PaymentNum)
				eq(t, "receipt id", text(doc, "receipt-id"), p.PaymentID)
				eq(t, "receipt time", attr(doc, "receipt-time", "datetime"), p.CompleteDate.Time.UTC().Format("2006-01-02T15:04:05Z"))
				eq(t, "receipt link", attr(doc, "receipt-link", "href"), "/payment/"+p.PaymentID+"/receipt?code="+p.Code)
				if byID(doc, "auto-return").Length() != 1 {
					t.Error("the paid screen has no auto-return note for the script to announce")
				}
				if doc.Find("head noscript").Length() != 0 {
					t.Error("a decided payment's page still refreshes itself")
				}
			},
		},
		{
			name: "expired",
			setup: func(e *testEnv) gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.expire(p)
				return e.current(p)
			},
			state:    "expired",
			headline: "This payment has expired",
			shown:    []string{"outcome", "cancel-link"},
			absent:   []string{"pay", "countdown", "progress", "transactions", "success-link", "test-tools"}, // nothing to send to an expired payment
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "back link", attr(doc, "cancel-link", "href"), "https://shop.example/cart")
			},
		},
		{
			name: "expired after a partial payment",
			setup: func(e *testEnv) gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
				e.mine(p, 6)
				e.expire(p)
				return e.current(p)
			},
			state:    "expired_partial",
			headline: "Expired before the full amount arrived",
			shown:    []string{"outcome", "cancel-link", "progress", "received", "total", "transactions"},
			absent:   []string{"pay", "countdown", "success-link", "remaining", "test-tools"}, // what arrived, never "left to pay"
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				want := "You sent " + p.IPAmount.String() + " BTC of " + p.PaymentAmount.String() + " BTC before the time ran out. " +
					"That money has reached Acme Test: contact them to complete your order or to get it back. Do not send more to this address."
				eq(t, "detail", text(doc, "detail"), want)
			},
		},
		{
			name: "expired while a partial payment confirms",
			setup: func(e *testEnv) gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
				e.expire(p) // CLOSING: decided when the transaction confirms, and it cannot be enough
				return e.current(p)
			},
			state:    "expired_partial",
			headline: "Expired before the full amount arrived",
			shown:    []string{"outcome", "cancel-link", "progress", "transactions", "test-confirm"},
			absent:   []string{"pay", "countdown", "success-link"},
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "status", attr(doc, "payment", "data-status"), gateway.StatusClosing)
			},
		},
		{
			name: "late payment after paying",
			setup: func(e *testEnv) gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.send(p, p.PaymentAmount.String())
				e.mine(p, 6)
				e.send(p, "0.0001")
				return e.current(p)
			},
			state:    "paid", // still paid: the extra money gets a calm note, not a new outcome
			headline: "Paid",
			shown:    []string{"outcome", "success-link", "transactions", "note", "receipt"},
			absent:   []string{"pay", "countdown", "cancel-link", "test-pay", "test-pay-part"},
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "transactions", text(doc, "tx-heading"), "2 transactions")
				eq(t, "late tx", strings.Join(strings.Fields(byID(doc, "tx-status").Last().Text()), " "), "Arrived late")
				eq(t, "note", text(doc, "note"), "Another 0.0001 BTC arrived after this payment was complete. Your payment stays paid; "+
					"the extra money has reached Acme Test too: contact them if you want it back.")
				eq(t, "detail", text(doc, "detail"), "Thank you! Acme Test has received your payment.")
			},
		},
		{
			name: "late payment after expiry",
			setup: func(e *testEnv) gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.expire(p)
				e.send(p, p.PaymentAmount.String())
				return e.current(p)
			},
			state:    "late",
			headline: "Your payment arrived after the time ran out",
			shown:    []string{"outcome", "cancel-link", "transactions"},
			absent:   []string{"pay", "success-link", "receipt", "remaining", "test-pay", "test-expire"}, // only its confirmations can still change
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "detail", text(doc, "detail"), p.PaymentAmount.String()+" BTC arrived after this payment had expired, so it was not completed. "+
					"The money has reached Acme Test: contact them to complete your order or to get it back. Do not send more to this address.")
			},
		},
		{
			name: "part of the amount after expiry",
			setup: func(e *testEnv) gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.expire(p)
				e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
				return e.current(p)
			},
			state:    "late_partial",
			headline: "Part of the amount arrived after the time ran out",
			shown:    []string{"outcome", "cancel-link", "transactions", "total", "received"},
			absent:   []string{"pay", "success-link", "receipt", "remaining", "test-pay"},
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "detail", text(doc, "detail"), text(doc, "tx-amount")+" of "+p.PaymentAmount.String()+" BTC arrived, some of it after this payment had expired, so it was not completed. "+
					"The money has reached Acme Test: contact them to complete your order or to get it back. Do not send more to this address.")
			},
		},
		{
			name: "open amount",
			setup: func(e *testEnv) gateway.Payment {
				return e.payment(e.test, "BTC", func(r *gateway.CreatePaymentRequest) {
					r.PaymentType, r.Amount = gateway.OpenAmount, gateway.AmountInput{}
				})
			},
			state:    "waiting",
			headline: "Waiting for your payment",
			shown:    []string{"pay", "any-amount", "pay-address", "qr", "wallet-link", "countdown", "test-pay", "test-expire"},
			absent:   []string{"pay-amount", "fiat", "progress", "test-pay-part"},
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "any amount", text(doc, "any-amount"), "Any amount of BTC")
				// "Any amount" is said once, and no test tool speaks of a full amount.
				if n := strings.Count(strings.ToLower(doc.Find("main").Text()), "any amount"); n != 1 {
					t.Errorf("the page says \"any amount\" %d times", n)
				}
				eq(t, "test tool", text(doc, "test-pay"), "Send a test payment")
				eq(t, "QR alt", attr(doc, "qr", "alt"), "")
				eq(t, "QR image alt", doc.Find("#qr").AttrOr("alt", ""), "QR code for your wallet app: the address only, enter the amount yourself")
				eq(t, "wallet link without amount", attr(doc, "wallet-link", "href"), "bitcoin:"+p.Address)
			},
		},
		{
			name:     "token on TRON",
			setup:    func(e *testEnv) gateway.Payment { return e.payment(e.test, "USDT.TRC20") },
			state:    "waiting",
			headline: "Waiting for your payment",
			shown:    []string{"pay", "pay-amount", "qr", "network-warning"},
			absent:   []string{"wallet-link"}, // TRON wallets take no URI: the QR code is the bare address
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				eq(t, "warning", text(doc, "network-warning"), "Send only USDT (TRC-20) on the TRON network. Anything else sent to this address will be lost.")
				// Advice that keeps money from being lost: the exchange's fee, the token's fee coin.
				guides := byID(doc, "guide").Map(func(_ int, g *goquery.Selection) string { return strings.Join(strings.Fields(g.Text()), " ") })
				want := []string{
					"Paying from an exchange? It takes a withdrawal fee from what you send: make sure " + p.PaymentAmount.String() + " USDT arrives.",
					"USDT (TRC-20) is a token: your wallet also needs a little TRX to pay the network fee.",
				}
				if strings.Join(guides, "|") != strings.Join(want, "|") {
					t.Errorf("guidance %q, want %q", guides, want)
				}
				if r := text(doc, "rate"); !strings.HasPrefix(r, "1 USDT = $") || !strings.Contains(r, "amount fixed until") || !strings.HasSuffix(r, "UTC") {
					t.Errorf("rate line %q", r)
				}
				eq(t, "QR alt", doc.Find("#qr").AttrOr("alt", ""), "QR code for your wallet app: the address only, enter the amount yourself")
				eq(t, "countdown", text(doc, "countdown"), "60 minutes left")
			},
		},
		{
			name:     "live store",
			setup:    func(e *testEnv) gateway.Payment { return e.payment(e.live, "ETH") },
			state:    "waiting",
			headline: "Waiting for your payment",
			shown:    []string{"pay", "wallet-link"},
			absent:   []string{"test-banner", "test-tools"},
			check: func(t *testing.T, doc *goquery.Document, p gateway.Payment) {
				asset, _ := gateway.LookupAsset("ETH")
				eq(t, "wallet link", attr(doc, "wallet-link", "href"), "ethereum:"+p.Address+"@1?value="+p.PaymentAmount.Units(asset.Precision))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			p := tt.setup(e)
			doc, _ := e.page(pageURL(p), http.StatusOK)
			eq(t, "state", attr(doc, "payment", "data-state"), tt.state)
			eq(t, "headline", text(doc, "headline"), tt.headline)
			for _, id := range tt.shown {
				if !shown(doc, id) {
					t.Errorf("%s is not shown", id)
				}
			}
			for _, id := range tt.absent {
				if shown(doc, id) {
					t.Errorf("%s is shown", id)
				}
			}
			if doc.Find(`[aria-live="polite"]`).Length() != 1 {
				t.Error("no polite live region for status changes")
			}
			if tt.check != nil {
				tt.check(t, doc, p)
			}
		})
	}
}

func eq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func attr(doc *goquery.Document, id, name string) string {
	v, _ := byID(doc, id).First().Attr(name)
	return v
}
