package payer

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/cryptocheckout/checkout/gateway"
)

// codeless is a gateway that, like a remote one, never returns a payment's code: its API has no
// such field (the code only appears inside payment_url).
type codeless struct{ Gateway }

func (g codeless) PaymentView(ctx context.Context, id, code string) (gateway.PaymentView, error) {
	v, err := g.Gateway.PaymentView(ctx, id, code)
	v.Payment.Code = ""
	return v, err
}

// Every link of the payment page and of its live events carries the code the payer presented, not
// one read from the payment: in remote mode the payment has none, and a link with an empty code
// is a 404 (QR image, live stream, self-refresh, test tools). Regression test of issue 10.
func TestPaymentLinksCarryThePresentedCode(t *testing.T) {
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.Gateway = codeless{c.Gateway} })
	p := e.payment(e.test, "BTC")
	e.send(p, "0.00001") // partly paid: the page shows the QR of the rest and every test tool

	doc, _ := e.page(pageURL(p)+"&lang=en", http.StatusOK)
	main := byID(doc, "payment")
	links := map[string]string{
		"data-events": attr2(main, "data-events"),
		"data-page":   attr2(main, "data-page"),
		"qr src":      attr2(doc.Find("#qr"), "src"),
	}
	doc.Find(`[data-testid="test-tools"] form`).Each(func(i int, s *goquery.Selection) {
		links["test tool "+attr2(s, "action")] = attr2(s, "action")
	})
	if len(links) < 4 {
		t.Fatalf("the page has no test tool forms: %v", links)
	}
	base := e.serve()
	s := e.openStream(base, p)
	defer s.close()
	ev, ok := s.next(5 * time.Second)
	if !ok {
		t.Fatal("the stream ended before its first event")
	}
	links["event qr_url"] = ev.QRURL
	// While that stream keeps the payment's feed live, a second stream with the same code is
	// served from it, and one with a wrong code is still "no such payment".
	again := e.openStream(base, p)
	defer again.close()
	if ev, ok := again.next(5 * time.Second); !ok || ev.QRURL != links["event qr_url"] {
		t.Errorf("a second stream's first event: %+v, %v; want the same links", ev, ok)
	}
	if resp := e.do(http.MethodGet, "/payment/"+p.PaymentID+"/events?code="+p.Code+"x"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a stream with a wrong code while the feed is live: %d, want 404", resp.StatusCode)
	}

	for what, link := range links {
		u, err := url.Parse(link)
		if err != nil || !strings.HasPrefix(u.Path, "/payment/"+p.PaymentID) {
			t.Errorf("%s: %q is not a link of the payment", what, link)
			continue
		}
		if got, want := u.Query().Get("code"), p.Code; got != want {
			t.Errorf("%s: %q carries code %q, want %q", what, link, got, want)
		}
	}
	// And the links work: the QR image and the stream answer (a wrong code would be a 404).
	if resp := e.do(http.MethodGet, links["qr src"]); resp.StatusCode != http.StatusOK {
		t.Errorf("the page's QR link answers %d", resp.StatusCode)
	}
	if resp := e.do(http.MethodGet, links["data-page"]); resp.StatusCode != http.StatusOK {
		t.Errorf("the page's own link answers %d", resp.StatusCode)
	}
}

// The paid page's receipt link and the receipt's own links carry the presented code too.
func TestReceiptLinksCarryThePresentedCode(t *testing.T) {
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.Gateway = codeless{c.Gateway} })
	p := e.payment(e.test, "BTC")
	e.send(p, e.current(p).PaymentAmount.String())
	e.mine(p, 6)
	doc, _ := e.page(pageURL(p), http.StatusOK)
	receipt := attr(doc, "receipt-link", "href")
	if u, err := url.Parse(receipt); err != nil || u.Query().Get("code") != p.Code {
		t.Fatalf("receipt link %q does not carry the payer's code", receipt)
	}
	doc, _ = e.page(receipt, http.StatusOK)
	links := 0
	doc.Find(`a[href^="/payment/"]`).Each(func(_ int, s *goquery.Selection) {
		links++
		if u, err := url.Parse(attr2(s, "href")); err != nil || u.Query().Get("code") != p.Code {
			t.Errorf("receipt page link %q does not carry the payer's code", attr2(s, "href"))
		}
	})
	if links == 0 {
		t.Error("the receipt page links nowhere back to the payment")
	}
}
