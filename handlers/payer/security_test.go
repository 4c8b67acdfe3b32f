package payer

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

const hostileScript = `<script>alert(1)</script>`
const hostileAttr = `"><img src=x onerror=alert(1)>`

// Merchant and payer strings are text, never markup.
func TestHostileStringsRenderInert(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		p := e.payment(e.test, "BTC", func(r *gateway.CreatePaymentRequest) {
			r.Description = hostileScript + " & " + hostileAttr
			r.PayerName = hostileAttr
			r.Custom = gateway.Custom(hostileScript)
			r.Custom1 = hostileAttr
		})
		resp := e.do(http.MethodGet, pageURL(p))
		raw, _ := io.ReadAll(resp.Body)
		for _, bad := range []string{"<script>alert", "<img src=x"} {
			if strings.Contains(string(raw), bad) {
				t.Errorf("the page contains %q unescaped", bad)
			}
		}
		doc, _ := e.page(pageURL(p), http.StatusOK)
		eq(t, "description", byID(doc, "description").Text(), hostileScript+" & "+hostileAttr)
		eq(t, "payer", byID(doc, "payer-name").Text(), "For "+hostileAttr)
		if n := doc.Find("[onerror], img[src=x]").Length(); n != 0 {
			t.Errorf("%d injected elements", n)
		}
		if n := doc.Find("script").Length(); n != 1 {
			t.Errorf("%d script elements, want only checkout.js", n)
		}
		if src, _ := doc.Find("script").Attr("src"); !strings.HasPrefix(src, "/static/checkout.") {
			t.Errorf("script src = %q", src)
		}
		if doc.Find("script").Text() != "" || doc.Find("[style]").Length() != 0 {
			t.Error("inline script or style on the page")
		}
	})
}

// Only http(s) URLs become links back to the store, whatever a gateway sends.
func TestBackLinksOnlyHTTP(t *testing.T) {
	for _, tt := range []struct{ url, want string }{
		{"https://shop.example/thanks?o=1", "https://shop.example/thanks?o=1"},
		{"http://localhost:3000/ok", "http://localhost:3000/ok"},
		{"javascript:alert(1)", ""},
		{"JaVaScRiPt:alert(1)", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
		{"//evil.example/x", ""},
		{"/relative", ""},
	} {
		if got := httpURL(tt.url); got != tt.want {
			t.Errorf("httpURL(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
	// And through the page, with a gateway that hands over a javascript: URL.
	view := gateway.PaymentView{Payment: gateway.Payment{
		PaymentID: "0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11", Code: "c", PaymentType: gateway.FixedAmount, Status: gateway.StatusComplete,
		PaymentAssetID: "BTC", AssetID: "USD", StoreName: "S", PaymentAmount: gateway.MustAmount("1"), IPAmount: gateway.MustAmount("1"),
		MerchantFields: gateway.MerchantFields{SuccessURL: "javascript:alert(1)", CancelURL: "javascript:alert(2)"},
	}}
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.Gateway = fixedGateway{view: view} })
	doc, _ := e.page("/payment/"+view.Payment.PaymentID+"?code=c", http.StatusOK)
	eq(t, "state", attr(doc, "payment", "data-state"), "paid")
	if doc.Find(`[href^="javascript"], [href^="JAVASCRIPT"]`).Length() != 0 || byID(doc, "success-link").Length() != 0 {
		t.Error("a javascript: URL became a link")
	}
	eq(t, "data-success", attr(doc, "payment", "data-success"), "")
}

// fixedGateway shows one payment (and one dedicated address, when set) whatever is asked.
type fixedGateway struct {
	view     gateway.PaymentView
	dedicate *gateway.DedicateView
}

func (g fixedGateway) PaymentView(context.Context, string, string) (gateway.PaymentView, error) {
	return g.view, nil
}
func (g fixedGateway) DedicateView(context.Context, string) (gateway.DedicateView, error) {
	if g.dedicate != nil {
		return *g.dedicate, nil
	}
	return gateway.DedicateView{}, gateway.Errorf(gateway.ErrCodeNoDedicate, "no")
}
func (g fixedGateway) QuoteDue(context.Context, gateway.Amount, string, string) (gateway.Amount, error) {
	return gateway.Amount{}, gateway.Errorf(gateway.ErrCodeNoRate, "no")
}
func (g fixedGateway) DedicateTestAction(context.Context, string, gateway.TestAction, gateway.Amount) error {
	return nil
}
func (g fixedGateway) Subscribe(string) (<-chan struct{}, func()) {
	return make(chan struct{}), func() {}
}
func (g fixedGateway) Notify(string, func()) func() { return func() {} }
func (g fixedGateway) PaymentTestAction(context.Context, string, string, gateway.TestAction) error {
	return nil
}

func TestSecurityHeaders(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		embeddable := e.payment(e.test, "BTC")
		plain := e.payment(e.live, "BTC")
		const base = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors "
		for _, tt := range []struct {
			name, target, csp string
		}{
			{"store with origins", pageURL(embeddable), base + "'self' https://shop.example https://*.shop.example"},
			{"store without origins", pageURL(plain), base + "'self'"},
			{"error page", "/payment/x?code=y", base + "'self'"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				resp := e.do(http.MethodGet, tt.target)
				eq(t, "CSP", resp.Header.Get("Content-Security-Policy"), tt.csp)
				eq(t, "Referrer-Policy", resp.Header.Get("Referrer-Policy"), "no-referrer")
				eq(t, "X-Content-Type-Options", resp.Header.Get("X-Content-Type-Options"), "nosniff")
				eq(t, "Cache-Control", resp.Header.Get("Cache-Control"), "no-store")
			})
		}
		// postMessage goes to exact origins only: the wildcard cannot be a target, '*' never is.
		doc, _ := e.page(pageURL(embeddable), http.StatusOK)
		eq(t, "data-origins", attr(doc, "payment", "data-origins"), "https://shop.example")
		doc, _ = e.page(pageURL(plain), http.StatusOK)
		eq(t, "data-origins", attr(doc, "payment", "data-origins"), "")
	})
}

