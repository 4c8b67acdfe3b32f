package cache_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/remote"
)

const unknownID = "6f1e0a1c-0000-4000-8000-000000000000"

// N requests for one unknown id, at once and one after the other, on two replicas sharing the
// store, cost one upstream call; the payer gets the same ERR_NO_PAYMENT as for a wrong code.
func TestNotFoundIsKeptBriefly(t *testing.T) {
	stores(t, func(t *testing.T, store cache.Store) {
		ctx := context.Background()
		up := newFakeUpstream()
		up.set(payment("p1", gateway.StatusOpen, "0"))
		a := cache.NewPayerGateway(cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up}), nil, nil)
		b := cache.NewPayerGateway(cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up}), nil, nil)

		const n = 40
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i := range n {
			wg.Go(func() {
				gw := a
				if i%2 == 1 {
					gw = b
				}
				_, err := gw.PaymentView(ctx, unknownID, "c-p1")
				errs <- err
			})
		}
		wg.Wait()
		for range n {
			if _, err := b.PaymentView(ctx, unknownID, "anything"); err != nil {
				errs <- err
			}
		}
		close(errs)
		for err := range errs {
			if gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
				t.Fatalf("unknown id: err = %v, want ERR_NO_PAYMENT", err)
			}
		}
		// Two replicas may each miss once before the first one's answer is stored.
		if got := up.calls.Load(); got < 1 || got > 2 {
			t.Errorf("upstream calls for %d requests = %d, want 1 (2 at most: one per replica)", 2*n, got)
		}

		_, wrong := a.PaymentView(ctx, "p1", "c-wrong")
		_, unknown := a.PaymentView(ctx, unknownID, "c-wrong")
		if wrong.Error() != gateway.NoPayment("p1").Error() || unknown.Error() != gateway.NoPayment(unknownID).Error() {
			t.Errorf("wrong code %v and unknown id %v must be the same not-found", wrong, unknown)
		}

		// The creation webhook drops the entry: a payment created a moment later is found at once.
		up.set(payment(unknownID, gateway.StatusOpen, "0"))
		views := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up})
		if err := views.InvalidatePayment(ctx, unknownID); err != nil {
			t.Fatal(err)
		}
		if _, err := views.Payment(ctx, unknownID); err != nil {
			t.Errorf("after invalidation: %v", err)
		}
	})
}

// The entry expires after NotFoundTTL (simulated time): then the gateway is asked again.
func TestNotFoundExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		up := newFakeUpstream()
		v := cache.NewViews(cache.ViewsConfig{Store: cache.NewMemory(0), Upstream: up, NotFoundTTL: 10 * time.Second})
		read := func() {
			if _, err := v.Payment(t.Context(), unknownID); gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
				t.Fatalf("err = %v", err)
			}
		}
		read()
		time.Sleep(9 * time.Second)
		read()
		if got, want := up.calls.Load(), int32(1); got != want {
			t.Fatalf("within the TTL: calls = %d, want %d", got, want)
		}
		time.Sleep(2 * time.Second)
		read()
		if got, want := up.calls.Load(), int32(2); got != want {
			t.Errorf("after the TTL: calls = %d, want %d", got, want)
		}
	})
}

// A gateway that cannot be reached is not "not found": nothing is kept, the next read asks again.
func TestUnavailableIsNotKept(t *testing.T) {
	stores(t, func(t *testing.T, store cache.Store) {
		up := newFakeUpstream()
		up.down.Store(true)
		v := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up})
		for range 2 {
			if _, err := v.Payment(context.Background(), "p9"); !errors.Is(err, remote.ErrUnavailable) {
				t.Fatalf("err = %v, want ErrUnavailable", err)
			}
		}
		if got, want := up.calls.Load(), int32(2); got != want {
			t.Errorf("calls = %d, want %d", got, want)
		}
	})
}

