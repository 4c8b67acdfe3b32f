package onramp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

func order() Order {
	return Order{
		PaymentID: "5b0e8c1c-1f3a-4d6e-9a55-0d2c6f1e7a10", AssetID: "ETH",
		Address:      "0xde0b295669a9fd93d5f28d9ec85e40f4cb697bae",
		CryptoAmount: gateway.MustAmount("0.0312"), FiatAssetID: "EUR", FiatAmount: gateway.MustAmount("100.25"),
		ReturnURL: "https://shop.example/paid?order=42&x=a b", PayerIP: "203.0.113.7",
	}
}

func service(t *testing.T, cfg Config) *Service {
	t.Helper()
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestMoonPayLink checks the link against MoonPay's documented shape and verifies the signature by
// computing it here independently: HMAC-SHA256 with the secret key over everything from "?" up to
// "&signature=", base64, URL-encoded.
func TestMoonPayLink(t *testing.T) {
	const secret = "sk_test_s3cr3t"
	s := service(t, Config{MoonPayAPIKey: "pk_test_key", MoonPaySecretKey: secret})
	l, err := s.Link(context.Background(), MoonPay, order())
	if err != nil {
		t.Fatal(err)
	}
	if l.Framed {
		t.Error("MoonPay is a redirect")
	}
	if !strings.HasPrefix(l.URL, "https://buy.moonpay.com?") {
		t.Fatalf("link %q is not on buy.moonpay.com", l.URL)
	}
	signedPart, sig, ok := strings.Cut(l.URL[len("https://buy.moonpay.com"):], "&signature=")
	if !ok || strings.Contains(sig, "&") {
		t.Fatalf("signature is not the last parameter: %q", l.URL)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signedPart))
	if got, want := sig, url.QueryEscape(base64.StdEncoding.EncodeToString(mac.Sum(nil))); got != want {
		t.Errorf("signature = %q, want %q", got, want)
	}
	u, _ := url.Parse(l.URL)
	q := u.Query()
	for name, want := range map[string]string{
		"apiKey": "pk_test_key", "currencyCode": "eth", "walletAddress": order().Address,
		"baseCurrencyCode": "eur", "baseCurrencyAmount": "100.25", "redirectURL": order().ReturnURL,
		"externalTransactionId": order().PaymentID,
	} {
		if got := q.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if strings.Contains(signedPart, " ") || !strings.Contains(signedPart, "redirectURL=https%3A%2F%2Fshop.example%2Fpaid%3Forder%3D42%26x%3Da+b") {
		t.Errorf("values are not URL-encoded before signing: %q", signedPart)
	}
	// A wrong secret does not verify: the test above could fail.
	other := hmac.New(sha256.New, []byte("another"))
	other.Write([]byte(signedPart))
	if url.QueryEscape(base64.StdEncoding.EncodeToString(other.Sum(nil))) == sig {
		t.Error("signature verifies with any key")
	}
}

func TestMoonPaySandboxHostAndTokenCode(t *testing.T) {
	s := service(t, Config{MoonPayAPIKey: "pk", MoonPaySecretKey: "sk", Sandbox: true})
	o := order()
	o.AssetID = "USDT.TRC20"
	l, err := s.Link(context.Background(), MoonPay, o)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(l.URL)
	if got, want := u.Host, "buy-sandbox.moonpay.com"; got != want {
		t.Errorf("host = %q, want %q", got, want)
	}
	if got, want := u.Query().Get("currencyCode"), "usdt_trx"; got != want {
		t.Errorf("currencyCode = %q, want %q", got, want)
	}
}

func TestBanxaLink(t *testing.T) {
	for _, sandbox := range []bool{false, true} {
		s := service(t, Config{BanxaPartner: "acme", Sandbox: sandbox})
		o := order()
		o.AssetID = "USDT.TRC20"
		o.Address = "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"
		l, err := s.Link(context.Background(), Banxa, o)
		if err != nil {
			t.Fatal(err)
		}
		u, _ := url.Parse(l.URL)
		want := map[bool]string{false: "acme.banxa.com", true: "acme.banxa-sandbox.com"}[sandbox]
		if u.Host != want || u.Path != "" {
			t.Errorf("link %q, want https://%s?…", l.URL, want)
		}
		q := u.Query()
		for name, v := range map[string]string{
			"walletAddress": o.Address, "blockchain": "TRON", "coinType": "USDT", "fiatType": "EUR",
			"fiatAmount": "100.25", "returnUrl": o.ReturnURL,
		} {
			if got := q.Get(name); got != v {
				t.Errorf("%s = %q, want %q", name, got, v)
			}
		}
		if q.Has("coinAmount") || q.Has("signature") {
			t.Errorf("coinAmount excludes fiatAmount and referral links are unsigned: %q", l.URL)
		}
	}
}

func TestWertLinkIsFramedOnWertsHost(t *testing.T) {
	s := service(t, Config{WertPartnerID: "01H28HR1AXVTAD3AXW3DDFDY2Y"})
	l, err := s.Link(context.Background(), Wert, order())
	if err != nil {
		t.Fatal(err)
	}
	if !l.Framed {
		t.Error("Wert's widget is shown in a frame of our page")
	}
	u, _ := url.Parse(l.URL)
	if got, want := u.Host+u.Path, "widget.wert.io/01H28HR1AXVTAD3AXW3DDFDY2Y/widget"; got != want {
		t.Errorf("widget at %q, want %q", got, want)
	}
	q := u.Query()
	for name, v := range map[string]string{
		"commodity": "ETH", "network": "ethereum", "address": order().Address, "commodity_amount": "0.0312",
		"redirect_url": order().ReturnURL, "click_id": order().PaymentID,
	} {
		if got := q.Get(name); got != v {
			t.Errorf("%s = %q, want %q", name, got, v)
		}
	}
	if got, want := s.WertOrigin(), "https://widget.wert.io"; got != want {
		t.Errorf("origin = %q, want %q", got, want)
	}
	o := order()
	o.AssetID = "TRX"
	if _, err := s.Link(context.Background(), Wert, o); !errors.Is(err, ErrNotOffered) {
		t.Errorf("Wert does not sell TRX: err = %v", err)
	}
}

// The real Transak cannot be reached from here (no network but package registries), so this fake
// implements its documented requests and answers: refresh-token with the api-secret header, then
// auth/session with the access-token header and widgetParams, answering a single-use widgetUrl.
func TestTransakLinkThroughItsAPI(t *testing.T) {
	var refreshes, sessions atomic.Int32
	var params transakWidgetParams
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method + " " + r.URL.Path {
		case "POST /partners/api/v2/refresh-token":
			var body struct{ APIKey string }
			_ = json.NewDecoder(r.Body).Decode(&body)
			if r.Header.Get("api-secret") != "transak-secret" || body.APIKey != "transak-key" {
				http.Error(w, `{"error":{"message":"bad credentials"}}`, http.StatusUnauthorized)
				return
			}
			refreshes.Add(1)
			_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{
				"accessToken": "tok-1", "expiresAt": time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Unix()}})
		case "POST /api/v2/auth/session":
			if r.Header.Get("access-token") != "tok-1" {
				http.Error(w, `{}`, http.StatusUnauthorized)
				return
			}
			var body struct {
				WidgetParams transakWidgetParams `json:"widgetParams"`
			}
			_ = json.NewDecoder(r.Body).Decode(&body)
			params = body.WidgetParams
			n := sessions.Add(1)
			_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{
				"widgetUrl": "https://global.transak.com?apiKey=transak-key&sessionId=s" + string(rune('0'+n))}})
		default:
			http.NotFound(w, r)
		}
	}))
	defer fake.Close()
	s := service(t, Config{TransakAPIKey: "transak-key", TransakAPISecret: "transak-secret", ReferrerDomain: "pay.example",
		TransakAPIBase: fake.URL, TransakGatewayBase: fake.URL, HTTP: fake.Client()})
	first, err := s.Link(context.Background(), Transak, order())
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Link(context.Background(), Transak, order())
	if err != nil {
		t.Fatal(err)
	}
	if first.URL == second.URL || !strings.HasPrefix(first.URL, "https://global.transak.com?") {
		t.Errorf("widget URLs %q, %q: want a fresh one per click on global.transak.com", first.URL, second.URL)
	}
	if got, want := refreshes.Load(), int32(1); got != want {
		t.Errorf("refresh-token called %d times, want %d (the token is kept until it expires)", got, want)
	}
	want := transakWidgetParams{APIKey: "transak-key", ReferrerDomain: "pay.example", ProductsAvailed: "BUY",
		CryptoCurrencyCode: "ETH", Network: "ethereum", WalletAddress: order().Address, DisableWalletAddressForm: true,
		FiatCurrency: "EUR", FiatAmount: "100.25", PartnerOrderID: order().PaymentID, RedirectURL: order().ReturnURL}
	if params != want {
		t.Errorf("widgetParams = %+v\nwant %+v", params, want)
	}
}

