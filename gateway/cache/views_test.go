package cache_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/remote"
)

// fakeUpstream is a remote gateway in memory that counts its calls. When gate is set, every fetch
// waits for it to close.
type fakeUpstream struct {
	mu       sync.Mutex
	payments map[string]gateway.Payment
	txs      map[string][]gateway.Transaction
	gate     chan struct{}
	entered  chan struct{}
	calls    atomic.Int32
	down     atomic.Bool // every read fails as an unreachable gateway
	txCalls  atomic.Int32
	convert  atomic.Int32
}

func newFakeUpstream() *fakeUpstream {
	return &fakeUpstream{payments: map[string]gateway.Payment{}, txs: map[string][]gateway.Transaction{}}
}

func (f *fakeUpstream) set(p gateway.Payment, txs ...gateway.Transaction) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.payments[p.PaymentID] = p
	f.txs[p.PaymentID] = txs
}

func (f *fakeUpstream) wait() {
	f.mu.Lock()
	gate, entered := f.gate, f.entered
	f.mu.Unlock()
	if entered != nil {
		select {
		case entered <- struct{}{}:
		default:
		}
	}
	if gate != nil {
		<-gate
	}
}

// Payment reads the state first and then waits at the gate: a slow answer carrying what was true
// when the request arrived.
func (f *fakeUpstream) Payment(_ context.Context, id string) (gateway.Payment, error) {
	f.calls.Add(1)
	f.mu.Lock()
	p, ok := f.payments[id]
	f.mu.Unlock()
	f.wait()
	switch {
	case f.down.Load():
		return gateway.Payment{}, fmt.Errorf("%w: connection refused", remote.ErrUnavailable)
	case !ok:
		return p, gateway.NoPayment(id)
	}
	return p, nil
}

func (f *fakeUpstream) Transactions(_ context.Context, id string) ([]gateway.Transaction, error) {
	f.txCalls.Add(1)
	if f.down.Load() {
		return nil, fmt.Errorf("%w: connection refused", remote.ErrUnavailable)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]gateway.Transaction{}, f.txs[id]...), nil
}

func (f *fakeUpstream) Dedicate(_ context.Context, id string) (remote.Dedicate, error) {
	return remote.Dedicate{Dedicate: gateway.Dedicate{DedicateID: id, Status: gateway.StatusOpen}}, nil
}

// DedicatePayments lists the payments set with that dedicate_id.
func (f *fakeUpstream) DedicatePayments(_ context.Context, dedicateID string, _, _ time.Time) ([]gateway.Payment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ps := []gateway.Payment{}
	for _, p := range f.payments {
		if p.DedicateID == dedicateID {
			ps = append(ps, p)
		}
	}
	return ps, nil
}

func (f *fakeUpstream) Convert(_ context.Context, req remote.ConvertRequest) (gateway.Conversion, error) {
	f.convert.Add(1)
	return gateway.Conversion{AmountStr: req.FromAmount, AssetID: req.AssetID}, nil
}

type counts struct{ hits, misses atomic.Int32 }

func (c *counts) CacheHit(string)  { c.hits.Add(1) }
func (c *counts) CacheMiss(string) { c.misses.Add(1) }

func payment(id, status, ip string) gateway.Payment {
	return gateway.Payment{PaymentID: id, Status: status, IPAmount: gateway.MustAmount(ip),
		PaymentAmount: gateway.MustAmount("0.00370885"), Rate: gateway.RateFromDecimal(gateway.MustAmount("0.0000370885").Decimal()),
		PaymentURL: "https://pay.example/payment/" + id + "?code=c-" + id}
}

// stores runs a test against the in-process store and against Redis in each of its setups (one
// server, Cluster, Sentinel).
func stores(t *testing.T, test func(t *testing.T, store cache.Store)) {
	t.Run("memory", func(t *testing.T) { test(t, cache.NewMemory(100)) })
	t.Run("redis", func(t *testing.T) {
		redistest.Topologies(t, func(t *testing.T, url string) {
			s, _ := newRedisStore(t, url, cache.RedisConfig{})
			test(t, s)
		})
	})
}

