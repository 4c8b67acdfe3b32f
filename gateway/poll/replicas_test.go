package poll_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/poll"
	"github.com/cryptocheckout/checkout/gateway/redisclient"
	"github.com/cryptocheckout/checkout/gateway/remote"
)

// replica is what one checkout process runs in remote mode: the client of the gateway, the
// Redis cache in front of it, the Redis hub, and the shared poller.
type replica struct {
	views  *cache.Views
	hub    *live.RedisHub
	poller *poll.Poller
}

func newReplica(t testing.TB, gatewayURL, key, secret, prefix string, interval time.Duration, rt http.RoundTripper) *replica {
	t.Helper()
	client, err := remote.New(remote.Config{URL: gatewayURL, APIKey: key, APISecret: secret,
		HTTPClient: &http.Client{Transport: rt}})
	if err != nil {
		t.Fatal(err)
	}
	rdb, err := redisclient.Open(redistest.URL(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	store := cache.NewRedis(cache.RedisConfig{Client: rdb, Prefix: prefix})
	r := &replica{
		views: cache.NewViews(cache.ViewsConfig{Store: store, Upstream: client}),
		hub:   live.NewRedisHub(rdb, live.RedisHubConfig{Prefix: prefix + "live:"}),
	}
	r.poller = poll.New(poll.Config{Refresher: r.views, Lease: store, Hub: r.hub, Interval: interval})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.poller.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done; r.hub.Close(); rdb.Close() })
	ctxW, cancelW := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelW()
	if err := r.hub.WaitSubscribed(ctxW); err != nil {
		t.Fatal(err)
	}
	return r
}

// viewer is one payer's live page: it reads the payment, subscribes, and watches it.
type viewer struct {
	signals <-chan struct{}
	stop    func()
}

func (r *replica) view(t testing.TB, id string) viewer {
	t.Helper()
	if _, err := r.views.Payment(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	ch, cancel := r.hub.Subscribe(live.PaymentTopic(id))
	unwatch := r.poller.Watch(id)
	return viewer{signals: ch, stop: func() { unwatch(); cancel() }}
}

// countingTransport counts requests by "METHOD path".
type countingTransport struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	if c.counts == nil {
		c.counts = map[string]int{}
	}
	c.counts[r.Method+" "+r.URL.Path]++
	c.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func (c *countingTransport) count(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[key]
}

func (c *countingTransport) total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, v := range c.counts {
		n += v
	}
	return n
}

// fakeGateway serves GET /int/payment/{id} and /txs from a payment the test changes.
type fakeGateway struct {
	mu  sync.Mutex
	p   gateway.Payment
	txs []gateway.Transaction
	n   atomic.Int32
}

func (f *fakeGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.n.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.URL.Path == "/int/payment/"+f.p.PaymentID:
		json.NewEncoder(w).Encode(f.p)
	case r.URL.Path == "/int/payment/"+f.p.PaymentID+"/txs":
		json.NewEncoder(w).Encode(f.txs)
	case strings.HasPrefix(r.URL.Path, "/int/payment/"):
		w.WriteHeader(http.StatusUnprocessableEntity)
		w.Write([]byte(`{"code":"ERR_NO_PAYMENT","message":"Payment not found."}`))
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func (f *fakeGateway) set(status, ip string, txs ...gateway.Transaction) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.p.Status, f.p.IPAmount, f.txs = status, gateway.MustAmount(ip), txs
}

func signalled(ch <-chan struct{}, d time.Duration) bool {
	select {
	case <-ch:
		return true
	case <-time.After(d):
		return false
	}
}

// drain empties a viewer's pending signal (the merged signals of earlier publishes).
func drain(vs []viewer) {
	for _, v := range vs {
		select {
		case <-v.signals:
		default:
		}
	}
}

