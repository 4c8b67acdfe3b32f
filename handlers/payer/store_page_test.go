package payer

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

func withLogos(cfg *Config, _ *fiberConfig) { cfg.Logos = cfg.Gateway.(LogoSource) }

// brand gives the test store a support contact, a colour and a logo.
func (e *testEnv) brand() gateway.Logo {
	e.t.Helper()
	// A flat logo as merchants upload them: 600×200, a disc and a word-like row of bars.
	img := image.NewNRGBA(image.Rect(0, 0, 600, 200))
	for x := 0; x < 600; x++ {
		for y := 0; y < 200; y++ {
			switch dx, dy := x-100, y-100; {
			case dx*dx+dy*dy < 80*80:
				img.Set(x, y, color.NRGBA{11, 110, 79, 255})
			case x > 220 && x < 580 && y > 70 && y < 130 && (x/30)%2 == 0:
				img.Set(x, y, color.NRGBA{23, 32, 46, 255})
			}
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	logo, err := gateway.NormalizeLogo(b.Bytes())
	if err != nil {
		e.t.Fatal(err)
	}
	email, link, color := "help@acme.example", "https://acme.example/help", "#ffd400"
	if _, err := e.eng.UpdateStore(context.Background(), e.test.StoreID, engine.StoreChange{Page: engine.StorePageChange{
		SupportEmail: &email, SupportURL: &link, BrandColor: &color, Logo: &logo,
	}}); err != nil {
		e.t.Fatal(err)
	}
	return logo
}

// Every screen that sends the payer to the store names its support e-mail and page; the others
// do not clutter the payer's way with them.
func TestSupportContact(t *testing.T) {
	e := newEnv(t, withLogos)
	e.brand()
	for _, tt := range []struct {
		name    string
		reach   func(p gateway.Payment)
		contact bool
	}{
		{"waiting", func(gateway.Payment) {}, false},
		{"paid", func(p gateway.Payment) { e.send(p, p.PaymentAmount.String()); e.mine(p, 6) }, false},
		{"paid with extra", func(p gateway.Payment) { e.send(p, p.PaymentAmount.String()); e.mine(p, 6); e.send(p, "0.0001") }, true},
		{"expired after part", func(p gateway.Payment) {
			e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
			e.mine(p, 6)
			e.expire(p)
		}, true},
		{"late", func(p gateway.Payment) { e.expire(p); e.send(p, p.PaymentAmount.String()) }, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := e.payment(e.test, "BTC")
			tt.reach(p)
			doc, _ := e.page(pageURL(p), http.StatusOK)
			if got := shown(doc, "contact"); got != tt.contact {
				t.Fatalf("contact shown: %v, want %v", got, tt.contact)
			}
			if !tt.contact {
				return
			}
			eq(t, "label", strings.TrimSpace(doc.Find(`[data-testid="contact"] span`).Text()), "Contact Acme Test:")
			eq(t, "mailto", attr(doc, "contact-email", "href"), "mailto:help@acme.example")
			eq(t, "support page", attr(doc, "contact-url", "href"), "https://acme.example/help")
			eq(t, "support page text", text(doc, "contact-url"), "acme.example/help")
		})
	}
}

// The brand colour comes as a stylesheet of this origin, with black or white text on it, whichever
// reaches 4.5:1; the logo is served from this origin under its hash.
func TestBrandingServedFromThisOrigin(t *testing.T) {
	e := newEnv(t, withLogos)
	logo := e.brand()
	p := e.payment(e.test, "BTC")
	doc, _ := e.page(pageURL(p), http.StatusOK)
	css, _ := doc.Find(`link[rel=stylesheet][href^="/brand/"]`).Attr("href")
	eq(t, "brand sheet", css, "/brand/ffd400.css")
	eq(t, "logo", attr(doc, "store-logo", "src"), "/logo/"+logo.Hash+".png")
	for _, u := range []string{css, "/logo/" + logo.Hash + ".png"} {
		resp := e.do(http.MethodGet, u)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q", u, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		if u == css && string(body) != ":root{--brand:#ffd400;--brand-text:#000000}\n" {
			t.Errorf("brand sheet %q: a yellow takes dark text", body)
		}
		if u != css && !bytes.Equal(body, logo.PNG) {
			t.Error("the logo served is not the stored one")
		}
	}
	for _, u := range []string{"/brand/zzzzzz.css", "/brand/ffd400;x.css", "/logo/0123456789abcdef.png", "/logo/../x.png"} {
		if resp := e.do(http.MethodGet, u); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", u, resp.StatusCode)
		}
	}
	// Every colour gets a text colour with at least 4.5:1 on it.
	for _, c := range []string{"#000000", "#ffffff", "#777777", "#2456c7", "#ff0000", "#00ff00", "#808080", "#1a6b3c"} {
		text := "#ffffff"
		if contrast(c, "#000000") > contrast(c, text) {
			text = "#000000"
		}
		if r := contrast(c, text); r < 4.5 {
			t.Errorf("%s with %s: %.2f:1", c, text, r)
		}
	}
	if r := contrast("#ffffff", "#000000"); r < 20.9 || r > 21.1 {
		t.Errorf("contrast of black on white = %.2f, want 21", r)
	}
}