func TestViewsReadThrough(t *testing.T) {
	stores(t, func(t *testing.T, store cache.Store) {
		ctx := context.Background()
		up := newFakeUpstream()
		up.set(payment("p1", gateway.StatusOpen, "0"))
		obs := &counts{}
		v := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up, Observer: obs})

		for i := range 3 {
			p, err := v.Payment(ctx, "p1")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := p.PaymentAmount.String(), "0.00370885"; got != want {
				t.Errorf("read %d: payment_amount = %s, want %s", i, got, want)
			}
			if got, want := p.Rate.String(), "0.0000370885"; got != want {
				t.Errorf("read %d: rate = %s, want %s", i, got, want)
			}
			if !remote.CheckCode(p, "c-p1") {
				t.Errorf("read %d: the payer code must survive the cache (payment_url = %q)", i, p.PaymentURL)
			}
		}
		if got, want := up.calls.Load(), int32(1); got != want {
			t.Errorf("upstream calls = %d, want %d", got, want)
		}
		if got, want := obs.misses.Load(), int32(1); got != want {
			t.Errorf("misses = %d, want %d", got, want)
		}
		if got, want := obs.hits.Load(), int32(2); got != want {
			t.Errorf("hits = %d, want %d", got, want)
		}

		// The gateway's "not found" is kept briefly too: a second read of an unknown payment costs
		// no call (views_notfound_test.go has the rest).
		for range 2 {
			if _, err := v.Payment(ctx, "nope"); gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
				t.Fatalf("unknown payment: err = %v", err)
			}
		}
		if got, want := up.calls.Load(), int32(2); got != want {
			t.Errorf("upstream calls = %d, want %d", got, want)
		}

		// Conversions are keyed by amount and assets.
		for _, amount := range []string{"10", "10", "10.5"} {
			req := remote.ConvertRequest{FromAmount: gateway.MustAmount(amount), FromAssetID: "USD", AssetID: "BTC"}
			c, err := v.Convert(ctx, req)
			if err != nil || c.AmountStr.String() != amount {
				t.Fatalf("convert %s = %v, %v", amount, c.AmountStr, err)
			}
		}
		if got, want := up.convert.Load(), int32(2); got != want {
			t.Errorf("convert calls = %d, want %d", got, want)
		}
	})
}

func TestViewsOneFetchPerKey(t *testing.T) {
	stores(t, func(t *testing.T, store cache.Store) {
		up := newFakeUpstream()
		up.set(payment("p1", gateway.StatusOpen, "0"))
		up.gate, up.entered = make(chan struct{}), make(chan struct{}, 1)
		obs := &counts{}
		v := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up, Observer: obs})

		const readers = 50
		var wg sync.WaitGroup
		errs := make(chan error, readers)
		for range readers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, err := v.Payment(context.Background(), "p1")
				if err == nil && p.PaymentID != "p1" {
					err = errors.New("wrong payment " + p.PaymentID)
				}
				errs <- err
			}()
		}
		<-up.entered
		// Every reader has missed the cache (and then joins the fetch in flight) before it may end:
		// counted by the observer, not guessed with a sleep (at -cpu 1, 50 ms was not enough).
		for deadline := time.Now().Add(10 * time.Second); obs.misses.Load() < readers; {
			if time.Now().After(deadline) {
				t.Fatalf("only %d of %d readers missed the cache", obs.misses.Load(), readers)
			}
			runtime.Gosched()
		}
		for range 100 { // a reader preempted between its miss and joining the fetch gets to join
			runtime.Gosched()
		}
		close(up.gate)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got, want := up.calls.Load(), int32(1); got != want {
			t.Errorf("upstream calls for %d concurrent readers = %d, want %d", readers, got, want)
		}
	})
}

func TestViewsTTLByState(t *testing.T) {
	stores(t, func(t *testing.T, store cache.Store) {
		ctx := context.Background()
		up := newFakeUpstream()
		up.set(payment("open", gateway.StatusOpen, "0"))
		up.set(payment("closing", gateway.StatusClosing, "0.1"))
		up.set(payment("done", gateway.StatusComplete, "0.1"))
		v := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up, LiveTTL: 150 * time.Millisecond, FinalTTL: time.Hour})
		for _, id := range []string{"open", "closing", "done"} {
			v.Payment(ctx, id)
		}
		time.Sleep(300 * time.Millisecond)
		before := up.calls.Load()
		for _, tc := range []struct {
			id      string
			refetch bool
		}{{"open", true}, {"closing", true}, {"done", false}} {
			n := up.calls.Load()
			if _, err := v.Payment(ctx, tc.id); err != nil {
				t.Fatal(err)
			}
			if got := up.calls.Load() > n; got != tc.refetch {
				t.Errorf("%s after the live ttl: fetched again = %v, want %v", tc.id, got, tc.refetch)
			}
		}
		if got, want := up.calls.Load()-before, int32(2); got != want {
			t.Errorf("refetches = %d, want %d", got, want)
		}
	})
}

