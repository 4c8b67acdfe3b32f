package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// pageFetches counts the times the page fetched itself again (checkout.js's refresh).
const pageFetches = `performance.getEntriesByType("resource").filter(function (e) {
	return e.initiatorType === "fetch" && e.name.indexOf("/payment/") >= 0 && e.name.indexOf("/events") < 0 }).length`

// At end_date the page stops asking for money by itself, even when the gateway has not cancelled
// the payment yet: it shows the expired screen at once, keeps it when the server still says
// "waiting" a moment later, and takes the server's screen once the gateway decides.
func TestPageAtTheDeadline(t *testing.T) {
	s := start(t)
	p := s.newPayment(t, "LTC", nil)
	tb := s.tab(t)
	tb.open(t, p.PaymentURL)
	tb.waitFor(t, "the waiting screen", `document.getElementById("checkout").dataset.state === "waiting"`)
	eval[bool](t, tb, `window.notReloaded = true`)

	// The deadline comes (the page's clock says so; the gateway still has 30 minutes to go).
	eval[bool](t, tb, `document.getElementById("countdown").setAttribute("data-end", String(Math.floor(Date.now() / 1000) - 1)) || true`)
	tb.waitFor(t, "the expired screen at the deadline", `document.getElementById("checkout").dataset.state === "expired"`+
		` && document.getElementById("headline").textContent === "This payment has expired"`+
		` && document.querySelector("[data-testid=pay]").hidden`)
	tb.waitFor(t, "the expiry announced", `document.getElementById("announce").textContent === "This payment has expired"`)
	tb.waitFor(t, "the page asking the server to confirm", pageFetches+` >= 1`)
	if got := eval[string](t, tb, `document.getElementById("checkout").dataset.state`); got != "expired" {
		t.Errorf("after the server's answer (still open there) the page shows %q, want it to stay expired", got)
	}

	s.expire(t, p)
	tb.waitFor(t, "the server's expired screen", `document.getElementById("checkout").dataset.state === "expired"`+
		` && document.querySelector("[data-testid=pay]") === null && document.querySelector("[data-testid=cancel-link]") !== null`)
	if !eval[bool](t, tb, `window.notReloaded === true`) {
		t.Error("the page reloaded instead of updating itself")
	}
	if problems := tb.consoleProblems(); len(problems) > 0 {
		t.Errorf("the page logged problems:\n%v", problems)
	}
}

// When the live stream keeps failing, the page refreshes itself: a payment still shows up on it.
func TestStreamFailuresFallBackToRefreshing(t *testing.T) {
	s := start(t)
	p := s.newPayment(t, "LTC", nil)
	tb := s.tab(t)
	tb.failRequests(t, "*/events*")
	tb.open(t, p.PaymentURL)
	tb.waitFor(t, "the waiting screen", `document.getElementById("checkout").dataset.state === "waiting"`)
	eval[bool](t, tb, `window.notReloaded = true`)

	s.send(t, p, p.PaymentAmount)
	tb.waitWithin(t, 60*time.Second, "the payment, without a live stream", `document.getElementById("checkout").dataset.state === "confirming"`)
	if got := eval[int](t, tb, pageFetches); got < 1 {
		t.Errorf("page fetches = %d: the screen changed without the page refreshing itself?", got)
	}
	if !eval[bool](t, tb, `window.notReloaded === true`) {
		t.Error("the page reloaded as a whole instead of refreshing its screen")
	}
}

// failRequests makes every request of the tab matching pattern fail as a refused connection.
func (tb *tab) failRequests(t *testing.T, pattern string) {
	t.Helper()
	paused := chromedp.Events(tb.ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			go chromedp.Do(tb.ctx, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
				_, err := cdp.Call(ctx, target, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonConnectionRefused})
				return err
			}))
		}
	}()
	tb.do(t, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: pattern}}})
		return err
	}))
}
