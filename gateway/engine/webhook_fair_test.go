package engine_test

import (
	"context"
	"net/url"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/webhook"
)

// merchants stands in for the merchants' endpoints, by host: a hung host takes every request and
// never answers (the attempt's deadline ends it), the others accept at once. It records when each
// host was sent each webhook, in the bubble's time.
type merchants struct {
	mu   sync.Mutex
	hung map[string]bool
	sent map[string][]time.Time
}

func newMerchants(hung ...string) *merchants {
	m := &merchants{hung: map[string]bool{}, sent: map[string][]time.Time{}}
	for _, h := range hung {
		m.hung[h] = true
	}
	return m
}

func (m *merchants) Send(ctx context.Context, target string, _ []byte, _ string, _ bool) webhook.Result {
	start := time.Now()
	u, err := url.Parse(target)
	if err != nil {
		return webhook.Result{Err: err}
	}
	m.mu.Lock()
	m.sent[u.Host] = append(m.sent[u.Host], start)
	hung := m.hung[u.Host]
	m.mu.Unlock()
	if hung {
		<-ctx.Done()
		return webhook.Result{Err: ctx.Err(), Duration: time.Since(start)}
	}
	return webhook.Result{Status: 200, Duration: time.Since(start)}
}

func (m *merchants) times(host string) []time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]time.Time(nil), m.sent[host]...)
}

// runDeliverer runs d in the bubble until the test ends.
func runDeliverer(t *testing.T, d *engine.Deliverer) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// Sixteen webhooks to a merchant that never answers do not hold up another store's webhook by more
// than one attempt's timeout (the finding: 8 slots for all stores, so 16 hung webhooks delayed the
// others by two timeouts and more).
func TestHungMerchantDoesNotDelayAnotherStore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const timeout = 10 * time.Second
		m := newMerchants("hung.example")
		e := gw2Engine(t, t.TempDir(), nil)
		hung := hookStore(t, e, "https://hung.example/hook", "k", false)
		other := hookStore(t, e, "https://other.example/hook", "k", false)
		for range 16 {
			newPayment(t, e, hung, fixedCrypto("0.01", "BTC"))
		}
		runDeliverer(t, e.NewDeliverer(engine.DeliveryConfig{Sender: m, Timeout: timeout}))
		synctest.Wait() // the hung merchant's deliveries are in flight

		began := time.Now()
		p := newPayment(t, e, other, fixedCrypto("0.01", "BTC"))
		for len(m.times("other.example")) == 0 && time.Since(began) < 5*timeout {
			time.Sleep(100 * time.Millisecond)
		}
		got := m.times("other.example")
		if len(got) == 0 {
			t.Fatalf("the other store's webhook was not sent within %v", 5*timeout)
		}
		if waited := got[0].Sub(began); waited > timeout {
			t.Errorf("the other store's webhook waited %v behind a hung merchant, want at most one timeout (%v)", waited, timeout)
		}
		synctest.Wait()
		if ev := events(t, e, other, p.PaymentID); len(ev) != 1 || ev[0].State != engine.DeliveryDelivered {
			t.Errorf("the other store's webhook: %+v, want delivered", ev)
		}
		if n := len(m.times("hung.example")); n == 0 {
			t.Error("the hung merchant was never tried")
		}
	})
}

// After a few attempts in a row time out, the target's breaker opens: its webhooks are postponed
// for the cool-down (no attempt made, none counted), then one probe goes; once the merchant answers
// again every webhook is delivered, each once.
func TestBreakerPostponesATargetThatTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const timeout = 10 * time.Second
		m := newMerchants("hung.example")
		e := gw2Engine(t, t.TempDir(), nil)
		s := hookStore(t, e, "https://hung.example/hook", "k", false)
		for range 16 {
			newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
		}
		began := time.Now()
		runDeliverer(t, e.NewDeliverer(engine.DeliveryConfig{Sender: m, Timeout: timeout}))
		synctest.Wait()
		if got, want := len(m.times("hung.example")), 4; got != want {
			t.Fatalf("%d deliveries of one store in flight, want the per-store limit %d", got, want)
		}

		// The four time out together: the breaker opens for a minute. Nothing is tried in it.
		time.Sleep(timeout + 50*time.Second)
		synctest.Wait()
		if got := len(m.times("hung.example")); got != 4 {
			t.Fatalf("%d attempts while the breaker is open, want still the first 4", got)
		}
		all, err := e.Webhooks(context.Background(), s.StoreID, 100)
		if err != nil {
			t.Fatal(err)
		}
		var untried, postponed int
		for _, w := range all {
			if w.Attempts == 0 {
				untried++
			}
			if w.State == engine.DeliveryPending && w.LastError == engine.MsgPostponedForTest {
				postponed++
			}
		}
		if untried != 12 || postponed != 16 {
			t.Errorf("%d untried and %d postponed webhooks, want 12 untried (no attempt counted) and all 16 postponed", untried, postponed)
		}

		// The merchant is back: after the cool-down one probe goes, it is answered, the rest follow.
		m.mu.Lock()
		m.hung["hung.example"] = false
		m.mu.Unlock()
		for delivered(t, e, s) < 16 && time.Since(began) < 10*time.Minute {
			time.Sleep(time.Second)
		}
		if got := delivered(t, e, s); got != 16 {
			t.Fatalf("%d of 16 webhooks delivered after the merchant came back", got)
		}
		sent := m.times("hung.example")
		if got, want := len(sent), 4+16; got != want {
			t.Errorf("%d requests in all, want %d (4 that timed out, then each webhook once)", got, want)
		}
		if probe := sent[4].Sub(began); probe < timeout+time.Minute {
			t.Errorf("first request after the timeouts at +%v, want after the breaker's minute (+%v)", probe, timeout+time.Minute)
		}
	})
}

func delivered(t *testing.T, e *engine.Engine, s gateway.Store) int {
	t.Helper()
	all, err := e.Webhooks(context.Background(), s.StoreID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, w := range all {
		if w.State == engine.DeliveryDelivered {
			n++
		}
	}
	return n
}
