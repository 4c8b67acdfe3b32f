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
				r, err := v.Refresh(ctx, "p1")
				changed, final := r.Changed, r.Final
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

// The transactions are read again only when they can have changed: a new one raises ip_amount,
// and one not yet as deep as it must be can gain a confirmation. A payment partly paid with a
// confirmed transaction costs one call per refresh.
func TestRefreshReadsTransactionsOnlyWhenTheyCanChange(t *testing.T) {
	stores(t, func(t *testing.T, store cache.Store) {
		ctx := context.Background()
		tx := func(hash, amount string, confirmations int) gateway.Transaction {
			status := gateway.StatusOpen
			if confirmations >= 6 {
				status = gateway.StatusComplete
			}
			return gateway.Transaction{TrxHash: hash, Amount: gateway.MustAmount(amount), Status: status, Confirmations: confirmations, Confirms: 6}
		}
		up := newFakeUpstream()
		v := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up})
		steps := []struct {
			name     string
			ip       string
			txs      []gateway.Transaction
			calls    int
			changed  bool
			txsReads int32 // so far
		}{
			{"partly paid, unconfirmed", "0.001", []gateway.Transaction{tx("h1", "0.001", 0)}, 2, true, 1},
			{"a confirmation can come", "0.001", []gateway.Transaction{tx("h1", "0.001", 3)}, 2, true, 2},
			{"confirmed", "0.001", []gateway.Transaction{tx("h1", "0.001", 6)}, 2, true, 3},
			{"nothing can change in the transactions", "0.001", []gateway.Transaction{tx("h1", "0.001", 6)}, 1, false, 3},
			{"still nothing", "0.001", []gateway.Transaction{tx("h1", "0.001", 6)}, 1, false, 3},
			{"a second transaction raises ip_amount", "0.002", []gateway.Transaction{tx("h1", "0.001", 6), tx("h2", "0.001", 0)}, 2, true, 4},
		}
		for _, s := range steps {
			up.set(payment("p1", gateway.StatusOpen, s.ip), s.txs...)
			r, err := v.Refresh(ctx, "p1")
			if err != nil {
				t.Fatal(err)
			}
			if r.Calls != s.calls || r.Changed != s.changed || up.txCalls.Load() != s.txsReads {
				t.Errorf("%s: %d calls, changed %v, /txs read %d times so far; want %d, %v, %d",
					s.name, r.Calls, r.Changed, up.txCalls.Load(), s.calls, s.changed, s.txsReads)
			}
		}
		if txs, _ := v.Transactions(ctx, "p1"); len(txs) != 2 {
			t.Errorf("the cache holds %d transactions after the refreshes, want 2", len(txs))
		}
	})
}

// A dedicated address's refresh reads the address and its payments, says when a payment came or
// changed, and names the payments that can still change; a change found by refreshing one of
// them drops the address's cached list, so its page shows it.
func TestRefreshDedicate(t *testing.T) {
	stores(t, func(t *testing.T, store cache.Store) {
		ctx := context.Background()
		up := newFakeUpstream()
		v := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up})
		d, _ := v.Dedicate(ctx, "d1") // the page loaded it
		if ps, _ := v.DedicatePayments(ctx, d); len(ps) != 0 {
			t.Fatalf("%d payments before any deposit", len(ps))
		}
		r, err := v.RefreshDedicate(ctx, "d1")
		if err != nil || r.Changed || len(r.Open) != 0 || r.Calls != 2 {
			t.Fatalf("nothing new: %+v, %v; want unchanged, no open payments, 2 calls", r, err)
		}
		deposit := payment("p1", gateway.StatusOpen, "0")
		deposit.DedicateID = "d1"
		up.set(deposit)
		if r, _ := v.RefreshDedicate(ctx, "d1"); !r.Changed || len(r.Open) != 1 || r.Open[0] != "p1" {
			t.Fatalf("after a deposit: %+v, want changed with p1 open", r)
		}
		if ps, _ := v.DedicatePayments(ctx, d); len(ps) != 1 {
			t.Fatalf("the page lists %d payments after the refresh, want 1 from the cache", len(ps))
		}
		deposit.Status = gateway.StatusComplete
		up.set(deposit)
		if r, _ := v.Refresh(ctx, "p1"); !r.Changed || r.DedicateID != "d1" {
			t.Fatalf("the deposit completes: %+v, want changed, of d1", r)
		}
		if ps, _ := v.DedicatePayments(ctx, d); len(ps) != 1 || ps[0].Status != gateway.StatusComplete {
			t.Errorf("after the payment's refresh the address's page lists %+v, want it COMPLETE", ps)
		}
		if r, _ := v.RefreshDedicate(ctx, "d1"); len(r.Open) != 0 {
			t.Errorf("a complete payment is still open: %+v", r)
		}
	})
}
