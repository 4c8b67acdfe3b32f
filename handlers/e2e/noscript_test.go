package e2e

import (
	"testing"
	"time"
)

// Without JavaScript every screen still tells the payer everything, server-rendered: what to
// send and where while the payment is open, what arrived, and the way back once it is decided.
func TestWithoutJavaScript(t *testing.T) {
	s := start(t)
	for _, sc := range screens {
		t.Run(sc.state, func(t *testing.T) {
			p := s.paymentIn(t, sc, nil)
			tb := s.tab(t)
			tb.scriptOff(t)
			tb.open(t, p.PaymentURL)
			if got := eval[string](t, tb, `document.getElementById("checkout").dataset.state`); got != sc.state {
				t.Fatalf("state %q, want %q: %s", got, sc.state, tb.describe())
			}
			if got := eval[string](t, tb, `document.getElementById("headline").textContent`); got != sc.headline {
				t.Errorf("headline %q, want %q", got, sc.headline)
			}
			if got := eval[string](t, tb, `document.getElementById("detail").textContent`); len(got) < 20 {
				t.Errorf("detail %q says too little", got)
			}
			if got, want := eval[string](t, tb, `document.querySelector("[data-testid=store-name]").textContent`), p.StoreName; got != want {
				t.Errorf("store %q, want %q", got, want)
			}
			if got, want := eval[string](t, tb, `document.querySelector("[data-testid=description]").textContent`), "Order 42 <b>not bold</b>"; got != want {
				t.Errorf("description %q, want the merchant's text as text %q", got, want)
			}
			final := sc.state == "paid" || sc.state == "expired" || sc.state == "expired_partial" || sc.state == "late" || sc.state == "late_partial"
			refresh := eval[bool](t, tb, `document.querySelector('meta[http-equiv="refresh"]') !== null`)
			if got, want := refresh, p.Status == "OPEN" || p.Status == "CLOSING"; got != want {
				t.Errorf("page refreshes itself: %v, want %v (status %s)", got, want, p.Status)
			}

			payable := sc.state == "waiting" || sc.state == "partial"
			if got := eval[bool](t, tb, `document.querySelector("[data-testid=pay]") !== null`); got != payable {
				t.Fatalf("payment panel shown: %v, want %v", got, payable)
			}
			if payable {
				checkPayPanel(t, tb, p)
			}
			if sc.state != "waiting" && sc.state != "expired" {
				if got, want := eval[string](t, tb, `document.getElementById("received").textContent`), p.IPAmount+" BTC"; got != want {
					t.Errorf("received %q, want %q", got, want)
				}
			}
			if sc.state == "partial" {
				if got, want := eval[string](t, tb, `document.getElementById("remaining").textContent`), p.RemainAmount+" BTC"; got != want {
					t.Errorf("remaining %q, want %q", got, want)
				}
			}
			if sc.state == "confirming" {
				if got, want := eval[string](t, tb, `document.getElementById("confirmations").textContent`), "0 of 6 confirmations"; got != want {
					t.Errorf("confirmations %q, want %q", got, want)
				}
			}
			wantTxs := map[string]int{"waiting": 0, "partial": 1, "confirming": 1, "paid": 1, "expired": 0, "expired_partial": 1, "late": 1, "late_partial": 1}[sc.state]
			if got := eval[int](t, tb, `document.querySelectorAll("[data-testid=tx]").length`); got != wantTxs {
				t.Errorf("%d transactions listed, want %d", got, wantTxs)
			}
			if wantTxs > 0 && eval[bool](t, tb, `document.querySelector("[data-testid=transactions]").hidden`) {
				t.Error("the transactions are hidden")
			}
			if sc.state == "late" || sc.state == "late_partial" {
				if !eval[bool](t, tb, `[...document.querySelectorAll("[data-testid=tx-status]")].some(e => e.textContent === "Arrived late")`) {
					t.Error("the late transaction is not marked")
				}
			}
			if final {
				link := map[bool]string{true: "success-link", false: "cancel-link"}[sc.state == "paid"]
				want := s.merchant.origin() + map[bool]string{true: "/back?paid=1", false: "/back?cancelled=1"}[link == "success-link"]
				if got := eval[string](t, tb, `(document.querySelector("[data-testid=`+link+`]") || {}).href || ""`); got != want {
					t.Errorf("%s %q, want %q", link, got, want)
				}
			}
		})
	}
}

// checkPayPanel checks what a payer needs to pay, as rendered without a script.
func checkPayPanel(t *testing.T, tb *tab, p payment) {
	t.Helper()
	if got, want := eval[string](t, tb, `document.getElementById("pay-amount").textContent`), p.RemainAmount; got != want {
		t.Errorf("amount to send %q, want %q", got, want)
	}
	if got, want := eval[string](t, tb, `document.getElementById("pay-address").textContent`), p.Address; got != want {
		t.Errorf("address %q, want %q", got, want)
	}
	if got := eval[string](t, tb, `document.getElementById("countdown").textContent`); got != "30 minutes left" && got != "29 minutes left" {
		t.Errorf("countdown %q", got)
	}
	if !eval[bool](t, tb, `document.getElementById("qr").complete && document.getElementById("qr").naturalWidth > 100`) {
		t.Error("the QR code did not load")
	}
	if got := eval[string](t, tb, `document.getElementById("wallet-link").getAttribute("href")`); !contains(got, "bitcoin:"+p.Address+"?amount="+p.RemainAmount) {
		t.Errorf("wallet link %q", got)
	}
	if !eval[bool](t, tb, `[...document.querySelectorAll("[data-copy]")].every(b => b.hidden)`) {
		t.Error("copy buttons are shown although they cannot work without a script")
	}
	if got := eval[string](t, tb, `document.querySelector("[data-testid=network-warning]").textContent`); !contains(got, "Bitcoin") {
		t.Errorf("network warning %q", got)
	}
}

// Without JavaScript the page still follows the payment (it reloads itself) and the test tools,
// plain forms, still work.
func TestWithoutJavaScriptFollowsThePayment(t *testing.T) {
	s := start(t)
	p := s.newPayment(t, "BTC", nil)
	tb := s.tab(t)
	tb.scriptOff(t)
	tb.open(t, p.PaymentURL)
	tb.waitFor(t, "the waiting screen", `document.getElementById("checkout").dataset.state === "waiting"`)
	s.send(t, p, part(t, p.PaymentAmount, "0.5"))
	// The page reloads itself every views.RefreshSeconds (15 s): allow three times that.
	tb.waitWithin(t, 45*time.Second, "the page to reload itself onto the partial screen", `document.getElementById("checkout").dataset.state === "partial"`)
	// The page reloads itself every 15 s, and a click that lands while that navigation starts is
	// dropped by the browser, as it would be for a person, who would click again. So click again,
	// at most twice more, only while the gateway shows that the first click did nothing.
	half := s.payment(t, p.PaymentID).IPAmount
	for attempt := 0; attempt < 3; attempt++ {
		tb.do(t, clickSelector("[data-testid=test-pay]"))
		if tb.becomes(20*time.Second, `document.getElementById("checkout").dataset.state === "confirming"`) ||
			s.payment(t, p.PaymentID).IPAmount != half {
			break
		}
	}
	tb.waitFor(t, "the test tool's payment", `document.getElementById("checkout").dataset.state === "confirming"`)
	if got := eval[int](t, tb, `document.querySelectorAll("[data-testid=tx]").length`); got != 2 {
		t.Errorf("%d transactions, want 2", got)
	}
}