func TestViewsInvalidate(t *testing.T) {
	stores(t, func(t *testing.T, store cache.Store) {
		ctx := context.Background()
		up := newFakeUpstream()
		up.set(payment("p1", gateway.StatusOpen, "0"))
		v := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up})
		v.Payment(ctx, "p1")
		v.Transactions(ctx, "p1")
		up.set(payment("p1", gateway.StatusClosing, "0.5"), gateway.Transaction{TrxHash: "h1", Amount: gateway.MustAmount("0.5")})

		if p, _ := v.Payment(ctx, "p1"); p.Status != gateway.StatusOpen {
			t.Fatalf("before invalidation: status = %s, want the cached OPEN", p.Status)
		}
		if err := v.InvalidatePayment(ctx, "p1"); err != nil {
			t.Fatal(err)
		}
		p, err := v.Payment(ctx, "p1")
		if err != nil || p.Status != gateway.StatusClosing {
			t.Fatalf("after invalidation: status = %s, %v; want CLOSING", p.Status, err)
		}
		txs, err := v.Transactions(ctx, "p1")
		if err != nil || len(txs) != 1 {
			t.Fatalf("after invalidation: %d transactions, %v; want 1", len(txs), err)
		}
	})
}

func TestViewsInvalidationDuringFetch(t *testing.T) {
	stores(t, func(t *testing.T, store cache.Store) {
		ctx := context.Background()
		up := newFakeUpstream()
		up.set(payment("p1", gateway.StatusOpen, "0"))
		up.gate, up.entered = make(chan struct{}), make(chan struct{}, 1)
		obs := &counts{}
		v := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up, Observer: obs})

		done := make(chan gateway.Payment)
		go func() { p, _ := v.Payment(ctx, "p1"); done <- p }()
		<-up.entered
		// A webhook says the payment changed while the older read is still on its way.
		up.set(payment("p1", gateway.StatusComplete, "1"))
		v.InvalidatePayment(ctx, "p1")
		close(up.gate)
		if p := <-done; p.Status != gateway.StatusOpen {
			t.Fatalf("the late read saw %s, want OPEN (the test is not testing the race)", p.Status)
		}
		// The older read finished with what it saw; that must not be what the cache keeps.
		p, err := v.Payment(ctx, "p1")
		if err != nil || p.Status != gateway.StatusComplete {
			t.Fatalf("after the late fetch: status = %s, %v; want COMPLETE", p.Status, err)
		}
	})
}

func TestViewsFallThroughWhenRedisFails(t *testing.T) {
	for _, mode := range []string{"blackholed", "stopped"} {
		t.Run(mode, func(t *testing.T) {
			ctx := context.Background()
			proxy := redistest.NewProxy(t)
			store, _ := newRedisStore(t, proxy.URL(), cache.RedisConfig{Timeout: failTimeout})
			up := newFakeUpstream()
			up.set(payment("p1", gateway.StatusOpen, "0"))
			v := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up})
			// Warm the cache: a read that is then served from Redis. On a loaded machine one command
			// may still outlast failTimeout; try again rather than fail for it.
			warm := false
			for range 5 {
				if _, err := v.Payment(ctx, "p1"); err != nil {
					t.Fatal(err)
				}
				n := up.calls.Load()
				if _, err := v.Payment(ctx, "p1"); err != nil {
					t.Fatal(err)
				}
				if warm = up.calls.Load() == n; warm {
					break
				}
			}
			if !warm {
				t.Fatalf("the cache never served a read (%d upstream calls)", up.calls.Load())
			}
			baseline := up.calls.Load()
			if mode == "blackholed" {
				proxy.Blackhole()
			} else {
				proxy.Stop()
			}
			var slowest time.Duration
			for i := range 10 {
				ip := fmt.Sprintf("%d.5", i+1)
				up.set(payment("p1", gateway.StatusOpen, ip))
				start := time.Now()
				p, err := v.Payment(ctx, "p1")
				took := time.Since(start)
				slowest = max(slowest, took)
				if err != nil {
					t.Fatalf("read %d: %v", i, err)
				}
				if got, want := p.IPAmount.String(), ip; got != want {
					t.Errorf("read %d: ip_amount = %s, want %s (straight from the gateway)", i, got, want)
				}
			}
			t.Logf("slowest read with redis %s: %v", mode, slowest)
			if got, want := up.calls.Load()-baseline, int32(10); got != want {
				t.Errorf("upstream calls with redis %s = %d, want one per read (%d)", mode, got, want)
			}
			if got, want := store.Health().Status, cache.StatusDegraded; got != want {
				t.Errorf("Health = %s, want %s", got, want)
			}
		})
	}
}
