package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/handlers/server"
)

// BenchmarkRemotePageLatency measures what a payer waits for a payment page in remote mode: two
// replicas sharing Redis in front of an embedded gateway (all in this process, over loopback
// HTTP), 200 payments, each page fetched with a browser's headers. "cold": first load anywhere
// (the replica reads the gateway); "redis-warm": first load on the other replica (the payment is
// in Redis, the page is rendered); "warm": loads again on the same replica (its page cache). The
// yardstick, in the same loop and alternated with them: the same pages on the embedded gateway
// itself ("embedded-cold", "embedded-warm"). Reported as p50 and p99 in milliseconds.
func BenchmarkRemotePageLatency(b *testing.B) {
	gw := startServer(b, map[string]string{"STORE_API_KEY": gwKey, "STORE_API_SECRET": gwSecret})
	prefix := redistest.Prefix(b)
	replica := func() *server.Main {
		return startServer(b, map[string]string{
			"REDIS_URL": redistest.URL(b), "REDIS_PREFIX": prefix,
			"GATEWAY_URL": gw.URL() + "/int", "GATEWAY_API_KEY": gwKey, "GATEWAY_API_SECRET": gwSecret,
		})
	}
	a, c := replica(), replica()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true}}
	get := func(target string) time.Duration {
		req, _ := http.NewRequest(http.MethodGet, target, nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
		req.Header.Set("Accept", "text/html")
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d", target, resp.StatusCode)
		}
		return took
	}
	var cold, redisWarm, warm, embCold, embWarm []time.Duration
	for range b.N {
		pages := make([]string, 200)
		for i := range pages {
			var p struct {
				PaymentID  string `json:"payment_id"`
				PaymentURL string `json:"payment_url"`
			}
			benchCall(b, gw, `{"amount": "30", "asset_id": "USD", "payment_asset_id": "BTC"}`, &p)
			u, _ := url.Parse(p.PaymentURL)
			pages[i] = "/payment/" + p.PaymentID + "?code=" + url.QueryEscape(u.Query().Get("code"))
		}
		b.ResetTimer()
		for _, page := range pages {
			cold = append(cold, get(a.URL()+page))
			embCold = append(embCold, get(gw.URL()+page))
			redisWarm = append(redisWarm, get(c.URL()+page))
			for range 5 {
				warm = append(warm, get(a.URL()+page))
				embWarm = append(embWarm, get(gw.URL()+page))
			}
		}
		b.StopTimer()
	}
	for _, m := range []struct {
		name string
		d    []time.Duration
	}{{"cold", cold}, {"redis-warm", redisWarm}, {"warm", warm}, {"embedded-cold", embCold}, {"embedded-warm", embWarm}} {
		slices.Sort(m.d)
		b.ReportMetric(ms(m.d[len(m.d)/2]), m.name+"-p50-ms")
		b.ReportMetric(ms(m.d[len(m.d)*99/100]), m.name+"-p99-ms")
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// benchCall creates a payment on the embedded gateway as a merchant.
func benchCall(b *testing.B, gw *server.Main, body string, out any) {
	b.Helper()
	req, _ := http.NewRequest(http.MethodPost, gw.URL()+"/int/payment", strings.NewReader(body))
	req.SetBasicAuth(gwKey, gwSecret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("create: %d %s", resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		b.Fatal(fmt.Errorf("create: %w", err))
	}
}