func TestTransakWidgetURLOffItsHostIsRefused(t *testing.T) {
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "refresh-token") {
			_, _ = w.Write([]byte(`{"data":{"accessToken":"t","expiresAt":4102444800}}`))
			return
		}
		_, _ = w.Write([]byte(`{"data":{"widgetUrl":"https://evil.example/?sessionId=1"}}`))
	}))
	defer fake.Close()
	s := service(t, Config{TransakAPIKey: "k", TransakAPISecret: "s", ReferrerDomain: "pay.example",
		TransakAPIBase: fake.URL, TransakGatewayBase: fake.URL, HTTP: fake.Client()})
	if _, err := s.Link(context.Background(), Transak, order()); err == nil || !strings.Contains(err.Error(), "documented host") {
		t.Errorf("err = %v, want a refusal of the foreign host", err)
	}
}

// The real Guardarian cannot be reached from here, so this fake implements its documented
// POST /v1/transaction: x-api-key, the transaction body, redirect_url in the answer.
func TestGuardarianLinkThroughItsAPI(t *testing.T) {
	var got guardarianTransaction
	var forwarded string
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/transaction" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("x-api-key") != "g-key" {
			http.Error(w, `{"code":"INVALID_TOKEN"}`, http.StatusForbidden)
			return
		}
		forwarded = r.Header.Get("X-Forwarded-For")
		_ = json.NewDecoder(r.Body).Decode(&got)
		_, _ = w.Write([]byte(`{"id":4298466473,"status":"new","redirect_url":"https://payments.guardarian.com/checkout?tid=4298466473"}`))
	}))
	defer fake.Close()
	s := service(t, Config{GuardarianAPIKey: "g-key", GuardarianAPIBase: fake.URL, HTTP: fake.Client()})
	o := order()
	o.AssetID = "USDT.ERC20"
	l, err := s.Link(context.Background(), Guardarian, o)
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://payments.guardarian.com/checkout?tid=4298466473"; l.URL != want {
		t.Errorf("link = %q, want %q", l.URL, want)
	}
	want := guardarianTransaction{FromAmount: "100.25", FromCurrency: "EUR", FromNetwork: "EUR", ToCurrency: "USDT", ToNetwork: "ETH",
		PayoutInfo: guardarianPayout{PayoutAddress: o.Address}, ExternalPartnerLinkID: o.PaymentID,
		Redirects: &guardarianReturns{Successful: o.ReturnURL, Cancelled: o.ReturnURL, Failed: o.ReturnURL}}
	if got.Redirects == nil || *got.Redirects != *want.Redirects {
		t.Errorf("redirects = %+v, want %+v", got.Redirects, want.Redirects)
	}
	got.Redirects, want.Redirects = nil, nil
	if got != want {
		t.Errorf("transaction = %+v\nwant %+v", got, want)
	}
	if forwarded != "203.0.113.7" {
		t.Errorf("X-Forwarded-For = %q, want the payer's IP", forwarded)
	}

	bad := service(t, Config{GuardarianAPIKey: "wrong", GuardarianAPIBase: fake.URL, HTTP: fake.Client()})
	if _, err := bad.Link(context.Background(), Guardarian, o); err == nil || strings.Contains(err.Error(), "wrong") {
		t.Errorf("err = %v, want a failure that does not echo the key", err)
	}
}

