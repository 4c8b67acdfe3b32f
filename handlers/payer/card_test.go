package payer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/onramp"
)

const moonPaySecret = "sk_test_card"

func withOnramp(cfg onramp.Config) func(*Config, *fiberConfig) {
	return func(c *Config, _ *fiberConfig) {
		s, err := onramp.New(cfg)
		if err != nil {
			panic(err)
		}
		c.Onramp = s
	}
}

func fiat(provider, currency string) func(*gateway.CreatePaymentRequest) {
	return func(r *gateway.CreatePaymentRequest) {
		r.AssetID, r.FiatProvider, r.FiatAssetID = currency, provider, currency
	}
}

// postForm submits a page's form the way a browser on this site does.
func (e *testEnv) postForm(action, body string, header ...string) *http.Response {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, action, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.app.Test(req, -1)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

func TestCardPanelLeadsAFiatPaymentAndRedirectsToSignedMoonPay(t *testing.T) {
	e := newEnv(t, withOnramp(onramp.Config{MoonPayAPIKey: "pk_test_card", MoonPaySecretKey: moonPaySecret}))
	p := e.payment(e.live, "ETH", fiat("cmoonpay", "EUR"))

	doc, resp := e.page(pageURL(p), http.StatusOK)
	eq(t, "title", text(doc, "card-pay")[:len("Pay by card with MoonPay")], "Pay by card with MoonPay")
	eq(t, "price", text(doc, "card-price"), "€100.00")
	if !strings.Contains(text(doc, "card-fee-note"), "MoonPay adds its own fee") {
		t.Errorf("fee note %q", text(doc, "card-fee-note"))
	}
	if doc.Find(`[data-testid="card-pay"] ~ [data-testid="pay"]`).Length() != 1 {
		t.Error("the card panel does not come first with the crypto panel after it")
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self';") || strings.Contains(csp, "moonpay") {
		t.Errorf("the payment page's CSP lets a third party in: %q", csp)
	}

	action, _ := byID(doc, "card-pay-button").Closest("form").Attr("action")
	// Amounts in the query are not the payment's: they change nothing.
	resp = e.postForm(action+"&baseCurrencyAmount=1&amount=1", "baseCurrencyAmount=1")
	if resp.StatusCode != http.StatusSeeOther {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d, want 303\n%s", resp.StatusCode, body)
	}
	loc := resp.Header.Get("Location")
	u, err := url.Parse(loc)
	if err != nil || u.Scheme != "https" || u.Host != "buy.moonpay.com" {
		t.Fatalf("redirect to %q, want MoonPay's host", loc)
	}
	q := u.Query()
	eq(t, "walletAddress", q.Get("walletAddress"), p.Address)
	eq(t, "currencyCode", q.Get("currencyCode"), "eth")
	eq(t, "baseCurrencyCode", q.Get("baseCurrencyCode"), "eur")
	eq(t, "baseCurrencyAmount", q.Get("baseCurrencyAmount"), "100")
	eq(t, "externalTransactionId", q.Get("externalTransactionId"), p.PaymentID)
	eq(t, "redirectURL", q.Get("redirectURL"), "https://shop.example/thanks")
	signed, sig, _ := strings.Cut(strings.TrimPrefix(loc, "https://buy.moonpay.com"), "&signature=")
	mac := hmac.New(sha256.New, []byte(moonPaySecret))
	mac.Write([]byte(signed))
	eq(t, "signature", sig, url.QueryEscape(base64.StdEncoding.EncodeToString(mac.Sum(nil))))
}

func TestCardRefusals(t *testing.T) {
	e := newEnv(t, withOnramp(onramp.Config{MoonPayAPIKey: "pk", MoonPaySecretKey: "sk"}))
	p := e.payment(e.live, "ETH", fiat("cmoonpay", "EUR"))
	action := "/payment/" + p.PaymentID + "/onramp?code=" + p.Code
	if got := e.postForm(action, "", "Sec-Fetch-Site", "cross-site").StatusCode; got != http.StatusForbidden {
		t.Errorf("cross-site: status %d, want 403", got)
	}
	if got := e.postForm("/payment/"+p.PaymentID+"/onramp?code=nope", "").StatusCode; got != http.StatusNotFound {
		t.Errorf("wrong code: status %d, want 404", got)
	}
	if got := e.do(http.MethodGet, action).StatusCode; got != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", got)
	}

	// Without credentials the provider is not offered: crypto only, and the button's URL just
	// comes back to the page.
	banxa := e.payment(e.live, "ETH", fiat("cbanxa", "EUR"))
	doc, _ := e.page(pageURL(banxa), http.StatusOK)
	if byID(doc, "card-pay").Length() != 0 || byID(doc, "pay").Length() != 1 {
		t.Error("a provider without credentials is offered, or the crypto panel is gone")
	}
	resp := e.postForm("/payment/"+banxa.PaymentID+"/onramp?code="+banxa.Code, "")
	eq(t, "no card: back to the page", resp.Header.Get("Location"), pageURL(banxa))

	// A crypto payment has no card panel.
	plain := e.payment(e.live, "ETH")
	if doc, _ := e.page(pageURL(plain), http.StatusOK); byID(doc, "card-pay").Length() != 0 {
		t.Error("a crypto payment offers a card")
	}
}

