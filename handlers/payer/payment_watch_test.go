package payer

import (
	"sync"
	"testing"
	"time"
)

// recordingWatcher counts watchers per payment.
type recordingWatcher struct {
	mu       sync.Mutex
	watching map[string]int
}

func (w *recordingWatcher) Watch(id string) func() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.watching[id]++
	var once sync.Once
	return func() {
		once.Do(func() {
			w.mu.Lock()
			defer w.mu.Unlock()
			w.watching[id]--
		})
	}
}

func (w *recordingWatcher) WatchDedicate(id string) func() { return w.Watch("dedicate:" + id) }

func (w *recordingWatcher) count(id string) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.watching[id]
}

// A live stream of a payment has it polled while it is open, a decided payment too (for late
// transactions); a page view alone does not.
func TestStreamsTellTheWatcher(t *testing.T) {
	w := &recordingWatcher{watching: map[string]int{}}
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.Watcher = w; c.Heartbeat = 50 * time.Millisecond })
	base := e.serve()
	open := e.payment(e.test, "BTC")
	paid := e.payment(e.test, "LTC")
	e.send(paid, paid.PaymentAmount.String())
	e.mine(paid, 6)

	e.page(pageURL(open), 200)
	if got := w.count(open.PaymentID); got != 0 {
		t.Errorf("a page view watches the payment %d times, want 0", got)
	}
	s := e.openStream(base, open)
	s.next(5 * time.Second)
	waitFor(t, "the watch", func() bool { return w.count(open.PaymentID) == 1 })
	d := e.openStream(base, paid)
	d.next(5 * time.Second)
	// A paid payment's page is watched too: a late transaction must reach it (the poller reads a
	// final payment only rarely).
	waitFor(t, "the paid payment's watch", func() bool { return w.count(paid.PaymentID) == 1 })
	s.close()
	d.close()
	waitFor(t, "the watch to end", func() bool { return w.count(open.PaymentID) == 0 && w.count(paid.PaymentID) == 0 })
}

// A dedicated address's live stream has it (and through it its payments) polled while it is open:
// a store that sends no webhooks to the checkout still updates the page.
func TestDedicateStreamsTellTheWatcher(t *testing.T) {
	w := &recordingWatcher{watching: map[string]int{}}
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.Watcher = w; c.Heartbeat = 50 * time.Millisecond })
	base := e.serve()
	d := e.dedicate(e.test, "BTC")
	e.page("/dedicate/"+d.DedicateID, 200)
	if got := w.count("dedicate:" + d.DedicateID); got != 0 {
		t.Errorf("a page view watches the address %d times, want 0", got)
	}
	events, stop := e.dedicateStreamOf(base, d.DedicateID)
	<-events
	waitFor(t, "the watch", func() bool { return w.count("dedicate:"+d.DedicateID) == 1 })
	stop()
	waitFor(t, "the watch to end", func() bool { return w.count("dedicate:"+d.DedicateID) == 0 })
}
