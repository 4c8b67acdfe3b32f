package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/rates"
	"github.com/cryptocheckout/checkout/handlers/api"
)

const (
	harnessKey    = "key-of-the-test-store"
	harnessSecret = "secret-of-the-test-store-0123456789"
	harnessSeed   = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
)

// harness is the /int API on a real engine in a temporary directory, with one test store.
type harness struct {
	app   *fiber.App
	eng   *engine.Engine
	store gateway.Store
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	table, err := rates.Parse([]byte(`{"date": "2026-01-02T03:04:05Z", "usd_prices": {
		"USD": "1", "EUR": "1.25", "BTC": "50000", "LTC": "100", "ETH": "2000", "TRX": "0.25",
		"USDT.ERC20": "1", "USDT.TRC20": "1", "USDC.ERC20": "1", "POL": "0.5", "USDT.POLY": "1", "USDC.POLY": "1"}}`))
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.Open(context.Background(), engine.Config{DataDir: t.TempDir(), DatabaseURL: dbtest.URL(t), PublicURL: "https://pay.example", Rates: table})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	store, _, err := eng.CreateStore(context.Background(), engine.NewStore{Name: "Main", IsTest: true,
		APIKey: harnessKey, APISecret: harnessSecret, SeedPhrase: harnessSeed})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	app := fiber.New(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error { return api.WriteError(c, err, log) }})
	api.New(eng, log).Register(app.Group("/int"))
	return &harness{app: app, eng: eng, store: store}
}

// addStore creates another store; its API credentials are key and key+"-secret-0123456789".
func (h *harness) addStore(t *testing.T, key string, n engine.NewStore) gateway.Store {
	t.Helper()
	n.APIKey, n.APISecret = key, key+"-secret-0123456789"
	if n.Name == "" {
		n.Name = key
	}
	s, _, err := h.eng.CreateStore(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// do calls the API as the harness store.
func (h *harness) do(t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	return h.doAs(t, harnessKey, harnessSecret, method, path, body)
}

func (h *harness) doAs(t *testing.T, key, secret, method, path, body string) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.SetBasicAuth(key, secret)
	}
	resp, err := h.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// ok calls the API, requires 200, and decodes the answer into out (when not nil).
func (h *harness) ok(t *testing.T, method, path, body string, out any) []byte {
	t.Helper()
	status, b := h.do(t, method, path, body)
	if status != 200 {
		t.Fatalf("%s %s: %d %s", method, path, status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
	return b
}

// wantError checks an error answer: HTTP status and ERR_ code.
func wantError(t *testing.T, what string, status int, body []byte, wantStatus int, code string) {
	t.Helper()
	var e struct{ Code, Message string }
	if err := json.Unmarshal(body, &e); err != nil {
		t.Errorf("%s: answer is not JSON: %s", what, body)
		return
	}
	if status != wantStatus || e.Code != code || e.Message == "" {
		t.Errorf("%s: %d %s %q, want %d %s", what, status, e.Code, e.Message, wantStatus, code)
	}
}

// wantKeys checks a JSON object has every key the seed lists for it.
func wantKeys(t *testing.T, what string, body []byte, keys string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%s: %v in %s", what, err, body)
	}
	for _, k := range strings.Fields(keys) {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: no %q in %s", what, k, body)
		}
	}
	for _, k := range []string{"status_type", "status_type_name"} {
		if _, ok := m[k]; ok {
			t.Errorf("%s: has %q; the API says status/status_name", what, k)
		}
	}
	return m
}

// fundVia pays a FIXED payment of amount crypto in full through the test API and mines it to
// completion, so the store's account holds that amount.
func (h *harness) fundVia(t *testing.T, crypto, amount string) {
	t.Helper()
	var p gateway.Payment
	h.ok(t, "POST", "/int/payment", `{"amount":"`+amount+`","asset_id":"`+crypto+`","payment_asset_id":"`+crypto+`"}`, &p)
	h.ok(t, "POST", "/int/test/payment/"+p.PaymentID+"/tx", `{"amount":"`+amount+`"}`, nil)
	h.ok(t, "POST", "/int/test/blocks", `{"crypto_network":"`+p.CryptoNetwork+`","count":`+jsonInt(p.Confirms)+`}`, nil)
	h.ok(t, "GET", "/int/payment/"+p.PaymentID, "", &p)
	if p.Status != gateway.StatusComplete {
		t.Fatalf("funding payment is %s", p.Status)
	}
}

func jsonInt(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