func TestOriginFilters(t *testing.T) {
	got := frameAncestors([]string{"https://a.example", "https://*.b.example:8443", "https://x.example; script-src *", "'unsafe-inline'", "ftp://c.example", "http://[::1]:8080"})
	eq(t, "frame-ancestors", got, "'self' https://a.example https://*.b.example:8443 http://[::1]:8080")
	eq(t, "message origins", messageOrigins([]string{"https://a.example", "https://*.b.example", "*", "null"}), "https://a.example")
}

func TestLanguageChoice(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		arabic := e.payment(e.test, "BTC", func(r *gateway.CreatePaymentRequest) { r.PayerLang = "ar" })
		unknown := e.payment(e.test, "BTC", func(r *gateway.CreatePaymentRequest) { r.PayerLang = "de" })
		for _, tt := range []struct {
			name, target, acceptLanguage, lang, dir string
		}{
			{"?lang= wins over payer_lang", pageURL(arabic) + "&lang=en", "ar", "en", "ltr"},
			{"payer_lang wins over Accept-Language", pageURL(arabic), "en-US,en", "ar", "rtl"},
			{"a payer_lang without a locale is skipped", pageURL(unknown), "ar-EG,ar;q=0.9", "ar", "rtl"},
			{"Accept-Language", pageURL(unknown), "fr-FR,ar;q=0.5", "ar", "rtl"},
			{"English at last", pageURL(unknown), "fr-FR,de;q=0.5", "en", "ltr"},
			{"an unknown ?lang= is ignored", pageURL(unknown) + "&lang=xx", "", "en", "ltr"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				doc, resp := e.page(tt.target, http.StatusOK, "Accept-Language", tt.acceptLanguage)
				html := doc.Find("html")
				eq(t, "lang", attr2(html, "lang"), tt.lang)
				eq(t, "dir", attr2(html, "dir"), tt.dir)
				eq(t, "Content-Language", resp.Header.Get("Content-Language"), tt.lang)
				headline := text(doc, "headline")
				if isAR := strings.HasPrefix(headline, "AR:"); isAR != (tt.lang == "ar") {
					t.Errorf("headline %q is not in %s", headline, tt.lang)
				}
				// The live stream and the screen refresh keep a language chosen with ?lang=; otherwise
				// they choose again as the page did.
				ev := attr(doc, "payment", "data-events")
				if carried := strings.Contains(ev, "&lang="); carried != strings.Contains(tt.target, "&lang="+tt.lang) {
					t.Errorf("events URL %q for %s", ev, tt.target)
				}
			})
		}
		// Right-to-left pages keep addresses and amounts left-to-right.
		doc, _ := e.page(pageURL(arabic), http.StatusOK)
		if doc.Find(`[dir="ltr"] > bdi[data-testid="pay-address"]`).Length() != 1 || doc.Find(`[dir="ltr"] > bdi[data-testid="pay-amount"]`).Length() != 1 {
			t.Error("address or amount is not isolated left-to-right on a right-to-left page")
		}
	})
}
