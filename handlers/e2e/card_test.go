package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// A payer pays a fiat payment by card: the page leads with "Pay by card", its price follows a
// partial payment from a wallet live, the emulated provider's card form takes the test card and
// sends what remains, and the payment page — left open in another tab — follows it live to paid,
// without reloading.
//
// The emulated provider belongs to the embedded gateway's test stores: it runs through the page's
// test tools, which remote mode (pages in front of a real gateway) does not have, so this test is
// embedded-only; in remote mode the card goes to the real provider, whose links are tested in
// gateway/onramp against their documented shapes, and handlers/server's TestPayByCardOnBothBackends
// checks a remote replica sends the same payment to the signed MoonPay link and has no emulated
// provider.
func TestPayByCardWithTheEmulatedProvider(t *testing.T) {
	s := start(t)
	p := s.newPayment(t, "BTC", map[string]any{"fiat_provider": "cmoonpay", "fiat_asset_id": "USD"})

	watcher := s.tab(t)
	watcher.open(t, p.PaymentURL)
	watcher.waitFor(t, "the waiting screen with the card first", `document.getElementById("checkout").dataset.state === "waiting" &&
		!!document.querySelector("[data-testid=card-pay] ~ [data-testid=pay]")`)
	if got, want := eval[string](t, watcher, `document.querySelector("[data-testid=card-price]").textContent`), "$100.00"; got != want {
		t.Errorf("card price %q, want %q", got, want)
	}
	if v := seriousViolations(t, watcher); len(v) > 0 {
		t.Errorf("the payment page with its card panel: axe-core violations %+v", v)
	}
	eval[bool](t, watcher, `window.notReloaded = true`)

	// Part of the crypto arrives from a wallet first: the card's price follows live to what remains.
	s.send(t, p, part(t, p.PaymentAmount, "0.4"))
	watcher.waitFor(t, "the partial screen with the card's price lowered", `document.getElementById("checkout").dataset.state === "partial" &&
		/^\$60\.0\d$/.test(document.querySelector("[data-testid=card-price]").textContent) &&
		document.querySelector("[data-testid=card-pay-button]").textContent.includes(document.querySelector("[data-testid=card-price]").textContent)`)

	before := s.payment(t, p.PaymentID).IPAmount
	payer := s.tab(t)
	payer.open(t, p.PaymentURL)
	payer.do(t, clickSelector("[data-testid=card-pay-button]"))
	payer.waitFor(t, "the emulated provider's form", `!!document.querySelector("[data-testid=onramp-test]") &&
		document.querySelector("[data-testid=test-banner]").textContent.includes("TEST")`)
	if v := seriousViolations(t, payer); len(v) > 0 {
		t.Errorf("the emulated provider's form: axe-core violations %+v", v)
	}
	payer.do(t,
		chromedp.SendKeys(chromedp.CSS(`[data-testid=card-number]`), "4000 0000 0000 0002", chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=card-expiry]`), "12/34", chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=card-cvc]`), "123", chromedp.NodeVisible),
	)
	payer.do(t, clickSelector("[data-testid=card-submit]"))
	payer.waitFor(t, "the declined test card refused", `!!document.querySelector("[data-testid=onramp-test-error]")`)
	if got := s.payment(t, p.PaymentID).IPAmount; got != before {
		t.Fatalf("a declined card sent something: received %s, was %s", got, before)
	}
	payer.do(t,
		chromedp.SendKeys(chromedp.CSS(`[data-testid=card-number]`), "4242 4242 4242 4242", chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=card-expiry]`), "12/34", chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=card-cvc]`), "123", chromedp.NodeVisible),
	)
	payer.do(t, clickSelector("[data-testid=card-submit]"))
	payer.waitFor(t, "back on the payment page, confirming", `!!document.getElementById("checkout") &&
		document.getElementById("checkout").dataset.state === "confirming"`)

	watcher.waitFor(t, "the purchase arriving live", `document.getElementById("checkout").dataset.state === "confirming" &&
		document.querySelectorAll("[data-testid=tx]").length === 2 && !document.querySelector("[data-testid=card-pay]")`)
	s.mine(t, p, 6)
	watcher.waitFor(t, "the paid screen", `document.getElementById("checkout").dataset.state === "paid"`)
	if !eval[bool](t, watcher, `window.notReloaded === true`) {
		t.Error("the watching page reloaded instead of updating itself")
	}
	if got := s.payment(t, p.PaymentID); got.Status != "COMPLETE" || got.IPAmount != got.PaymentAmount {
		t.Errorf("payment %s with %s of %s, want COMPLETE in full", got.Status, got.IPAmount, got.PaymentAmount)
	}
}
