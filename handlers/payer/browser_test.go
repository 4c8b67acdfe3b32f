//go:build browser

// Browser tests drive the real payment page in headless Chromium (chromedp): the script's live
// updates, countdown, return to the store and messages to an embedding parent, under the page's real
// CSP. They need a Chromium on the machine, so they run on demand:
//
//	go test -tags browser -run Browser ./handlers/payer/
package payer

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

func browser(t *testing.T) (context.Context, func() []chromedp.ConsoleMessage) {
	t.Helper()
	ctx, cancel := chromedp.NewContext(context.Background(), chromedp.WithAllocatorOptions(chromedp.NoSandbox))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	var mu sync.Mutex
	var messages []chromedp.ConsoleMessage
	go func() {
		for m, err := range chromedp.Console(ctx) {
			if err != nil {
				return
			}
			mu.Lock()
			messages = append(messages, m)
			mu.Unlock()
		}
	}()
	return ctx, func() []chromedp.ConsoleMessage {
		mu.Lock()
		defer mu.Unlock()
		return append([]chromedp.ConsoleMessage(nil), messages...)
	}
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (e *testEnv) realClock() {
	e.clock.mu.Lock()
	e.clock.now = time.Now().UTC()
	e.clock.mu.Unlock()
}

func TestBrowserLivePayment(t *testing.T) {
	e := newEnv(t)
	e.realClock()
	base := e.serve()
	p := e.payment(e.test, "BTC", func(r *gateway.CreatePaymentRequest) { r.SuccessURL = base + "/?back=1" })
	ctx, console := browser(t)

	run(t, ctx, chromedp.Navigate(base+pageURL(p)))
	run(t, ctx, chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))
	if got := run(t, ctx, chromedp.Evaluate[bool](`!document.querySelector("[data-copy]").hidden`)); !got {
		t.Error("the copy buttons stay hidden with the script running")
	}
	if got := run(t, ctx, chromedp.Evaluate[string](`document.getElementById("countdown").textContent`)); !strings.HasSuffix(got, "minutes left") {
		t.Errorf("countdown %q", got)
	}
	// Wait for the live stream to be connected before changing the payment.
	waitFor(t, "the stream", func() bool { return e.h.streams.Load() == 1 })

	e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
	now := e.current(p)
	run(t, ctx, chromedp.Poll[bool](`document.getElementById("checkout").dataset.state === "partial" &&
		document.getElementById("remaining").textContent === "`+now.RemainAmount.String()+` BTC"`))
	if got := run(t, ctx, chromedp.Evaluate[string](`document.getElementById("pay-amount").textContent`)); got != now.RemainAmount.String() {
		t.Errorf("amount to send %q, want %s", got, now.RemainAmount)
	}
	run(t, ctx, chromedp.Poll[bool](`document.getElementById("announce").textContent === "Partially paid"`))

	e.send(p, now.RemainAmount.String())
	e.mine(p, 2)
	run(t, ctx, chromedp.Poll[bool](`(document.getElementById("confirmations") || {}).textContent === "2 of 6 confirmations"`))

	e.mine(p, 4)
	run(t, ctx, chromedp.Poll[bool](`document.getElementById("checkout").dataset.state === "paid" &&
		!document.getElementById("auto-return").hidden`))
	if !run(t, ctx, chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Error("the page reloaded")
	}
	messages := console()
	// The page returns to the store by itself after a few seconds.
	time.Sleep(7 * time.Second)
	if got := run(t, ctx, chromedp.Evaluate[string](`location.href`)); got != base+"/?back=1" {
		t.Errorf("after payment the page is at %s, want the success URL", got)
	}

	for _, m := range messages {
		if m.Type == chromedp.ConsoleError || m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
			t.Errorf("console: %s", m)
		}
	}
}

// Inside an allowed parent's iframe, the page tells the parent its status and height, and does not
// navigate away by itself.
func TestBrowserEmbedded(t *testing.T) {
	e := newEnv(t)
	e.realClock()
	base := e.serve()

	// The merchant's page, on another origin.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	parent := "http://" + ln.Addr().String()
	store, _, err := e.eng.CreateStore(context.Background(), engine.NewStore{Name: "Framed", IsTest: true, FrameAncestors: []string{parent}})
	if err != nil {
		t.Fatal(err)
	}
	p := e.payment(store, "ETH", func(r *gateway.CreatePaymentRequest) { r.SuccessURL = parent + "/done" })
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><script>window.got = [];
addEventListener("message", function (e) { if (e.origin === "` + base + `") window.got.push(e.data); });
</script><iframe src="` + base + pageURL(p) + `" width="400" height="800"></iframe>`))
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	ctx, _ := browser(t)
	run(t, ctx, chromedp.Navigate(parent+"/"))
	run(t, ctx, chromedp.Poll[bool](`window.got.some(m => m.type === "checkout.status" && m.state === "waiting") &&
		window.got.some(m => m.type === "checkout.resize" && m.height > 200)`))
	waitFor(t, "the stream", func() bool { return e.h.streams.Load() == 1 })
	e.send(p, p.PaymentAmount.String())
	e.mine(p, 10)
	run(t, ctx, chromedp.Poll[bool](`window.got.some(m => m.type === "checkout.status" && m.state === "paid" && m.status === "COMPLETE")`))
	time.Sleep(7 * time.Second) // longer than the auto-return delay
	if got := run(t, ctx, chromedp.Evaluate[string](`location.href`)); got != parent+"/" {
		t.Errorf("the parent navigated to %s", got)
	}
}
