package cache_test

import (
	"context"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache"
)

// downStore fails every call, as Redis does while the breaker is open.
type downStore struct{}

func (downStore) Get(context.Context, string) ([]byte, error) { return nil, cache.ErrUnavailable }
func (downStore) Set(context.Context, string, []byte, time.Duration) error {
	return cache.ErrUnavailable
}
func (downStore) Del(context.Context, ...string) error { return cache.ErrUnavailable }
func (downStore) Health() cache.Health                 { return cache.Health{Status: cache.StatusDegraded} }
func (downStore) SetNX(context.Context, string, []byte, time.Duration) (bool, error) {
	return false, cache.ErrUnavailable
}

func TestRefreshDetectsChanges(t *testing.T) {
	tx := func(confirmations int) gateway.Transaction {
		return gateway.Transaction{TrxHash: "h1", Amount: gateway.MustAmount("0.5"), Status: gateway.StatusOpen, Confirmations: confirmations}
	}
	steps := []struct {
		name          string
		p             gateway.Payment
		txs           []gateway.Transaction
		changed, fin  bool
		txReadsBefore int32 // transactions reads so far, after this step
	}{
		{"first look at a page already cached", payment("p1", gateway.StatusOpen, "0"), nil, false, false, 0},
		{"nothing new", payment("p1", gateway.StatusOpen, "0"), nil, false, false, 0},
		{"a transaction seen", payment("p1", gateway.StatusClosing, "0.5"), []gateway.Transaction{tx(0)}, true, false, 1},
		{"same again", payment("p1", gateway.StatusClosing, "0.5"), []gateway.Transaction{tx(0)}, false, false, 2},
		{"one more confirmation", payment("p1", gateway.StatusClosing, "0.5"), []gateway.Transaction{tx(1)}, true, false, 3},
		{"complete", payment("p1", gateway.StatusComplete, "0.5"), []gateway.Transaction{tx(6)}, true, true, 4},
	}
	for name, store := range map[string]cache.Store{"memory": cache.NewMemory(0), "store down": downStore{}} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			up := newFakeUpstream()
			up.set(steps[0].p)
			v := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up})
			v.Payment(ctx, "p1") // the page loaded it
			for i, s := range steps {
				up.set(s.p, s.txs...)
				changed, final, err := v.Refresh(ctx, "p1")
				if err != nil {
					t.Fatal(err)
				}
				wantChanged := s.changed
				if i == 0 && name == "store down" {
					wantChanged = true // nothing cached, nothing seen yet by this process
				}
				if changed != wantChanged || final != s.fin {
					t.Errorf("%s: changed, final = %v, %v; want %v, %v", s.name, changed, final, wantChanged, s.fin)
				}
				if got := up.txCalls.Load(); got != s.txReadsBefore {
					t.Errorf("%s: transactions read %d times, want %d (not while nothing was received)", s.name, got, s.txReadsBefore)
				}
			}
			if name == "memory" {
				// Refresh filled the cache: a page reads the newest state without asking upstream.
				calls := up.calls.Load()
				p, _ := v.Payment(ctx, "p1")
				txs, _ := v.Transactions(ctx, "p1")
				if p.Status != gateway.StatusComplete || len(txs) != 1 || txs[0].Confirmations != 6 || up.calls.Load() != calls {
					t.Errorf("after Refresh the cache holds %s with %+v (upstream calls %d → %d)", p.Status, txs, calls, up.calls.Load())
				}
			}
		})
	}
}
