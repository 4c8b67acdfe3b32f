package server_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/handlers/server"
)

// countingProxy stands between the replicas and the embedded gateway: it counts the API calls
// each store's key makes, per kind of call, and can play a gateway that is down.
type countingProxy struct {
	url   string
	down  atomic.Bool
	mu    sync.Mutex
	calls map[string]int // "key GET /payment" → count
}

func newCountingProxy(t *testing.T, target string) *countingProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	p := &countingProxy{calls: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, _, _ := r.BasicAuth()
		// "/int/payment/ID/txs" → "GET /payment/txs": the kind of call, not the id.
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/int"), "/")
		kind := "/" + parts[1]
		if len(parts) > 3 {
			kind += "/" + parts[3]
		}
		p.mu.Lock()
		p.calls[key+" "+r.Method+" "+kind]++
		p.mu.Unlock()
		if p.down.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

func (p *countingProxy) count(key, call string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[key+" "+call]
}

func (p *countingProxy) reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls = map[string]int{}
}

// callAs calls the embedded gateway's /int API as the merchant of one store.
func callAs(t *testing.T, gw *server.Main, key, secret, method, path, body string, out any) {
	t.Helper()
	req, _ := http.NewRequest(method, gw.URL()+"/int"+path, strings.NewReader(body))
	req.SetBasicAuth(key, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatal(err)
		}
	}
}

type createdPayment struct {
	PaymentID  string `json:"payment_id"`
	StoreID    string `json:"store_id"`
	PaymentURL string `json:"payment_url"`
	QRCodeURL  string `json:"qrcode_url"`
}

// onReplica is the path and query of a gateway URL (payment_url, qrcode_url), on replica r: the
// gateway's payer URLs point at the checkout.
func onReplica(t *testing.T, r *server.Main, gatewayURL string) string {
	u, err := url.Parse(gatewayURL)
	if err != nil {
		t.Fatal(err)
	}
	return r.URL() + u.RequestURI()
}

