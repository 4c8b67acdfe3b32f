package e2e

import (
	"strconv"
	"testing"
	"time"
)

// A payer watches a payment go from open to paid without touching the page: the countdown runs,
// a partial transaction shows what arrived and what remains, the rest and its confirmations lead
// to the paid screen, each change is announced to screen readers, and the page returns to the
// store by itself.
func TestPaymentOpenToPaid(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *suite) {
		p := s.newPayment(t, "BTC", nil)
		tb := s.tab(t)
		tb.open(t, p.PaymentURL)
		tb.waitFor(t, "the waiting screen", `document.getElementById("checkout").dataset.state === "waiting"`)
		eval[bool](t, tb, `window.notReloaded = true`)

		if got, want := eval[string](t, tb, `document.getElementById("pay-amount").textContent`), p.PaymentAmount; got != want {
			t.Errorf("amount to send %q, want %q", got, want)
		}
		if got, want := eval[string](t, tb, `document.getElementById("pay-address").textContent`), p.Address; got != want {
			t.Errorf("address %q, want %q", got, want)
		}
		if !eval[bool](t, tb, `[...document.querySelectorAll("[data-copy]")].every(b => !b.hidden)`) {
			t.Error("the copy buttons stay hidden with the script running")
		}

		// The countdown follows the clock. Rather than wait minutes, the page's clock is moved on:
		// the script re-reads it every second, so each text appears within a second or so.
		end, err := time.Parse(time.RFC3339, p.EndDate)
		if err != nil {
			t.Fatal(err)
		}
		tb.waitFor(t, "the countdown in minutes", `/^(29|30) minutes left$/.test(document.getElementById("countdown").textContent)`)
		eval[bool](t, tb, `(() => { const real = Date.now; window.clockSkew = 0;
		Date.now = () => real.call(Date) + window.clockSkew; return true })()`)
		skewTo := func(left time.Duration) string {
			return `window.clockSkew = ` + strconv.FormatInt(end.Add(-left).UnixMilli(), 10) + ` - (Date.now() - window.clockSkew)`
		}
		eval[float64](t, tb, skewTo(5*time.Minute+30*time.Second))
		tb.waitFor(t, "the countdown to tick to 5 minutes", `document.getElementById("countdown").textContent === "5 minutes left"`)
		eval[float64](t, tb, skewTo(90*time.Second))
		tb.waitFor(t, "the countdown's singular", `document.getElementById("countdown").textContent === "1 minute left"`)
		eval[float64](t, tb, skewTo(20*time.Second))
		tb.waitFor(t, "the last minute, in seconds", `/^(1[0-9]|20) seconds left$/.test(document.getElementById("countdown").textContent)`)
		eval[float64](t, tb, `window.clockSkew = 0`)
		tb.waitFor(t, "the countdown back at the real time", `/^(29|30) minutes left$/.test(document.getElementById("countdown").textContent)`)

		// A partial transaction, emulated through the API, shows up by itself.
		s.send(t, p, part(t, p.PaymentAmount, "0.4"))
		now := s.payment(t, p.PaymentID)
		tb.waitFor(t, "the partial screen", `document.getElementById("checkout").dataset.state === "partial" &&
		document.getElementById("remaining").textContent === `+quote(now.RemainAmount+" BTC")+` &&
		document.getElementById("received").textContent === `+quote(now.IPAmount+" BTC"))
		if got, want := eval[string](t, tb, `document.getElementById("pay-amount").textContent`), now.RemainAmount; got != want {
			t.Errorf("after a partial payment the amount to send is %q, want the remaining %q", got, want)
		}
		if got := eval[int](t, tb, `document.querySelectorAll("[data-testid=tx]").length`); got != 1 {
			t.Errorf("%d transactions listed, want 1", got)
		}
		tb.waitFor(t, "the partial payment announced", `document.getElementById("announce").textContent === "Partially paid"`)

		// The rest, then confirmations: confirming, then paid.
		s.send(t, p, now.RemainAmount)
		s.mine(t, p, 2)
		tb.waitFor(t, "2 of 6 confirmations", `document.getElementById("checkout").dataset.state === "confirming" &&
		(document.getElementById("confirmations") || {}).textContent === "2 of 6 confirmations"`)
		tb.waitFor(t, "the confirming state announced", `document.getElementById("announce").textContent === "Payment received, waiting for confirmations"`)
		s.mine(t, p, 4)
		tb.waitFor(t, "the paid screen", `document.getElementById("checkout").dataset.state === "paid" &&
		document.getElementById("headline").textContent === "Paid" && !document.getElementById("auto-return").hidden`)
		if !eval[bool](t, tb, `window.notReloaded === true`) {
			t.Error("the page reloaded instead of updating itself")
		}
		if got, want := eval[string](t, tb, `document.querySelector("[data-testid=success-link]").href`), s.merchant.origin()+"/back?paid=1"; got != want {
			t.Errorf("back-to-store link %q, want %q", got, want)
		}
		if problems := tb.consoleProblems(); len(problems) > 0 {
			t.Errorf("the page logged problems:\n%v", problems)
		}

		// After a few seconds the page takes the payer back to success_url by itself.
		tb.waitFor(t, "the return to success_url", `location.href === `+quote(s.merchant.origin()+"/back?paid=1")+
			` && document.getElementById("back") !== null`)
	})
}