func TestWertWidgetIsFramedOnOurPage(t *testing.T) {
	e := newEnv(t, withOnramp(onramp.Config{WertPartnerID: "01TESTPARTNER"}))
	p := e.payment(e.live, "ETH", fiat("cwert", "USD"))
	resp := e.postForm("/payment/"+p.PaymentID+"/onramp?code="+p.Code, "")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want our framing page", resp.StatusCode)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-src https://widget.wert.io;") || !strings.Contains(csp, "script-src 'self';") {
		t.Errorf("CSP %q: want Wert's widget origin framed and only our scripts", csp)
	}
	body, _ := io.ReadAll(resp.Body)
	html := string(body)
	if !strings.Contains(html, `src="https://widget.wert.io/01TESTPARTNER/widget?`) || strings.Contains(html, "<script src=\"https://") {
		t.Errorf("framing page:\n%s", html)
	}
}

// The emulated provider of test stores: card → form → emulated transaction → the payment page.
func TestEmulatedProviderPaysWithTheTestCard(t *testing.T) {
	e := newEnv(t) // no on-ramp credentials at all: test stores need none
	p := e.payment(e.test, "BTC", fiat("cmoonpay", "USD"))
	doc, _ := e.page(pageURL(p), http.StatusOK)
	if !shown(doc, "card-test-note") {
		t.Fatal("a test store's card panel does not say it is a test")
	}
	action, _ := byID(doc, "card-pay-button").Closest("form").Attr("action")
	resp := e.postForm(action, "")
	eq(t, "to the emulated provider", resp.Header.Get("Location"), "/onramp/test/"+p.PaymentID+"?code="+p.Code)

	form, _ := e.page(resp.Header.Get("Location"), http.StatusOK)
	if !strings.Contains(text(form, "test-banner"), "TEST") {
		t.Errorf("banner %q does not say TEST", text(form, "test-banner"))
	}
	eq(t, "price", text(form, "onramp-test-price"), "$100.00")
	eq(t, "address", text(form, "onramp-test-address"), p.Address)
	submit, _ := byID(form, "card-submit").Closest("form").Attr("action")

	for _, number := range []string{"4000 0000 0000 0002", "5555 5555 5555 4444"} {
		r := e.postForm(submit, "number="+url.QueryEscape(number)+"&expiry=12%2F34&cvc=123")
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("card %s: status %d, want 422", number, r.StatusCode)
		}
	}
	if got := e.current(p).IPAmount; got.IsPositive() {
		t.Fatalf("a refused card sent %s", got)
	}
	if r := e.postForm(submit, "number=4242424242424242", "Sec-Fetch-Site", "cross-site"); r.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site card form: status %d, want 403", r.StatusCode)
	}

	r := e.postForm(submit, "number=4242+4242+4242+4242&expiry=12%2F34&cvc=123")
	eq(t, "back to the payment", r.Header.Get("Location"), pageURL(p))
	now := e.current(p)
	if !now.IPAmount.Equal(now.PaymentAmount) {
		t.Errorf("received %s, want the whole %s", now.IPAmount, now.PaymentAmount)
	}
	doc, _ = e.page(pageURL(p), http.StatusOK)
	eq(t, "state", attr(doc, "payment", "data-state"), "confirming")
	if byID(doc, "card-pay").Length() != 0 {
		t.Error("the card is still offered once everything arrived")
	}
	// The form of a payment with nothing left to pay sends the payer back to the page.
	if r := e.do(http.MethodGet, "/onramp/test/"+p.PaymentID+"?code="+p.Code); r.StatusCode != http.StatusSeeOther {
		t.Errorf("form of a paid payment: status %d, want 303", r.StatusCode)
	}
}