// code is the payer code of the payment's payment_url.
func (p createdPayment) code(t *testing.T) string {
	u, err := url.Parse(p.PaymentURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("code")
}

// get answers a GET with its status, headers and body.
func get(t *testing.T, target string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

const (
	keyB     = "store-b-key"
	secretB  = "store-b-secret-0123456789"
	webhookB = "store-b-webhook-secret"
)

// twoStores is an embedded gateway holding two stores, A (the first test store) and B, behind a
// counting proxy, and a stores file naming both.
type twoStores struct {
	gw         *server.Main
	proxy      *countingProxy
	idA, idB   string
	storesFile string
}

func startTwoStores(t *testing.T, extra string) twoStores {
	t.Helper()
	gw := startServer(t, map[string]string{
		"STORE_API_KEY": gwKey, "STORE_API_SECRET": gwSecret, "STORE_WEBHOOK_SECRET": gwWebhookSecret,
	})
	stores, err := gw.Engine.ListStores(t.Context())
	if err != nil || len(stores) != 1 {
		t.Fatalf("stores: %v %v", stores, err)
	}
	_, b, err := gw.Engine.CreateStore(t.Context(), engine.NewStore{
		Name: "Shop B", IsTest: true, APIKey: keyB, APISecret: secretB, WebhookSecret: webhookB,
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "b.secret"), []byte(secretB+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "stores.toml")
	toml := fmt.Sprintf(`[[store]]
id = %q
api_key = %q
api_secret = %q
webhook_secret = %q
frame_ancestors = ["https://shop-a.example"]

[[store]]
id = %q
api_key = %q
api_secret_file = "b.secret"
webhook_secret = %q
frame_ancestors = ["https://shop-b.example", "https://*.shop-b.example"]
support_email = "help@shop-b.example"
%s`, stores[0].StoreID, gwKey, gwSecret, gwWebhookSecret, b.StoreID, keyB, webhookB, extra)
	if err := os.WriteFile(file, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	return twoStores{gw: gw, proxy: newCountingProxy(t, gw.URL()), idA: stores[0].StoreID, idB: b.StoreID, storesFile: file}
}

func (s twoStores) replica(t *testing.T, env map[string]string) *server.Main {
	all := map[string]string{"GATEWAY_URL": s.proxy.url + "/int", "GATEWAY_STORES_FILE": s.storesFile}
	for k, v := range env {
		all[k] = v
	}
	return startServer(t, all)
}

// Two replicas sharing Redis in front of a gateway of two stores: a payment's store is found from
// the qrcode_url's `oi`, else from what either replica learned (by asking each store once, or
// from a webhook), and the page carries its own store's frame-ancestors.
func TestRemoteStoresFile(t *testing.T) {
	s := startTwoStores(t, "")
	prefix := redistest.Prefix(t)
	env := map[string]string{"REDIS_URL": redistest.URL(t), "REDIS_PREFIX": prefix, "POLL_INTERVAL": "1s"}
	r1, r2 := s.replica(t, env), s.replica(t, env)
	rdb := redistest.Client(t)
	const readPayment = "GET /payment"

	newPaymentB := func(extra string) createdPayment {
		var p createdPayment
		callAs(t, s.gw, keyB, secretB, http.MethodPost, "/payment",
			`{"amount": "30", "asset_id": "USD", "payment_asset_id": "BTC"`+extra+`}`, &p)
		if p.StoreID != s.idB {
			t.Fatalf("payment of store %s, want B %s", p.StoreID, s.idB)
		}
		return p
	}

	t.Run("oi names the store", func(t *testing.T) {
		p := newPaymentB("")
		s.proxy.reset()
		if !strings.Contains(p.QRCodeURL, "&oi="+s.idB) {
			t.Fatalf("qrcode_url %s does not name the store", p.QRCodeURL)
		}
		status, h, _ := get(t, onReplica(t, r1, p.QRCodeURL))
		if status != http.StatusOK || h.Get("Content-Type") != "image/png" {
			t.Fatalf("qrcode_url on the replica: %d %s", status, h.Get("Content-Type"))
		}
		if a, b := s.proxy.count(gwKey, readPayment), s.proxy.count(keyB, readPayment); a != 0 || b != 1 {
			t.Errorf("reads of store A %d, of store B %d; want 0 and 1 (oi names B)", a, b)
		}
		// The other replica shows the page without asking the gateway again, framed by B's shops.
		status, h, body := get(t, r2.URL()+"/payment/"+p.PaymentID+"?code="+p.code(t))
		if status != http.StatusOK {
			t.Fatalf("page on the other replica: %d", status)
		}
		if got, want := h.Get("Content-Security-Policy"), "frame-ancestors 'self' https://shop-b.example https://*.shop-b.example"; !strings.HasSuffix(got, want) {
			t.Errorf("CSP %q does not end in %q", got, want)
		}
		if !strings.Contains(body, `data-origins="https://shop-b.example"`) {
			t.Error("postMessage targets are not store B's exact origin")
		}
		if got := s.proxy.count(keyB, readPayment) + s.proxy.count(gwKey, readPayment); got != 1 {
			t.Errorf("upstream reads after the second replica's page = %d, want still 1", got)
		}
	})

	t.Run("each store asked once, then the index", func(t *testing.T) {
		p := newPaymentB("")
		s.proxy.reset()
		var wg sync.WaitGroup
		for i := range 10 {
			r := r1
			if i%2 == 1 {
				r = r2
			}
			wg.Go(func() {
				if status, _, _ := get(t, r.URL()+"/payment/"+p.PaymentID+"/qr.png?code="+p.code(t)); status != http.StatusOK {
					t.Errorf("QR on replica %d: %d", i%2+1, status)
				}
			})
		}
		wg.Wait()
		a, b := s.proxy.count(gwKey, readPayment), s.proxy.count(keyB, readPayment)
		if a < 1 || a > 2 || b < 1 || b > 2 {
			t.Errorf("10 requests on 2 replicas: store A asked %d times, B %d; want each once per replica at most (%v)", a, b, s.proxy.calls)
		}
		if got, err := rdb.Get(t.Context(), prefix+"v1:store-of:payment:"+p.PaymentID).Result(); err != nil || got != s.idB {
			t.Fatalf("index in Redis = %q, %v; want store B", got, err)
		}
		// The cached payment gone (as after its lifetime), the next read goes to B alone.
		rdb.Del(t.Context(), prefix+"v1:payment:{"+p.PaymentID+"}")
		s.proxy.reset()
		if status, _, _ := get(t, r2.URL()+"/payment/"+p.PaymentID+"/qr.png?code="+p.code(t)); status != http.StatusOK {
			t.Fatalf("QR after the index: %d", status)
		}
		if a, b := s.proxy.count(gwKey, readPayment), s.proxy.count(keyB, readPayment); a != 0 || b != 1 {
			t.Errorf("with the index: store A asked %d times, B %d; want 0 and 1", a, b)
		}
	})

	t.Run("learned from a webhook", func(t *testing.T) {
		p := newPaymentB(`, "webhook_url": "` + r1.URL() + `/webhooks/gateway"`)
		key := prefix + "v1:store-of:payment:" + p.PaymentID
		deadline := time.Now().Add(20 * time.Second)
		for {
			got, err := rdb.Get(t.Context(), key).Result()
			if err == nil && got == s.idB {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the creation webhook (signed with B's secret) taught no replica B's payment: %q %v", got, err)
			}
			time.Sleep(20 * time.Millisecond)
		}
		s.proxy.reset()
		if status, _, _ := get(t, r2.URL()+"/payment/"+p.PaymentID+"?code="+p.code(t)); status != http.StatusOK {
			t.Fatalf("page: %d", status)
		}
		if a, b := s.proxy.count(gwKey, readPayment), s.proxy.count(keyB, readPayment); a != 0 || b != 1 {
			t.Errorf("after the webhook: store A asked %d times, B %d; want 0 and 1", a, b)
		}
	})

	t.Run("store A's page has A's frame-ancestors", func(t *testing.T) {
		var p createdPayment
		callAs(t, s.gw, gwKey, gwSecret, http.MethodPost, "/payment", `{"amount": "30", "asset_id": "USD", "payment_asset_id": "ETH"}`, &p)
		status, h, _ := get(t, r1.URL()+"/payment/"+p.PaymentID+"?code="+p.code(t))
		if status != http.StatusOK {
			t.Fatalf("page: %d", status)
		}
		if got := h.Get("Content-Security-Policy"); !strings.HasSuffix(got, "frame-ancestors 'self' https://shop-a.example") {
			t.Errorf("CSP %q: want store A's frame-ancestors", got)
		}
	})

	t.Run("unknown id: one question per store, the same 404 as a wrong code", func(t *testing.T) {
		p := newPaymentB("")
		_, _, _ = get(t, r1.URL()+"/payment/"+p.PaymentID+"?code="+p.code(t)) // known to both replicas now
		wrongStatus, _, wrongBody := get(t, r2.URL()+"/payment/"+p.PaymentID+"?code=not-the-code")
		const unknown = "3b0d4a52-0d0e-4c9b-9a55-6a1a1f8e0c11"
		s.proxy.reset()
		var wg sync.WaitGroup
		bodies := make([]string, 20)
		for i := range bodies {
			r := r1
			if i%2 == 1 {
				r = r2
			}
			wg.Go(func() {
				status, _, body := get(t, r.URL()+"/payment/"+unknown+"?code=not-the-code")
				if status != http.StatusNotFound {
					t.Errorf("unknown id: %d", status)
				}
				bodies[i] = body
			})
		}
		wg.Wait()
		if wrongStatus != http.StatusNotFound {
			t.Fatalf("wrong code: %d", wrongStatus)
		}
		for i, b := range bodies {
			if b != wrongBody {
				t.Fatalf("unknown id answer %d differs from the wrong-code answer:\n%s\n----\n%s", i, b, wrongBody)
			}
		}
		a, b := s.proxy.count(gwKey, readPayment), s.proxy.count(keyB, readPayment)
		if a < 1 || a > 2 || b < 1 || b > 2 {
			t.Errorf("20 requests for one unknown id: store A asked %d times, B %d; want once per replica at most", a, b)
		}
	})

	t.Run("dedicated address: found the same way", func(t *testing.T) {
		var d struct {
			DedicateID string `json:"dedicate_id"`
			StoreID    string `json:"store_id"`
			QRCodeURL  string `json:"qrcode_url"`
		}
		callAs(t, s.gw, keyB, secretB, http.MethodPost, "/dedicate", `{"asset_id": "ETH", "dedicate_type": "USES", "address_alloc": "NEW"}`, &d)
		s.proxy.reset()
		status, h, _ := get(t, r1.URL()+"/dedicate/"+d.DedicateID)
		if status != http.StatusOK {
			t.Fatalf("dedicate page: %d", status)
		}
		if got := h.Get("Content-Security-Policy"); !strings.Contains(got, "https://shop-b.example") {
			t.Errorf("dedicate page CSP %q: want store B's frame-ancestors", got)
		}
		if a, b := s.proxy.count(gwKey, "GET /dedicate"), s.proxy.count(keyB, "GET /dedicate"); a > 1 || b != 1 {
			t.Errorf("dedicate reads: store A %d, B %d; want at most 1 and 1", a, b)
		}
		if a := s.proxy.count(gwKey, "GET /payments"); a != 0 {
			t.Errorf("the dedicate's payments were listed with store A's key %d times: its store is known by then", a)
		}
		rdb.Del(t.Context(), prefix+"v1:dedicate:{"+d.DedicateID+"}")
		s.proxy.reset()
		if status, h, _ := get(t, onReplica(t, r2, d.QRCodeURL)); status != http.StatusOK || h.Get("Content-Type") != "image/png" {
			t.Fatalf("dedicate qrcode_url on the other replica: %d %s", status, h.Get("Content-Type"))
		}
		if a, b := s.proxy.count(gwKey, "GET /dedicate"), s.proxy.count(keyB, "GET /dedicate"); a != 0 || b != 1 {
			t.Errorf("dedicate reads with oi: store A %d, B %d; want 0 and 1", a, b)
		}
		if status, _, _ := get(t, r2.URL()+"/dedicate/7a3f0e2c-1b4d-4e5f-8a9b-0c1d2e3f4a5b"); status != http.StatusNotFound {
			t.Errorf("unknown dedicated address: %d, want 404", status)
		}
	})

	t.Run("readyz names each store", func(t *testing.T) {
		var r struct {
			Status string            `json:"status"`
			Stores map[string]string `json:"stores"`
		}
		status, _, body := get(t, r1.URL()+"/readyz")
		if err := json.Unmarshal([]byte(body), &r); err != nil || status != http.StatusOK {
			t.Fatalf("readyz: %d %s", status, body)
		}
		if r.Status != "ready" || r.Stores[s.idA] != "ok" || r.Stores[s.idB] != "ok" || len(r.Stores) != 2 {
			t.Errorf("readyz = %s", body)
		}
	})
}

// A store whose credentials the gateway refuses is reported, and the replica stays in rotation
// for the others: their pages work.
func TestRemoteReadyzOneBadStore(t *testing.T) {
	const badID = "5d1c7f7e-3c56-4d8e-8f0a-0c9f8d1b2a33"
	s := startTwoStores(t, fmt.Sprintf("\n[[store]]\nid = %q\napi_key = \"no-such-key\"\napi_secret = \"wrong\"\n", badID))
	r := s.replica(t, nil)
	var ready struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
		Stores map[string]string `json:"stores"`
	}
	status, _, body := get(t, r.URL()+"/readyz")
	if err := json.Unmarshal([]byte(body), &ready); err != nil {
		t.Fatal(err, body)
	}
	if status != http.StatusOK || ready.Status != "degraded" || ready.Checks["gateway"] != "ok" {
		t.Errorf("readyz with one bad store: %d %s; want 200 degraded", status, body)
	}
	if ready.Stores[badID] != "refused" || ready.Stores[s.idA] != "ok" || ready.Stores[s.idB] != "ok" {
		t.Errorf("stores = %v; want the bad one refused, A and B ok", ready.Stores)
	}
	// An unknown id asks the bad store too, and is still a plain 404, not a 503.
	if status, _, _ := get(t, r.URL()+"/payment/3b0d4a52-0d0e-4c9b-9a55-6a1a1f8e0c11?code=x"); status != http.StatusNotFound {
		t.Errorf("unknown id with a bad store configured: %d, want 404", status)
	}
	var p createdPayment
	callAs(t, s.gw, keyB, secretB, http.MethodPost, "/payment", `{"amount": "30", "asset_id": "USD", "payment_asset_id": "BTC"}`, &p)
	if status, _, _ := get(t, r.URL()+"/payment/"+p.PaymentID+"?code="+p.code(t)); status != http.StatusOK {
		t.Errorf("store B's page with a bad store configured: %d", status)
	}

	// Every store refused (the gateway down): unavailable, out of rotation.
	s.proxy.down.Store(true)
	if status, _, body := get(t, r.URL()+"/readyz"); status != http.StatusServiceUnavailable {
		t.Errorf("readyz with the gateway down: %d %s, want 503", status, body)
	}
}

// The gateway goes down: a page already seen is shown from its last copy with the reconnecting
// notice (it reloads itself); one never seen gets the 503 page, which retries by itself.
func TestRemoteGatewayDown(t *testing.T) {
	gw := startServer(t, map[string]string{
		"STORE_API_KEY": gwKey, "STORE_API_SECRET": gwSecret, "STORE_WEBHOOK_SECRET": gwWebhookSecret,
	})
	proxy := newCountingProxy(t, gw.URL())
	r := startServer(t, map[string]string{
		"GATEWAY_URL": proxy.url + "/int", "GATEWAY_API_KEY": gwKey, "GATEWAY_API_SECRET": gwSecret,
		"GATEWAY_WEBHOOK_SECRET": gwWebhookSecret,
	})
	var seen, unseen createdPayment
	callAs(t, gw, gwKey, gwSecret, http.MethodPost, "/payment", `{"amount": "30", "asset_id": "USD", "payment_asset_id": "BTC"}`, &seen)
	callAs(t, gw, gwKey, gwSecret, http.MethodPost, "/payment", `{"amount": "31", "asset_id": "USD", "payment_asset_id": "BTC"}`, &unseen)
	page := r.URL() + "/payment/" + seen.PaymentID + "?code=" + seen.code(t)
	status, _, before := get(t, page)
	if status != http.StatusOK || strings.Contains(before, `data-testid="reconnecting"`) {
		t.Fatalf("page with the gateway up: %d, notice shown: %v", status, strings.Contains(before, "reconnecting"))
	}

	proxy.down.Store(true)
	// A webhook drops the cached copy, as the gateway's next notification would: the page must
	// read the gateway again, which does not answer.
	body := `{"type":"notification","event":"payment.open","payment":{"payment_id":"` + seen.PaymentID + `","status":"OPEN"}}`
	req, _ := http.NewRequest(http.MethodPost, r.URL()+"/webhooks/gateway", strings.NewReader(body))
	mac := hmac.New(sha256.New, []byte(gwWebhookSecret))
	mac.Write([]byte(body))
	req.Header.Set("X-Webhook-HMAC-SHA256", hex.EncodeToString(mac.Sum(nil)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("webhook: %v %v", resp, err)
	}
	resp.Body.Close()
	waitFor(t, "the cached copy dropped (the page read from the gateway again)", func() bool { return tryPage(page) })

	status, _, during := get(t, page)
	if status != http.StatusOK {
		t.Fatalf("seen page with the gateway down: %d, want 200 from the last copy", status)
	}
	for _, want := range []string{`data-testid="reconnecting"`, "Reconnecting…", `http-equiv="refresh" content="15"`, seen.PaymentID} {
		if !strings.Contains(during, want) {
			t.Errorf("seen page with the gateway down lacks %q", want)
		}
	}
	status, h, unseenBody := get(t, r.URL()+"/payment/"+unseen.PaymentID+"?code="+unseen.code(t)+"&lang=fr")
	if status != http.StatusServiceUnavailable || h.Get("Retry-After") != "10" {
		t.Fatalf("unseen page with the gateway down: %d Retry-After %q, want 503 and 10", status, h.Get("Retry-After"))
	}
	for _, want := range []string{`http-equiv="refresh" content="10"`, `data-testid="error-retry"`, "Cette page réessaiera d’elle-même"} {
		if !strings.Contains(unseenBody, want) {
			t.Errorf("503 page lacks %q", want)
		}
	}
	if strings.Contains(unseenBody, "<script>") || strings.Contains(unseenBody, "<noscript><meta") {
		t.Error("the 503 page's retry must work without script and not hide in <noscript>")
	}

	proxy.down.Store(false)
	waitFor(t, "the page fresh again", func() bool {
		_, _, b := get(t, page)
		return !strings.Contains(b, `data-testid="reconnecting"`)
	})
}

// tryPage reports whether the page shows the reconnecting notice: false while it still comes from
// the process's page cache, which the webhook drops asynchronously.
func tryPage(page string) bool {
	resp, err := http.Get(page)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return strings.Contains(string(b), `data-testid="reconnecting"`)
}

// waitFor polls cond until it holds (bounded): for effects of background work in another process.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("%s: not within 20s", what)
		case <-time.After(20 * time.Millisecond):
		}
	}
}