// A payment already seen is shown from its last copy, marked stale, when the gateway is down; one
// never seen is an error (the pages answer 503).
func TestLastCopyWhenGatewayDown(t *testing.T) {
	stores(t, func(t *testing.T, store cache.Store) {
		ctx := context.Background()
		up := newFakeUpstream()
		up.set(payment("p1", gateway.StatusOpen, "0.001"))
		views := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: up})
		gw := cache.NewPayerGateway(views, nil, nil)
		v, err := gw.PaymentView(ctx, "p1", "c-p1")
		if err != nil || v.Stale {
			t.Fatalf("first read: stale=%v err=%v", v.Stale, err)
		}

		up.down.Store(true)
		if err := views.InvalidatePayment(ctx, "p1"); err != nil { // as a webhook would
			t.Fatal(err)
		}
		v, err = gw.PaymentView(ctx, "p1", "c-p1")
		if err != nil {
			t.Fatalf("seen payment, gateway down: %v", err)
		}
		if !v.Stale || v.Payment.PaymentID != "p1" || v.Payment.IPAmount.String() != "0.001" {
			t.Errorf("seen payment, gateway down: stale=%v payment=%+v", v.Stale, v.Payment)
		}
		if _, err := gw.PaymentView(ctx, "p1", "c-wrong"); gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
			t.Errorf("last copy with a wrong code: err = %v, want ERR_NO_PAYMENT", err)
		}
		if _, err := gw.PaymentView(ctx, "p2", "c-p2"); !errors.Is(err, remote.ErrUnavailable) {
			t.Errorf("unseen payment, gateway down: err = %v, want ErrUnavailable", err)
		}

		up.down.Store(false)
		if err := views.InvalidatePayment(ctx, "p1"); err != nil {
			t.Fatal(err)
		}
		if v, err := gw.PaymentView(ctx, "p1", "c-p1"); err != nil || v.Stale {
			t.Errorf("gateway back: stale=%v err=%v", v.Stale, err)
		}
	})
}

// A slow gateway: after StaleAfter a seen payment is answered from its last copy while the fetch
// goes on; when it lands, the next read is fresh. An unseen payment waits for the gateway.
func TestLastCopyWhenGatewaySlow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		up := newFakeUpstream()
		up.set(payment("p1", gateway.StatusOpen, "0"))
		views := cache.NewViews(cache.ViewsConfig{Store: cache.NewMemory(0), Upstream: up, StaleAfter: 2 * time.Second})
		gw := cache.NewPayerGateway(views, nil, nil)
		if _, err := gw.PaymentView(ctx, "p1", "c-p1"); err != nil {
			t.Fatal(err)
		}
		gate := make(chan struct{})
		up.mu.Lock()
		up.gate = gate
		up.mu.Unlock()
		views.InvalidatePayment(ctx, "p1")

		start := time.Now()
		v, err := gw.PaymentView(ctx, "p1", "c-p1")
		if err != nil || !v.Stale {
			t.Fatalf("slow gateway: stale=%v err=%v", v.Stale, err)
		}
		if got, want := time.Since(start), 2*time.Second; got != want {
			t.Errorf("answered after %s, want %s (StaleAfter)", got, want)
		}

		up.set(payment("p2", gateway.StatusOpen, "0"))
		done := make(chan error)
		go func() {
			_, err := gw.PaymentView(ctx, "p2", "c-p2")
			done <- err
		}()
		time.Sleep(5 * time.Second)
		synctest.Wait()
		select {
		case err := <-done:
			t.Fatalf("unseen payment answered while the gateway is slow: %v", err)
		default:
		}
		close(gate)
		if err := <-done; err != nil {
			t.Errorf("unseen payment once the gateway answered: %v", err)
		}
		synctest.Wait()
		if v, err := gw.PaymentView(ctx, "p1", "c-p1"); err != nil || v.Stale {
			t.Errorf("after the slow fetch landed: stale=%v err=%v", v.Stale, err)
		}
	})
}