// The printable receipt: store, description, amounts, rate and every transaction's full hash;
// opened with the payment's code, and a wrong code is the same 404 as an unknown payment.
func TestReceiptPage(t *testing.T) {
	e := newEnv(t)
	p := e.payment(e.test, "BTC")
	e.send(p, p.PaymentAmount.String())
	e.mine(p, 6)
	p = e.current(p)
	doc, _ := e.page(pageURL(p), http.StatusOK)
	link := attr(doc, "receipt-link", "href")
	doc, resp := e.page(link, http.StatusOK)
	if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "script-src 'self'") {
		t.Errorf("receipt CSP %q", got)
	}
	eq(t, "paid", attr(doc, "receipt-page", "data-paid"), "true")
	eq(t, "store", text(doc, "store-name"), "Acme Test")
	eq(t, "description", text(doc, "description"), "Order 1042")
	eq(t, "outcome", text(doc, "receipt-outcome"), "Paid")
	eq(t, "fiat", text(doc, "receipt-fiat"), "$100.00")
	eq(t, "paid amount", text(doc, "receipt-paid"), p.PaymentAmount.String()+" BTC")
	eq(t, "id", text(doc, "receipt-id"), p.PaymentID)
	eq(t, "number", text(doc, "receipt-number"), p.PaymentNum)
	if r := text(doc, "receipt-rate"); !strings.HasPrefix(r, "1 BTC = $") {
		t.Errorf("rate %q", r)
	}
	txs := e.txs(p)
	eq(t, "hash", text(doc, "receipt-hash"), txs[0].TrxHash)
	eq(t, "test note", text(doc, "receipt-test"), "TEST PAYMENT: no real money is involved.")
	if !shown(doc, "receipt-back") || byID(doc, "receipt-print").Length() != 1 {
		t.Error("no way back or to print")
	}

	for _, target := range []string{
		"/payment/" + p.PaymentID + "/receipt?code=wrong",
		"/payment/" + p.PaymentID + "/receipt",
		"/payment/00000000-0000-4000-8000-000000000000/receipt?code=" + p.Code,
	} {
		doc, _ := e.page(target, http.StatusNotFound)
		eq(t, "404 title", text(doc, "error-title"), "Payment not found")
	}

	// An unpaid payment's receipt page says what it came to, with no time paid.
	q := e.payment(e.test, "BTC")
	e.expire(q)
	doc, _ = e.page("/payment/"+q.PaymentID+"/receipt?code="+q.Code, http.StatusOK)
	eq(t, "unpaid", attr(doc, "receipt-page", "data-paid"), "false")
	eq(t, "unpaid outcome", text(doc, "receipt-outcome"), "This payment has expired")
	if shown(doc, "receipt-time") {
		t.Error("an unpaid receipt names a time paid")
	}
}

