package payer

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/locales"
)

// testEnv is the payer pages over a real embedded engine in a temporary directory, with a clock the
// test moves.
type testEnv struct {
	t     testing.TB
	eng   *engine.Engine
	hub   *live.Hub
	clock *testClock
	h     *Handler
	app   *fiber.App
	test  gateway.Store // a test store allowed to be embedded by https://shop.example
	live  gateway.Store // a live store
}

type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

const testPublicURL = "http://pay.test"

// fiberConfig names the server settings a test may tune.
type fiberConfig = fiber.Config

func newEnv(t testing.TB, tune ...func(*Config, *fiberConfig)) *testEnv {
	t.Helper()
	return newEnvIn(t, t.TempDir(), tune...)
}

// newEnvIn is newEnv on the database in dir, which may already hold data: a process started again.
func newEnvIn(t testing.TB, dir string, tune ...func(*Config, *fiberConfig)) *testEnv {
	t.Helper()
	clock := &testClock{now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	hub := live.NewHub()
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	eng, err := engine.Open(context.Background(), engine.Config{DataDir: dir, Hub: hub, Now: clock.Now, Log: discard, PublicURL: testPublicURL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	cfg := Config{Gateway: eng, Catalog: testCatalog(t), Log: discard, PublicURL: testPublicURL, Now: clock.Now}
	fcfg := fiber.Config{DisableStartupMessage: true}
	for _, f := range tune {
		f(&cfg, &fcfg)
	}
	h := New(cfg)
	t.Cleanup(h.Close)
	fcfg.ErrorHandler = h.HandleError
	app := fiber.New(fcfg)
	app.Get("/int/payment/:id/qrcode", h.QRCode)
	app.Get("/int/dedicate/:id/qrcode", h.DedicateQRCode)
	h.Register(app)
	e := &testEnv{t: t, eng: eng, hub: hub, clock: clock, h: h, app: app}
	ctx := context.Background()
	if e.test, _, err = eng.CreateStore(ctx, engine.NewStore{Name: "Acme Test", IsTest: true, FrameAncestors: []string{"https://shop.example", "https://*.shop.example"}}); err != nil {
		t.Fatal(err)
	}
	if e.live, _, err = eng.CreateStore(ctx, engine.NewStore{Name: "Acme Live"}); err != nil {
		t.Fatal(err)
	}
	return e
}

// testCatalog is the real English catalogue plus a made-up Arabic one (every text prefixed "AR:"),
// so language choice and right-to-left can be tested before the real translations exist. A message
// id that is not in the catalogue fails the test.
func testCatalog(t testing.TB) *locales.Catalog {
	t.Helper()
	en, err := fs.ReadFile(locales.Files(), "en.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(en, &raw); err != nil {
		t.Fatal(err)
	}
	ar := map[string]any{}
	for id, v := range raw {
		switch v := v.(type) {
		case string:
			ar[id] = "AR:" + v
		case map[string]any:
			forms := map[string]any{}
			for k, f := range v {
				forms[k] = "AR:" + f.(string)
			}
			for _, k := range []string{"zero", "two", "few", "many"} {
				forms[k] = "AR:" + v["other"].(string)
			}
			ar[id] = forms
		}
	}
	arJSON, _ := json.Marshal(ar)
	c, err := locales.LoadFS(fstest.MapFS{"en.json": {Data: en}, "ar.json": {Data: arJSON}},
		locales.OnMissing(func(lang, id string) { t.Errorf("message %q is not in the %s locale", id, lang) }))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// payment creates a payment of 100 USD in asset for store, with fields changed by edit.
func (e *testEnv) payment(store gateway.Store, asset string, edit ...func(*gateway.CreatePaymentRequest)) gateway.Payment {
	e.t.Helper()
	req := gateway.CreatePaymentRequest{
		Amount: gateway.AmountInput{Value: gateway.MustAmount("100"), Set: true}, AssetID: "USD", PaymentAssetID: asset,
		MerchantFields: gateway.MerchantFields{
			Description: "Order 1042", PayerName: "Ada", PayerLang: "xx",
			SuccessURL: "https://shop.example/thanks", CancelURL: "https://shop.example/cart",
		},
	}
	for _, f := range edit {
		f(&req)
	}
	p, err := e.eng.CreatePayment(context.Background(), store, req)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// send emulates a payer's transaction of amount to p.
func (e *testEnv) send(p gateway.Payment, amount string) {
	e.t.Helper()
	if _, err := e.eng.EmulatePaymentTransaction(context.Background(), e.storeOf(p), p.PaymentID,
		gateway.AmountInput{Value: gateway.MustAmount(amount), Set: true}); err != nil {
		e.t.Fatal(err)
	}
}

// mine adds n confirmations on p's network.
func (e *testEnv) mine(p gateway.Payment, n int) {
	e.t.Helper()
	if _, err := e.eng.MineBlocks(context.Background(), e.storeOf(p), p.CryptoNetwork, gateway.IntInput{Value: n, Set: true}); err != nil {
		e.t.Fatal(err)
	}
}

// expire makes p reach its end_date.
func (e *testEnv) expire(p gateway.Payment) {
	e.t.Helper()
	if _, err := e.eng.ExpireTestPayment(context.Background(), e.storeOf(p), p.PaymentID); err != nil {
		e.t.Fatal(err)
	}
}

func (e *testEnv) storeOf(p gateway.Payment) gateway.Store {
	e.t.Helper()
	s, err := e.eng.StoreByID(context.Background(), p.StoreID)
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// current re-reads p.
func (e *testEnv) current(p gateway.Payment) gateway.Payment {
	e.t.Helper()
	v, err := e.eng.PaymentView(context.Background(), p.PaymentID, p.Code)
	if err != nil {
		e.t.Fatal(err)
	}
	return v.Payment
}

func pageURL(p gateway.Payment) string { return "/payment/" + p.PaymentID + "?code=" + p.Code }

// do sends a request through the whole Fiber app.
func (e *testEnv) do(method, target string, header ...string) *http.Response {
	e.t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.app.Test(req, -1)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp
}

// page GETs target and parses the HTML answer, failing unless the status is want.
func (e *testEnv) page(target string, want int, header ...string) (*goquery.Document, *http.Response) {
	e.t.Helper()
	resp := e.do(http.MethodGet, target, header...)
	defer resp.Body.Close()
	if resp.StatusCode != want {
		body, _ := io.ReadAll(resp.Body)
		e.t.Fatalf("GET %s: status %d, want %d\n%s", target, resp.StatusCode, want, body)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return doc, resp
}

// byID finds the elements with a data-testid.
func byID(doc *goquery.Document, id string) *goquery.Selection {
	return doc.Find(`[data-testid="` + id + `"]`)
}

// shown reports whether an element with the test id exists and is not hidden (by itself or an
// ancestor).
func shown(doc *goquery.Document, id string) bool {
	s := byID(doc, id)
	if s.Length() == 0 {
		return false
	}
	if _, hidden := s.Attr("hidden"); hidden {
		return false
	}
	return s.ParentsFiltered("[hidden]").Length() == 0
}

func attr2(s *goquery.Selection, name string) string {
	v, _ := s.Attr(name)
	return v
}

func text(doc *goquery.Document, id string) string {
	return strings.Join(strings.Fields(byID(doc, id).First().Text()), " ")
}
