package payer

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/locales"
)

// FuzzPayerQuery feeds the payer pages' query (lang, code, amount, asset_id) anything a link or a
// scanner may carry, through the whole app over a real engine. Whatever it is: never a 5xx, the
// payment page opens only with its own code (else the same 404), a dedicated address's page always
// opens (an unusable amount is said so, never an error), and nothing of the query appears in a page
// unescaped.
func FuzzPayerQuery(f *testing.F) {
	e := newEnv(f, func(cfg *Config, _ *fiberConfig) { cfg.Catalog = locales.MustLoad() })
	p := e.payment(e.test, "BTC")
	d := e.dedicate(e.test, "USDT.TRC20")
	for _, s := range [][4]string{
		{"fr", p.Code, "25", "USD"},
		{"ar", "", "0.5", ""},
		{"zh-Hant-TW", p.Code + "x", "1e18", "eur"},
		{"<script>", "\"'><svg/onload=1>", "-1", "BTC"},
		{"en;q=0.5", "%00", "1e-31", "USDT.ERC20"},
		{strings.Repeat("a", 40), strings.Repeat("b", 300), strings.Repeat("9", 41), strings.Repeat("Z", 21)},
		{"fa", p.Code, "NaN", "Infinity"},
		{"pt-BR", p.Code, " 12.50 ", " usd "},
	} {
		f.Add(s[0], s[1], s[2], s[3])
	}
	// What the pages hold anyway, in every language: a value found in them proves nothing.
	var baseline strings.Builder
	for _, lang := range locales.MustLoad().Languages() {
		for _, target := range []string{pageURL(p) + "&lang=" + lang, "/dedicate/" + d.DedicateID + "?amount=1&asset_id=USD&lang=" + lang} {
			resp, err := e.app.Test(httptest.NewRequest(http.MethodGet, target, nil), -1)
			if err != nil {
				f.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			baseline.Write(b)
		}
	}
	notReflected := func(t *testing.T, body string, values ...string) {
		t.Helper()
		for _, v := range values {
			if strings.Contains(v, "<") && strings.Contains(body, v) && !strings.Contains(baseline.String(), v) {
				t.Fatalf("%q appears unescaped in the page", v)
			}
		}
	}
	f.Fuzz(func(t *testing.T, lang, code, amount, assetID string) {
		q := url.Values{"lang": {lang}, "code": {code}}.Encode()
		status, body := fuzzGet(t, e, "/payment/"+p.PaymentID+"?"+q)
		switch {
		case code == p.Code && status != http.StatusOK:
			t.Fatalf("payment page with its code and lang %q: %d", lang, status)
		case code != p.Code && status != http.StatusNotFound:
			t.Fatalf("payment page with code %q: %d, want 404", code, status)
		}
		notReflected(t, body, lang, code)

		q = url.Values{"lang": {lang}, "amount": {amount}, "asset_id": {assetID}}.Encode()
		status, body = fuzzGet(t, e, "/dedicate/"+d.DedicateID+"?"+q)
		if status != http.StatusOK {
			t.Fatalf("dedicate page with amount %q asset %q: %d, want 200", amount, assetID, status)
		}
		notReflected(t, body, lang, amount, assetID)
		if status, _ = fuzzGet(t, e, "/dedicate/"+d.DedicateID+"/qr.png?"+q); status >= 500 {
			t.Fatalf("dedicate QR with amount %q asset %q: %d", amount, assetID, status)
		}
	})
}

// requestLineLimit is below fasthttp's 4 KB read buffer (request line and headers): a longer link
// never reaches the pages, the server answers it with 431 (TestOverlongLinkIsRefusedWith431).
const requestLineLimit = 3500

func fuzzGet(t *testing.T, e *testEnv, target string) (int, string) {
	t.Helper()
	if len(target) > requestLineLimit {
		t.Skip("longer than the server reads")
	}
	resp, err := e.app.Test(httptest.NewRequest(http.MethodGet, target, nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 500 {
		t.Fatalf("GET %s: %d\n%s", target, resp.StatusCode, b)
	}
	return resp.StatusCode, string(b)
}