func TestEmulatedProviderOnlyForTestStoresWithTestTools(t *testing.T) {
	e := newEnv(t)
	live := e.payment(e.live, "BTC", fiat("cmoonpay", "USD"))
	if got := e.do(http.MethodGet, "/onramp/test/"+live.PaymentID+"?code="+live.Code).StatusCode; got != http.StatusNotFound {
		t.Errorf("live store: status %d, want 404", got)
	}
	test := e.payment(e.test, "BTC", fiat("cmoonpay", "USD"))
	if got := e.do(http.MethodGet, "/onramp/test/"+test.PaymentID+"?code=nope").StatusCode; got != http.StatusNotFound {
		t.Errorf("wrong code: status %d, want 404", got)
	}
	remote := newEnv(t, func(c *Config, _ *fiberConfig) { c.NoTestTools = true })
	q := remote.payment(remote.test, "BTC", fiat("cmoonpay", "USD"))
	if got := remote.do(http.MethodGet, "/onramp/test/"+q.PaymentID+"?code="+q.Code).StatusCode; got != http.StatusNotFound {
		t.Errorf("without test tools: status %d, want 404", got)
	}
	if doc, _ := remote.page(pageURL(q), http.StatusOK); byID(doc, "card-pay").Length() != 0 {
		t.Error("without test tools and credentials, a test store offers a card")
	}
}

// After a partial payment the card buys what remains, not the whole price.
func TestCardPriceIsWhatRemains(t *testing.T) {
	e := newEnv(t)
	p := e.payment(e.test, "BTC", fiat("cbanxa", "USD"))
	half := gateway.AmountFromDecimal(p.PaymentAmount.Decimal().Div(gateway.AmountFromInt(2).Decimal())).RoundDown(8)
	e.send(p, half.String())
	doc, _ := e.page(pageURL(p), http.StatusOK)
	price := text(doc, "card-price")
	if price == "" || price == "$100.00" {
		t.Errorf("card price after half was paid = %q, want about 50 USD", price)
	}
	if !strings.HasPrefix(price, "$50.") {
		t.Errorf("card price %q, want about 50 USD", price)
	}
}

// When the provider's API fails at the click, the payer is told to pay with crypto (502), in their
// language, and nothing of the provider's answer reaches the page.
func TestCardProviderFailureIsAFriendlyPage(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, `{"error":"secret-echo"}`, http.StatusInternalServerError)
	}))
	defer down.Close()
	e := newEnv(t, withOnramp(onramp.Config{TransakAPIKey: "k", TransakAPISecret: "s", ReferrerDomain: "pay.test",
		TransakAPIBase: down.URL, TransakGatewayBase: down.URL, HTTP: down.Client()}))
	p := e.payment(e.live, "ETH", fiat("cransak", "EUR"))
	if doc, _ := e.page(pageURL(p), http.StatusOK); byID(doc, "card-pay").Length() != 1 {
		t.Fatal("Transak with credentials is not offered")
	}
	resp := e.postForm("/payment/"+p.PaymentID+"/onramp?code="+p.Code+"&lang=ar", "")
	if resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("status %d, want 502", resp.StatusCode)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "AR:Paying by card is not possible right now") || strings.Contains(string(body), "secret-echo") {
		t.Errorf("failure page:\n%s", body)
	}
}

// A provider that is not offered is said in the log, once, with the reason; never to the payer.
func TestCardNotOfferedIsLoggedOnce(t *testing.T) {
	var buf strings.Builder
	var mu sync.Mutex
	e := newEnv(t, withOnramp(onramp.Config{}), func(c *Config, _ *fiberConfig) {
		c.Log = slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, nil))
	})
	p := e.payment(e.live, "ETH", fiat("cbanxa", "EUR"))
	for _, target := range []string{pageURL(p), pageURL(p) + "&lang=ar", pageURL(p) + "&lang=en"} {
		doc, _ := e.page(target, http.StatusOK)
		if strings.Contains(doc.Text(), "ONRAMP_") {
			t.Fatal("the payer is told about the configuration")
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Count(buf.String(), "pay by card not offered"); got != 1 {
		t.Errorf("logged %d times, want once:\n%s", got, buf.String())
	}
	if !strings.Contains(buf.String(), "ONRAMP_BANXA_PARTNER is not set") {
		t.Errorf("the log does not say why:\n%s", buf.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