func TestFiftyWatchersTwoReplicasOneReadPerInterval(t *testing.T) {
	const interval = 200 * time.Millisecond
	fake := &fakeGateway{p: gateway.Payment{PaymentID: "11111111-2222-4333-8444-555555555555", Status: gateway.StatusOpen,
		PaymentAmount: gateway.MustAmount("0.001"), PaymentURL: "https://pay.example/payment/x?code=c"}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	prefix := redistest.Prefix(t)
	counter := &countingTransport{}
	a := newReplica(t, srv.URL+"/int", "k", "s", prefix, interval, counter)
	b := newReplica(t, srv.URL+"/int", "k", "s", prefix, interval, counter)
	id := fake.p.PaymentID
	paymentPath, txsPath := "GET /int/payment/"+id, "GET /int/payment/"+id+"/txs"

	var viewers []viewer
	setup := time.Now()
	for i := range 50 {
		r := a
		if i%2 == 1 {
			r = b
		}
		viewers = append(viewers, r.view(t, id))
	}
	defer func() {
		for _, v := range viewers {
			v.stop()
		}
	}()
	// The first page load missed the cache once and the rest were cache hits; the pollers, which
	// start with the first viewer, may have read once per interval while the viewers were set up
	// (a slow machine or the race detector can stretch that over several intervals).
	before := counter.count(paymentPath)
	if allowed := 1 + int(time.Since(setup)/interval) + 1; before > allowed {
		t.Errorf("50 page loads made %d upstream reads, want at most %d (one miss, then cache hits and the pollers)", before, allowed)
	}
	began := time.Now()
	time.Sleep(15 * interval)
	elapsed := time.Since(began)
	polls := counter.count(paymentPath) - before
	limit := int(elapsed/interval) + 1
	t.Logf("50 watchers on 2 replicas for %v at a %v interval: %d upstream reads of the payment", elapsed, interval, polls)
	if polls > limit {
		t.Errorf("%d upstream reads in %v, want at most one per interval (%d)", polls, elapsed, limit)
	}
	if polls < limit/2 {
		t.Errorf("%d upstream reads in %v: the payment is hardly polled (want about %d)", polls, elapsed, limit)
	}
	if got := counter.count(txsPath); got != 0 {
		t.Errorf("%d reads of the transactions while nothing was received, want 0", got)
	}

	// A transaction arrives: every page on both replicas hears of it within about an interval
	// and reads the new state from the cache the poller refreshed.
	drain(viewers)
	fake.set(gateway.StatusClosing, "0.001", gateway.Transaction{TrxHash: "h1", Amount: gateway.MustAmount("0.001"), Status: gateway.StatusOpen})
	for i, v := range viewers {
		if !signalled(v.signals, 3*interval) {
			t.Fatalf("viewer %d not signalled of the change", i)
		}
	}
	readsBefore := counter.total()
	for _, r := range []*replica{a, b} {
		p, err := r.views.Payment(context.Background(), id)
		if err != nil || p.Status != gateway.StatusClosing {
			t.Fatalf("after the signal: status %s, %v; want CLOSING", p.Status, err)
		}
		txs, err := r.views.Transactions(context.Background(), id)
		if err != nil || len(txs) != 1 {
			t.Fatalf("after the signal: %d transactions, %v; want 1", len(txs), err)
		}
	}
	if got := counter.total() - readsBefore; got != 0 {
		t.Errorf("pages re-reading after the signal made %d upstream calls, want 0 (the poller filled the cache)", got)
	}

	// Completed: polling stops everywhere although the pages stay open.
	fake.set(gateway.StatusComplete, "0.001", gateway.Transaction{TrxHash: "h1", Amount: gateway.MustAmount("0.001"), Status: gateway.StatusComplete})
	if !signalled(viewers[0].signals, 3*interval) {
		t.Fatal("not signalled of completion")
	}
	time.Sleep(2 * interval) // the other replica may poll once more before it learns
	final := counter.count(paymentPath)
	time.Sleep(5 * interval)
	if got := counter.count(paymentPath) - final; got != 0 {
		t.Errorf("a complete payment was polled %d more times", got)
	}
}
