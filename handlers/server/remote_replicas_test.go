package server_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/handlers/server"
)

const (
	gwKey           = "gateway-key"
	gwSecret        = "gateway-secret-0123456789"
	gwWebhookSecret = "gateway-webhook-secret"
)

// gatewayCall calls the embedded gateway's /int API as a merchant.
func gatewayCall(t *testing.T, gw *server.Main, method, path, body string, out any) {
	t.Helper()
	req, _ := http.NewRequest(method, gw.URL()+"/int"+path, strings.NewReader(body))
	req.SetBasicAuth(gwKey, gwSecret)
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

// stream is a payer's live stream on one replica: its events' states.
type stream struct {
	states chan string
	close  func()
}

func openEvents(t *testing.T, target string) stream {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	resp, err := (&http.Client{Transport: tr}).Get(target)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", target, resp.StatusCode)
	}
	s := stream{states: make(chan string, 32), close: func() { resp.Body.Close(); tr.CloseIdleConnections() }}
	go func() {
		defer close(s.states)
		r := bufio.NewReader(resp.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if data, ok := strings.CutPrefix(strings.TrimSpace(line), "data: "); ok {
				var ev struct {
					State string `json:"state"`
				}
				json.Unmarshal([]byte(data), &ev)
				s.states <- ev.State
			}
		}
	}()
	t.Cleanup(s.close)
	return s
}

// waitState waits for an event with state want.
func (s stream) waitState(t *testing.T, who, want string, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for {
		select {
		case got, ok := <-s.states:
			if !ok {
				t.Fatalf("%s: the stream ended before state %q", who, want)
			}
			if got == want {
				return
			}
		case <-deadline:
			t.Fatalf("%s: no %q event within %s", who, want, within)
		}
	}
}

func getBody(t *testing.T, target string) (int, string, time.Duration) {
	t.Helper()
	start := time.Now()
	resp, err := http.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), time.Since(start)
}