func TestOfferedNeedsCredentials(t *testing.T) {
	s := service(t, Config{})
	for _, p := range []Provider{MoonPay, Banxa, Transak, Guardarian, Wert, Kado} {
		if ok, why := s.Offered(p, "ETH", "EUR"); ok || why == "" {
			t.Errorf("%s offered without credentials (why %q)", p, why)
		}
	}
	if got := s.Configured(); len(got) != 0 {
		t.Errorf("configured = %v, want none", got)
	}
	if _, err := s.Link(context.Background(), MoonPay, order()); !errors.Is(err, ErrNotOffered) {
		t.Errorf("err = %v, want ErrNotOffered", err)
	}
	g := service(t, Config{GuardarianAPIKey: "k", Sandbox: true})
	if ok, _ := g.Offered(Guardarian, "ETH", "EUR"); ok {
		t.Error("Guardarian offered in sandbox mode, which it documents no host for")
	}
}

func TestValidateRefusals(t *testing.T) {
	for _, c := range []Config{
		{KadoAPIKey: "x"},
		{MoonPayAPIKey: "pk"},
		{TransakAPISecret: "s"},
		{BanxaPartner: "evil.example/x"},
		{WertPartnerID: "../x"},
	} {
		if _, err := New(c); err == nil {
			t.Errorf("New(%+v) accepted", c)
		}
	}
	_, err := New(Config{KadoAPIKey: "x"})
	if err == nil || !strings.Contains(err.Error(), "ONRAMP_KADO_API_KEY") {
		t.Errorf("Kado refusal %v does not name the variable", err)
	}
}

func TestProviderOfSeedCodes(t *testing.T) {
	for code, want := range map[string]Provider{"sguardarian": Guardarian, "sguardian": Guardarian, "cmoonpay": MoonPay,
		"cbanxa": Banxa, "cwert": Wert, "cransak": Transak, "ckado": Kado} {
		if got, ok := ProviderOf(code); !ok || got != want {
			t.Errorf("ProviderOf(%q) = %q, %v; want %q", code, got, ok, want)
		}
	}
	if _, ok := ProviderOf("paypal"); ok {
		t.Error("an unknown code maps to a provider")
	}
}

func TestNothingToPayIsNotOffered(t *testing.T) {
	s := service(t, Config{BanxaPartner: "acme"})
	o := order()
	o.CryptoAmount, o.FiatAmount = gateway.Zero, gateway.Zero
	if _, err := s.Link(context.Background(), Banxa, o); !errors.Is(err, ErrNotOffered) {
		t.Errorf("err = %v, want ErrNotOffered", err)
	}
}
