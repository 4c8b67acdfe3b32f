package cache_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/remote"
)

// storeGateway is one store of a remote gateway: it holds some payments, or fails every call.
type storeGateway struct {
	fakeUpstream
	fail     error
	inFlight *atomic.Int32
	maxSeen  *atomic.Int32
	delay    time.Duration
}

func (s *storeGateway) Payment(ctx context.Context, id string) (gateway.Payment, error) {
	if s.inFlight != nil {
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for m := s.maxSeen.Load(); n > m && !s.maxSeen.CompareAndSwap(m, n); m = s.maxSeen.Load() {
		}
		time.Sleep(s.delay)
	}
	if s.fail != nil {
		s.calls.Add(1)
		return gateway.Payment{}, s.fail
	}
	return s.fakeUpstream.Payment(ctx, id)
}

func storeID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

func newDirectory(gws ...*storeGateway) (*cache.Directory, cache.Store) {
	index := cache.NewMemory(0)
	stores := make([]cache.StoreUpstream, len(gws))
	for i, g := range gws {
		if g.payments == nil {
			g.fakeUpstream = *newFakeUpstream()
		}
		stores[i] = cache.StoreUpstream{Config: remote.StoreConfig{ID: storeID(i)}, Client: g}
	}
	return cache.NewDirectory(cache.DirectoryConfig{Stores: stores, Index: index, Lookups: 2}), index
}

func TestDirectoryFindsTheStore(t *testing.T) {
	// In a bubble, so that synctest.Wait lets the questions a found answer cancelled finish
	// before the counts are read.
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		a, b, c := &storeGateway{}, &storeGateway{}, &storeGateway{}
		dir, _ := newDirectory(a, b, c)
		reset := func() {
			synctest.Wait()
			a.calls.Store(0)
			b.calls.Store(0)
			c.calls.Store(0)
		}

		// Nobody knows id yet: each store is asked once at most (the first that has it stops the
		// others), and the answer is remembered.
		id := "9b1f3d2a-4c5e-4f60-8a7b-1c2d3e4f5a6b"
		c.set(payment(id, gateway.StatusOpen, "0"))
		if _, err := dir.Payment(ctx, id); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if a.calls.Load() > 1 || b.calls.Load() > 1 || c.calls.Load() != 1 {
			t.Errorf("first lookup: calls a=%d b=%d c=%d, want at most 1, at most 1, 1", a.calls.Load(), b.calls.Load(), c.calls.Load())
		}
		reset()
		if _, err := dir.Payment(ctx, id); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if a.calls.Load() != 0 || b.calls.Load() != 0 || c.calls.Load() != 1 {
			t.Errorf("after learning: calls a=%d b=%d c=%d, want only c", a.calls.Load(), b.calls.Load(), c.calls.Load())
		}

		// A hint naming the wrong store (a payer may edit oi) only costs that store one question.
		other := "1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d"
		b.set(payment(other, gateway.StatusOpen, "0"))
		reset()
		if p, err := dir.Payment(gateway.WithStoreHint(ctx, storeID(0)), other); err != nil || p.PaymentID != other {
			t.Fatalf("wrong hint: %v %v", p.PaymentID, err)
		}
		synctest.Wait()
		if a.calls.Load() != 1 || b.calls.Load() != 1 || c.calls.Load() > 1 {
			t.Errorf("wrong hint: a=%d b=%d c=%d, want 1, 1, at most 1", a.calls.Load(), b.calls.Load(), c.calls.Load())
		}
		// A right hint asks that store alone.
		third := "2b3c4d5e-6f70-4b1c-8d2e-3f4a5b6c7d8e"
		c.set(payment(third, gateway.StatusOpen, "0"))
		reset()
		if _, err := dir.Payment(gateway.WithStoreHint(ctx, storeID(2)), third); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if a.calls.Load()+b.calls.Load() != 0 || c.calls.Load() != 1 {
			t.Errorf("right hint: a=%d b=%d c=%d, want only c", a.calls.Load(), b.calls.Load(), c.calls.Load())
		}
	})
}

// Unknown ids are not found whichever store said it; a store whose credentials are refused counts
// as not having the id; one that cannot be reached makes the answer "unavailable" (it may have it).
func TestDirectoryUnknownIDs(t *testing.T) {
	ctx := context.Background()
	unknown := "3c4d5e6f-7081-4c2d-8e3f-4a5b6c7d8e9f"
	refused := &storeGateway{fail: fmt.Errorf("%w: HTTP 401", remote.ErrMisconfigured)}
	dir, _ := newDirectory(&storeGateway{}, refused)
	if _, err := dir.Payment(ctx, unknown); gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
		t.Errorf("unknown id with a refused store: %v, want ERR_NO_PAYMENT", err)
	}
	down := &storeGateway{fail: fmt.Errorf("%w: connection refused", remote.ErrUnavailable)}
	dir, _ = newDirectory(&storeGateway{}, down)
	if _, err := dir.Payment(ctx, unknown); !errors.Is(err, remote.ErrUnavailable) {
		t.Errorf("unknown id with a store down: %v, want ErrUnavailable", err)
	}
}

// At most Lookups stores are asked at once.
func TestDirectoryBoundsConcurrency(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var inFlight, maxSeen atomic.Int32
		gws := make([]*storeGateway, 7)
		for i := range gws {
			gws[i] = &storeGateway{inFlight: &inFlight, maxSeen: &maxSeen, delay: time.Second}
		}
		dir, _ := newDirectory(gws...)
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := dir.Payment(t.Context(), "4d5e6f70-8192-4d3e-8f4a-5b6c7d8e9fa0"); gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
				t.Errorf("err = %v", err)
			}
		})
		wg.Wait()
		if got, want := maxSeen.Load(), int32(2); got != want {
			t.Errorf("stores asked at once = %d, want %d (Lookups)", got, want)
		}
		for i, g := range gws {
			if g.calls.Load() != 1 {
				t.Errorf("store %d asked %d times, want 1", i, g.calls.Load())
			}
		}
	})
}
