package api_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/rates"
	"github.com/cryptocheckout/checkout/handlers/api"
)

// The API's tests run the real handlers on the real engine (SQLite in a temporary directory) in a
// Fiber app configured as the server configures it, and speak JSON over app.Test.

// testRates are round prices (USD) so that expected amounts can be worked out by hand.
const testRates = `{
  "date": "2026-01-02T03:04:05Z",
  "usd_prices": {
    "USD": "1", "EUR": "1.2",
    "BTC": "30000", "LTC": "100", "ETH": "3000", "TRX": "0.25",
    "USDT.ERC20": "1", "USDT.TRC20": "1", "USDC.ERC20": "1", "POL": "0.5", "USDT.POLY": "1", "USDC.POLY": "1"
  }
}`

const (
	apiKey    = "test-key"
	apiSecret = "test-secret-0123456789"
	bodyLimit = 64 << 10 // as the server
)

var testStart = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testAPI is the /int API of one test store (apiKey/apiSecret) on a fresh engine.
type testAPI struct {
	app   *fiber.App
	eng   *engine.Engine
	clk   *clock
	store gateway.Store
}

func newTestAPI(t *testing.T) *testAPI {
	t.Helper()
	table, err := rates.Parse([]byte(testRates))
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{now: testStart}
	eng, err := engine.Open(context.Background(), engine.Config{
		DataDir: t.TempDir(), DatabaseURL: dbtest.URL(t), PublicURL: "https://pay.example", Rates: table, Now: clk.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	store, _, err := eng.CreateStore(context.Background(), engine.NewStore{
		Name: "Main", IsTest: true, APIKey: apiKey, APISecret: apiSecret, WebhookURL: "https://merchant.example/hook",
	})
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	app := fiber.New(fiber.Config{
		BodyLimit:    bodyLimit,
		ErrorHandler: func(c *fiber.Ctx, err error) error { return api.WriteError(c, err, log) },
	})
	api.New(eng, log).Register(app.Group("/int"))
	return &testAPI{app: app, eng: eng, clk: clk, store: store}
}

// addStore creates another store with its own credentials.
func (a *testAPI) addStore(t *testing.T, name, key, secret string, isTest bool) gateway.Store {
	t.Helper()
	s, _, err := a.eng.CreateStore(context.Background(), engine.NewStore{Name: name, IsTest: isTest, APIKey: key, APISecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// response is an answer of the API.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// call sends a request with the test store's credentials.
func (a *testAPI) call(t *testing.T, method, path, body string) response {
	t.Helper()
	return a.callAs(t, apiKey, apiSecret, method, path, body)
}

// callAs sends a request with the given Basic credentials; an empty key sends none.
func (a *testAPI) callAs(t *testing.T, key, secret, method, path, body string) response {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.SetBasicAuth(key, secret)
	}
	return a.send(t, req)
}

func (a *testAPI) send(t *testing.T, req *http.Request) response {
	t.Helper()
	res, err := a.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// object decodes a JSON object answer, keeping numbers as written.
func (r response) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

// array decodes a JSON array answer of objects.
func (r response) array(t *testing.T) []map[string]any {
	t.Helper()
	var a []map[string]any
	r.decode(t, &a)
	if a == nil {
		t.Fatalf("answer is not a JSON array: %s", r.Body)
	}
	return a
}

func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if got := r.Header.Get("Content-Type"); !strings.HasPrefix(got, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("answer is not the expected JSON (%v): %s", err, r.Body)
	}
}

// ok fails unless the answer is 200.
func (r response) ok(t *testing.T) response {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("status = %d, want 200: %s", r.Status, r.Body)
	}
	return r
}

// wantError checks an error answer: its status, its code and, when field is set, that the
// message and the field name it.
func (r response) wantError(t *testing.T, status int, code, field string) {
	t.Helper()
	if r.Status != status {
		t.Errorf("status = %d, want %d: %s", r.Status, status, r.Body)
	}
	m := r.object(t)
	if got, want := m["code"], code; got != want {
		t.Errorf("code = %v, want %s (%s)", got, want, r.Body)
	}
	msg, _ := m["message"].(string)
	if msg == "" {
		t.Errorf("no message: %s", r.Body)
	}
	if field != "" {
		if got := m["field"]; got != field {
			t.Errorf("field = %v, want %s", got, field)
		}
		if !strings.Contains(msg, field) {
			t.Errorf("message %q does not name %s", msg, field)
		}
	}
}

// str reads a string field of an answer, failing when it is something else.
func str(t *testing.T, m map[string]any, key string) string {
	t.Helper()
	v, ok := m[key].(string)
	if !ok {
		t.Fatalf("%s = %#v, want a JSON string", key, m[key])
	}
	return v
}

// num reads a number field, as written on the wire.
func num(t *testing.T, m map[string]any, key string) string {
	t.Helper()
	v, ok := m[key].(json.Number)
	if !ok {
		t.Fatalf("%s = %#v, want a JSON number", key, m[key])
	}
	return v.String()
}

// createPayment creates a payment through the API and returns the answer.
func (a *testAPI) createPayment(t *testing.T, body string) map[string]any {
	t.Helper()
	return a.call(t, "POST", "/int/payment", body).ok(t).object(t)
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func basic(user, password string) string { return "Basic " + b64(user+":"+password) }
