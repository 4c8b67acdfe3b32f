package e2e

import (
	"os"
	"testing"
	"context"

	"github.com/chromedp/chromedp"
)

func TestZZDebugLayout(t *testing.T) {
	s := start(t)
	tb := s.tab(t)
	tb.do(t, chromedp.EmulateViewport(375, 667, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
	p := s.newPayment(t, "BTC", map[string]any{"description": "Order 42: two items, delivered to the door"})
	for _, lang := range []string{"en", "ja"} {
		tb.open(t, p.PaymentURL+"&lang="+lang)
		tb.waitFor(t, "qr", `document.getElementById("qr").complete && !document.querySelector('[data-copy="pay-amount"]').hidden`)
		for _, sel := range []string{".lang-picker", ".test-banner", "main", ".head", ".status", "#headline", "#detail", ".amount", ".fiat", ".scan", "#qr", "figcaption", "#countdown", ".deadline", ".network"} {
			t.Logf("%s %s %v", lang, sel, boxOf(t, tb, sel))
		}
		ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
		png, _ := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		cancel()
		os.WriteFile("/tmp/pp/phone-"+lang+".png", png, 0o644)
	}
}