// A dedicated address with ?amount= stops asking once a deposit covering it arrived after the page
// was opened, and says so; an earlier deposit (for an earlier request) does not count, nor does one
// too small. A link priced in another crypto shows "≈" its own amount beside the converted one.
func TestDedicateAcknowledgesDeposit(t *testing.T) {
	e := newEnv(t)
	d := e.dedicate(e.test, "USDT.TRC20")
	deposit := func(amount string) {
		t.Helper()
		if _, err := e.eng.EmulateDedicateTransaction(context.Background(), e.test, d.DedicateID, gateway.AmountInput{Value: gateway.MustAmount(amount), Set: true}); err != nil {
			t.Fatal(err)
		}
	}
	link := "/dedicate/" + d.DedicateID + "?amount=200&asset_id=USDT.TRC20"
	deposit("200") // for an earlier request
	e.clock.Add(10 * time.Minute)
	doc, _ := e.page(link, http.StatusOK)
	eq(t, "state with an earlier deposit", attr(doc, "dedicate", "data-state"), "open")
	eq(t, "amount", text(doc, "pay-amount"), "200")
	if shown(doc, "quote") {
		t.Error("a link in the address's own asset shows a quote")
	}
	page := attr(doc, "dedicate", "data-page") // what the script and the refresh come back to
	// Without a script the page reloads itself to the same moment (<noscript> parses as text here).
	if got := doc.Find("head noscript").Text(); !strings.Contains(got, "url="+strings.ReplaceAll(page, "&", "&amp;")+`"`) {
		t.Errorf("refresh %q does not keep the page's moment %q", got, page)
	}
	e.clock.Add(time.Minute)
	deposit("50") // too little
	doc, _ = e.page(page, http.StatusOK)
	eq(t, "state after 50", attr(doc, "dedicate", "data-state"), "open")
	e.clock.Add(time.Minute)
	deposit("200")
	doc, _ = e.page(page, http.StatusOK)
	eq(t, "state after 200", attr(doc, "dedicate", "data-state"), "received")
	eq(t, "headline", text(doc, "headline"), "Received 200 USDT, thank you")
	for _, id := range []string{"pay", "pay-amount", "qr", "test-pay"} {
		if shown(doc, id) {
			t.Errorf("%s still shown: the page must stop asking", id)
		}
	}
	if !shown(doc, "payments") {
		t.Error("the deposit is not listed")
	}
	// The link opened afresh a day later asks again; so does a page whose moment is too old.
	e.clock.Add(25 * time.Hour)
	for _, target := range []string{link, page} {
		doc, _ = e.page(target, http.StatusOK)
		eq(t, "state a day later", attr(doc, "dedicate", "data-state"), "open")
	}

	// Priced in another crypto: "≈ 0.001 BTC" beside the USDT amount.
	doc, _ = e.page("/dedicate/"+d.DedicateID+"?amount=0.001&asset_id=BTC", http.StatusOK)
	eq(t, "quote", text(doc, "quote"), "≈ 0.001 BTC")
}

func (e *testEnv) txs(p gateway.Payment) []gateway.Transaction {
	e.t.Helper()
	txs, err := e.eng.Transactions(context.Background(), p.StoreID, p.PaymentID)
	if err != nil || len(txs) == 0 {
		e.t.Fatalf("transactions of %s: %v (%d)", p.PaymentID, err, len(txs))
	}
	return txs
}

// withPageBytes stands for a remote gateway whose stores file gives the page settings with the
// logo's own bytes, as read from logo_file.
type withPageBytes struct {
	Gateway
	page gateway.PageSettings
}

func (g withPageBytes) PaymentView(ctx context.Context, id, code string) (gateway.PaymentView, error) {
	v, err := g.Gateway.PaymentView(ctx, id, code)
	v.Page = g.page
	return v, err
}

// A logo that comes with the view's bytes (remote mode) is re-encoded once and served from this
// origin under the hash of what was re-encoded; a file that is no image gives no logo.
func TestLogoFromTheViewsBytes(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	img.Set(1, 1, color.NRGBA{255, 0, 0, 255})
	var jpg bytes.Buffer
	jpeg.Encode(&jpg, img, nil)
	page := gateway.PageSettings{SupportEmail: "help@remote.example", BrandColor: "#0a7700", Logo: jpg.Bytes(), LogoType: "image/jpeg"}
	e := newEnv(t, func(cfg *Config, _ *fiberConfig) { cfg.Gateway = withPageBytes{cfg.Gateway, page} })
	p := e.payment(e.test, "BTC")
	doc, _ := e.page(pageURL(p), http.StatusOK)
	src := attr(doc, "store-logo", "src")
	want, _ := gateway.NormalizeLogo(jpg.Bytes())
	eq(t, "logo", src, "/logo/"+want.Hash+".png")
	eq(t, "brand", doc.Find(`link[href^="/brand/"]`).AttrOr("href", ""), "/brand/0a7700.css")
	resp := e.do(http.MethodGet, src)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || !bytes.Equal(body, want.PNG) {
		t.Errorf("logo: %d %s, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
	}

	bad := newEnv(t, func(cfg *Config, _ *fiberConfig) {
		cfg.Gateway = withPageBytes{cfg.Gateway, gateway.PageSettings{Logo: []byte("<svg><script>alert(1)</script></svg>")}}
	})
	q := bad.payment(bad.test, "BTC")
	if doc, _ := bad.page(pageURL(q), http.StatusOK); shown(doc, "store-logo") {
		t.Error("a logo that is no image is shown")
	}
}
