package server_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/handlers/server"
)

// TestBodyOverTheLimitIs413JSON announces a body over the limit. The server answers from the
// headers, without reading the body, and closes: a client still writing the body could see the
// connection reset before it reads the answer, so the request goes over a raw connection that
// sends the headers only and reads the answer.
func TestBodyOverTheLimitIs413JSON(t *testing.T) {
	m := startServer(t, map[string]string{"STORE_API_KEY": seedKey, "STORE_API_SECRET": seedSecret})
	const id = "e5792528-d265-4813-8b59-055cdfef31b1"
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(seedKey+":"+seedSecret))
	for _, path := range []string{"/int/payment", "/int/convert", "/int/dedicate", "/int/dedicate/" + id + "/release",
		"/int/withdraw", "/int/transfer", "/int/test/payment/" + id + "/tx", "/int/test/payment/" + id + "/expire",
		"/int/test/dedicate/" + id + "/tx", "/int/test/blocks"} {
		t.Run(path, func(t *testing.T) {
			status, body := postOversized(t, m.Addr(), path, "Authorization: "+auth)
			if got, want := status, http.StatusRequestEntityTooLarge; got != want {
				t.Errorf("status = %d, want %d: %s", got, want, body)
			}
			var e struct{ Code, Message string }
			if err := json.Unmarshal(body, &e); err != nil || e.Code != "ERR_BODY_TOO_LARGE" || e.Message == "" {
				t.Errorf("answer = %s (%v), want JSON with code ERR_BODY_TOO_LARGE and a message", body, err)
			}
		})
	}
	c := &seedClient{t: t, base: m.URL(), key: seedKey, secret: seedSecret, http: &http.Client{Timeout: 30 * time.Second}}
	if got := len(c.list("/int/payments?from=2000-01-01&to=2100-01-01")); got != 0 {
		t.Errorf("an oversized request created %d payments", got)
	}
}

// postOversized announces a JSON body over the server's limit, sending the headers only, and
// returns the answer.
func postOversized(t *testing.T, addr, path string, headers ...string) (int, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	extra := ""
	for _, h := range headers {
		extra += h + "\r\n"
	}
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: checkout.test\r\n%sContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{",
		path, extra, 70<<10)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, body
}

// Issue 11 finding 12: the remote webhook receiver answered a body over the limit with the payer
// pages' HTML. It is a JSON endpoint: its 413 is JSON, like its other answers, and counted.
func TestWebhookReceiverBodyOverTheLimitIs413JSON(t *testing.T) {
	upstream := httptest.NewServer(http.NotFoundHandler())
	defer upstream.Close()
	m := startServer(t, map[string]string{"GATEWAY_URL": upstream.URL + "/int", "GATEWAY_API_KEY": "k",
		"GATEWAY_API_SECRET": "s", "GATEWAY_WEBHOOK_SECRET": "whsec"})
	status, body := postOversized(t, m.Addr(), "/webhooks/gateway")
	if status != http.StatusRequestEntityTooLarge {
		t.Fatalf("status = %d, want 413: %s", status, body)
	}
	var e struct{ Error string }
	if err := json.Unmarshal(body, &e); err != nil || e.Error != "body too large" {
		t.Errorf("answer = %s (%v), want the receiver's JSON error", body, err)
	}
	_, metrics, _ := getBody(t, "http://"+m.MetricsAddr()+"/metrics")
	if !strings.Contains(metrics, `checkout_webhook_failures_total{reason="too_large"} 1`) {
		t.Error("the refused webhook is not counted as too_large")
	}
}

func TestRoutingAndHealth(t *testing.T) {
	m := startServer(t, map[string]string{"STORE_API_KEY": seedKey, "STORE_API_SECRET": seedSecret})
	c := &seedClient{t: t, base: m.URL(), key: seedKey, secret: seedSecret, http: &http.Client{Timeout: 30 * time.Second}}

	c.refused(http.StatusNotFound, "ERR_NOT_FOUND", "GET", "/int/nope", "")
	c.refused(http.StatusNotFound, "ERR_NOT_FOUND", "PUT", "/int/payment", `{}`)
	anon := &seedClient{t: t, base: m.URL(), http: c.http}
	res := anon.do("GET", "/int/payment/e5792528-d265-4813-8b59-055cdfef31b1", "")
	if res.status != http.StatusUnauthorized || res.obj["code"] != "ERR_UNAUTHORIZED" {
		t.Errorf("no credentials: %d %s, want 401 ERR_UNAUTHORIZED", res.status, res.raw)
	}
	if got, want := res.header.Get("WWW-Authenticate"), `Basic realm="int"`; got != want {
		t.Errorf("WWW-Authenticate = %q, want %q", got, want)
	}
	if got, want := res.header.Get("X-Content-Type-Options"), "nosniff"; got != want {
		t.Errorf("X-Content-Type-Options = %q, want %q", got, want)
	}
	if got := anon.do("GET", "/healthz", ""); got.status != http.StatusOK || got.obj["status"] != "ok" {
		t.Errorf("/healthz = %d %s", got.status, got.raw)
	}
	ready := anon.do("GET", "/readyz", "")
	if ready.status != http.StatusOK || ready.obj["status"] != "ready" {
		t.Errorf("/readyz = %d %s", ready.status, ready.raw)
	}
	if checks, _ := ready.obj["checks"].(map[string]any); checks["database"] != "ok" {
		t.Errorf("/readyz database check = %v", ready.obj["checks"])
	}
}

// TestFirstStartCreatesOneStore restarts the program on the same DATA_DIR: the store of the first
// start, its payments and its STORE_* settings survive, and no second store is created.
func TestFirstStartCreatesOneStore(t *testing.T) {
	dir := t.TempDir()
	ratesFile := filepath.Join(dir, "rates.json")
	if err := os.WriteFile(ratesFile, []byte(seedRates), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": filepath.Join(dir, "data"), "RATES_FILE": ratesFile,
		"STORE_API_KEY": seedKey, "STORE_API_SECRET": seedSecret, "STORE_MARKUP": "BTC::0.0001",
	}
	start := func() (*server.Main, string) {
		cfg, err := server.LoadConfig(func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		m := server.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), &out)
		if err := m.Open(t.Context()); err != nil {
			t.Fatalf("Open: %v", err)
		}
		return m, out.String()
	}

	m, printed := start()
	if !strings.Contains(printed, seedKey) || !strings.Contains(printed, seedSecret) {
		t.Errorf("first start did not print the store's credentials:\n%s", printed)
	}
	c := &seedClient{t: t, base: m.URL(), key: seedKey, secret: seedSecret, http: &http.Client{Timeout: 30 * time.Second}}
	p := c.ok("POST", "/int/payment", `{"amount": 300, "asset_id": "USD", "payment_asset_id": "BTC"}`)
	if got, want := p["payment_amount"], "0.0101"; got != want {
		t.Errorf("payment_amount = %v, want %s (STORE_MARKUP applied)", got, want)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	env["STORE_API_SECRET"] = "a-different-secret-0123456789" // only the first start uses STORE_*
	m, printed = start()
	defer m.Close()
	if printed != "" {
		t.Errorf("second start printed credentials again:\n%s", printed)
	}
	c.base = m.URL()
	again := c.ok("GET", "/int/payment/"+p["payment_id"].(string), "")
	for _, key := range []string{"payment_id", "payment_num", "payment_amount", "address", "payment_url", "status"} {
		if again[key] != p[key] {
			t.Errorf("%s after restart = %v, want %v", key, again[key], p[key])
		}
	}
}