// Two replicas in remote mode share Redis in front of a third process, an embedded gateway. A
// payer on either replica sees every update (the gateway's signed webhook reaches one replica, the
// shared poller covers the other, Redis pub/sub carries both); with Redis stopped mid-test the pages
// keep answering and still update, /readyz says degraded, and a hung Redis fails no page load.
func TestRemoteReplicasSharingRedis(t *testing.T) {
	gw := startServer(t, map[string]string{
		"STORE_API_KEY": gwKey, "STORE_API_SECRET": gwSecret, "STORE_WEBHOOK_SECRET": gwWebhookSecret,
	})
	proxy := redistest.NewProxy(t)
	prefix := redistest.Prefix(t)
	replica := func() *server.Main {
		return startServer(t, map[string]string{
			"REDIS_URL": proxy.URL(), "REDIS_PREFIX": prefix, "POLL_INTERVAL": "300ms",
			"GATEWAY_URL": gw.URL() + "/int", "GATEWAY_API_KEY": gwKey, "GATEWAY_API_SECRET": gwSecret,
			"GATEWAY_WEBHOOK_SECRET": gwWebhookSecret,
		})
	}
	a, b := replica(), replica()

	// The gateway's webhooks for this payment go to replica A only.
	var p struct {
		PaymentID     string `json:"payment_id"`
		PaymentURL    string `json:"payment_url"`
		PaymentAmount string `json:"payment_amount"`
	}
	gatewayCall(t, gw, http.MethodPost, "/payment", `{"amount": "30", "asset_id": "USD", "payment_asset_id": "BTC",
		"webhook_url": "`+a.URL()+`/webhooks/gateway"}`, &p)
	u, _ := url.Parse(p.PaymentURL)
	page := "/payment/" + p.PaymentID + "?code=" + url.QueryEscape(u.Query().Get("code"))
	events := "/payment/" + p.PaymentID + "/events?code=" + url.QueryEscape(u.Query().Get("code"))

	for name, m := range map[string]*server.Main{"A": a, "B": b} {
		if status, body, _ := getBody(t, m.URL()+page); status != 200 || !strings.Contains(body, `data-state="waiting"`) || strings.Contains(body, `data-testid="test-tools"`) {
			t.Fatalf("replica %s: page %d (want waiting, without test tools)\n%s", name, status, body)
		}
		if status, _, _ := getBody(t, m.URL()+"/payment/"+p.PaymentID+"?code=wrong"); status != 404 {
			t.Errorf("replica %s: a wrong code gives %d, want 404", name, status)
		}
		if status, _, _ := getBody(t, m.URL()+"/int/assets"); status != 404 {
			t.Errorf("replica %s: /int answers %d in remote mode, want 404", name, status)
		}
		if status, body, _ := getBody(t, m.URL()+"/readyz"); status != 200 || !strings.Contains(body, `"status":"ready"`) || !strings.Contains(body, `"gateway":"ok"`) {
			t.Errorf("replica %s: /readyz %d %s", name, status, body)
		}
	}
	sa, sb := openEvents(t, a.URL()+events), openEvents(t, b.URL()+events)
	sa.waitState(t, "A", "waiting", 5*time.Second)
	sb.waitState(t, "B", "waiting", 5*time.Second)

	// The payer pays on the gateway: both streams show it.
	gatewayCall(t, gw, http.MethodPost, "/test/payment/"+p.PaymentID+"/tx", `{"amount": "`+p.PaymentAmount+`"}`, nil)
	sa.waitState(t, "A", "confirming", 5*time.Second)
	sb.waitState(t, "B", "confirming", 5*time.Second)

	for name, m := range map[string]*server.Main{"A": a, "B": b} {
		_, metrics, _ := getBody(t, "http://"+m.MetricsAddr()+"/metrics")
		for _, want := range []string{"checkout_sse_streams_open 1", `_total{view="payment"}`, `route="/payment/:id"`} {
			if !strings.Contains(metrics, want) {
				t.Errorf("replica %s: /metrics lacks %s", name, want)
			}
		}
	}
	_, metrics, _ := getBody(t, "http://"+a.MetricsAddr()+"/metrics")
	if want := `checkout_webhook_deliveries_total{kind="accepted"}`; !strings.Contains(metrics, want) {
		t.Errorf("replica A: /metrics lacks %s", want)
	}
	// The payment was read from the gateway by one of the replicas (which one depends on which
	// reached the shared cache first; the other then read it from Redis).
	_, metricsB, _ := getBody(t, "http://"+b.MetricsAddr()+"/metrics")
	if want := `checkout_upstream_calls_total{method="payment",outcome="ok"}`; !strings.Contains(metrics+metricsB, want) {
		t.Errorf("neither replica's /metrics has %s", want)
	}

	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if _, metrics, _ := getBody(t, "http://"+gw.MetricsAddr()+"/metrics"); strings.Contains(metrics, `checkout_webhook_sends_total{outcome="delivered"}`) {
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatal("the gateway's /metrics does not count the webhooks it delivered")
		}
	}

	// Redis stops: pages keep answering, within the deadline, and streams still update.
	proxy.Stop()
	for name, m := range map[string]*server.Main{"A": a, "B": b} {
		status, body, took := getBody(t, m.URL()+page)
		if status != 200 || !strings.Contains(body, `data-state="confirming"`) {
			t.Errorf("replica %s without Redis: page %d", name, status)
		}
		if took > 2*time.Second {
			t.Errorf("replica %s without Redis: the page took %s", name, took)
		}
	}
	gatewayCall(t, gw, http.MethodPost, "/test/blocks", `{"crypto_network": "BITCOIN", "count": 6}`, nil)
	sa.waitState(t, "A (webhook, no Redis)", "paid", 5*time.Second)
	sb.waitState(t, "B (polling, no Redis)", "paid", 5*time.Second)

	deadline := time.Now().Add(8 * time.Second)
	for {
		status, body, _ := getBody(t, b.URL()+"/readyz")
		if status == 200 && strings.Contains(body, `"redis":"degraded"`) && strings.Contains(body, `"status":"degraded"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz without Redis: %d %s, want 200 degraded", status, body)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// A hung Redis (connections accepted, nothing answered) fails no page load either.
	proxy.Restart()
	proxy.Blackhole()
	for name, m := range map[string]*server.Main{"A": a, "B": b} {
		for range 3 {
			status, _, took := getBody(t, m.URL()+page)
			if status != 200 || took > 2*time.Second {
				t.Errorf("replica %s with a hung Redis: page %d in %s", name, status, took)
			}
		}
	}
}

// The same two replicas on the Redis setups operators run, a Cluster and a master behind
// Sentinel: the cache and the live fan-out work there too, so a payer on either replica sees every
// update, whichever replica the gateway's webhook reached.
func TestRemoteReplicasOnRedisClusterAndSentinel(t *testing.T) {
	for name, redisURL := range map[string]func(testing.TB) string{"cluster": redistest.ClusterURL, "sentinel": redistest.SentinelURL} {
		t.Run(name, func(t *testing.T) {
			redisAt := redisURL(t)
			prefix := redistest.PrefixOn(t, redistest.ClientFor(t, redisAt))
			gw := startServer(t, map[string]string{
				"STORE_API_KEY": gwKey, "STORE_API_SECRET": gwSecret, "STORE_WEBHOOK_SECRET": gwWebhookSecret,
			})
			replica := func() *server.Main {
				return startServer(t, map[string]string{
					"REDIS_URL": redisAt, "REDIS_PREFIX": prefix, "POLL_INTERVAL": "300ms",
					"GATEWAY_URL": gw.URL() + "/int", "GATEWAY_API_KEY": gwKey, "GATEWAY_API_SECRET": gwSecret,
					"GATEWAY_WEBHOOK_SECRET": gwWebhookSecret,
				})
			}
			a, b := replica(), replica()
			var p struct {
				PaymentID     string `json:"payment_id"`
				PaymentURL    string `json:"payment_url"`
				PaymentAmount string `json:"payment_amount"`
			}
			gatewayCall(t, gw, http.MethodPost, "/payment", `{"amount": "30", "asset_id": "USD", "payment_asset_id": "BTC",
				"webhook_url": "`+a.URL()+`/webhooks/gateway"}`, &p)
			u, _ := url.Parse(p.PaymentURL)
			code := url.QueryEscape(u.Query().Get("code"))
			for name, m := range map[string]*server.Main{"A": a, "B": b} {
				if status, body, _ := getBody(t, m.URL()+"/payment/"+p.PaymentID+"?code="+code); status != 200 || !strings.Contains(body, `data-state="waiting"`) {
					t.Fatalf("replica %s: page %d, want waiting", name, status)
				}
				if status, body, _ := getBody(t, m.URL()+"/readyz"); status != 200 || !strings.Contains(body, `"redis":"ok"`) {
					t.Errorf("replica %s: /readyz %d %s, want redis ok", name, status, body)
				}
			}
			events := "/payment/" + p.PaymentID + "/events?code=" + code
			sa, sb := openEvents(t, a.URL()+events), openEvents(t, b.URL()+events)
			sa.waitState(t, "A", "waiting", 5*time.Second)
			sb.waitState(t, "B", "waiting", 5*time.Second)

			gatewayCall(t, gw, http.MethodPost, "/test/payment/"+p.PaymentID+"/tx", `{"amount": "`+p.PaymentAmount+`"}`, nil)
			sa.waitState(t, "A", "confirming", 5*time.Second)
			sb.waitState(t, "B", "confirming", 5*time.Second)
			gatewayCall(t, gw, http.MethodPost, "/test/blocks", `{"crypto_network": "BITCOIN", "count": 6}`, nil)
			sa.waitState(t, "A", "paid", 5*time.Second)
			sb.waitState(t, "B", "paid", 5*time.Second)
			if status, body, _ := getBody(t, b.URL()+"/payment/"+p.PaymentID+"?code="+code); status != 200 || !strings.Contains(body, `data-state="paid"`) {
				t.Errorf("replica B after the payment: page %d, want paid", status)
			}
		})
	}
}

// In remote mode the dedicated-address page reads the remote gateway too.
func TestRemoteDedicatePage(t *testing.T) {
	gw := startServer(t, map[string]string{"STORE_API_KEY": gwKey, "STORE_API_SECRET": gwSecret})
	r := startServer(t, map[string]string{
		"GATEWAY_URL": gw.URL() + "/int", "GATEWAY_API_KEY": gwKey, "GATEWAY_API_SECRET": gwSecret,
	})
	var d struct {
		DedicateID string `json:"dedicate_id"`
		Address    string `json:"address"`
	}
	gatewayCall(t, gw, http.MethodPost, "/dedicate", `{"asset_id": "ETH"}`, &d)
	gatewayCall(t, gw, http.MethodPost, "/test/dedicate/"+d.DedicateID+"/tx", `{"amount": "0.25"}`, nil)
	status, body, _ := getBody(t, r.URL()+"/dedicate/"+d.DedicateID+"?amount=30&asset_id=USD")
	if status != 200 || !strings.Contains(body, d.Address) || !strings.Contains(body, "0.25 ETH") || !strings.Contains(body, `data-testid="pay-amount">0.01<`) {
		t.Fatalf("remote dedicate page: %d\n%s", status, body)
	}
	if strings.Contains(body, `data-testid="test-tools"`) {
		t.Error("test tools in remote mode")
	}
	if status, _, _ := getBody(t, r.URL()+"/dedicate/0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11"); status != 404 {
		t.Errorf("unknown dedicated address: %d, want 404", status)
	}
	if status, _, _ := getBody(t, r.URL()+"/readyz"); status != 200 {
		t.Errorf("/readyz: %d", status)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String() + "/int"
	ln.Close() // nothing answers there any more
	orphan := startServer(t, map[string]string{"GATEWAY_URL": dead, "GATEWAY_API_KEY": gwKey, "GATEWAY_API_SECRET": gwSecret})
	if status, body, _ := getBody(t, orphan.URL()+"/readyz"); status != 503 || !strings.Contains(body, `"gateway":"unavailable"`) {
		t.Errorf("/readyz with the gateway down: %d %s, want 503", status, body)
	}
}
