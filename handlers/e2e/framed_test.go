package e2e

import (
	"context"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
)

// Inside a merchant's iframe the page drops its outer background and padding (the merchant's page
// is the frame); opened on its own it keeps them.
func TestFramedPageDropsItsFrame(t *testing.T) {
	s := start(t)
	p := s.newPayment(t, "BTC", nil)
	tb := s.tab(t)
	tb.open(t, p.PaymentURL)
	tb.waitFor(t, "the waiting screen", `document.getElementById("checkout").dataset.state === "waiting"`)
	if got := eval[string](t, tb, `getComputedStyle(document.body).paddingTop + " " + document.documentElement.classList.contains("framed")`); got == "0px false" || got[len(got)-4:] == "true" {
		t.Errorf("on its own: %q, want its padding and no framed class", got)
	}
	tb.open(t, s.merchant.origin()+"/frame?src="+url.QueryEscape(p.PaymentURL))
	frame := tb.frameNode(t)
	ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("checkout") !== null &&
		document.documentElement.classList.contains("framed") &&
		getComputedStyle(document.body).paddingTop === "0px" &&
		getComputedStyle(document.body).backgroundColor === "rgba(0, 0, 0, 0)" &&
		getComputedStyle(document.getElementById("checkout")).borderTopWidth === "0px"`, chromedp.WithPollingInFrame(frame))); err != nil {
		t.Errorf("inside the frame the page keeps its outer background or padding: %v", err)
	}
}
