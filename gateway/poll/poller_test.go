package poll

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/live"
)

type fakeRefresher struct {
	calls          atomic.Int32
	changed, final atomic.Bool
}

func (f *fakeRefresher) Refresh(context.Context, string) (bool, bool, error) {
	f.calls.Add(1)
	return f.changed.Load(), f.final.Load(), nil
}

type topics struct {
	mu  sync.Mutex
	got []string
}

func (t *topics) Publish(topic string) {
	t.mu.Lock()
	t.got = append(t.got, topic)
	t.mu.Unlock()
}

func (t *topics) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.got)
}

func start(t *testing.T, p *Poller) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

const interval = 100 * time.Millisecond

func TestNoWatchersNoPolling(t *testing.T) {
	r, hub := &fakeRefresher{}, &topics{}
	p := New(Config{Refresher: r, Lease: cache.NewMemory(0), Hub: hub, Interval: interval})
	start(t, p)
	time.Sleep(5 * interval)
	if got := r.calls.Load(); got != 0 {
		t.Fatalf("refreshes without watchers = %d, want 0", got)
	}

	stop := p.Watch("p1")
	time.Sleep(5 * interval)
	stop()
	polled := r.calls.Load()
	if polled < 3 || polled > 6 {
		t.Errorf("refreshes in 5 intervals with a watcher = %d, want 3..6", polled)
	}
	time.Sleep(3 * interval)
	if got := r.calls.Load(); got != polled {
		t.Errorf("refreshes after the last watcher left = %d, want none", got-polled)
	}
	if got := p.Watchers("p1"); got != 0 {
		t.Errorf("Watchers = %d, want 0", got)
	}
}

func TestManyWatchersOnePollPerInterval(t *testing.T) {
	r, hub := &fakeRefresher{}, &topics{}
	lease := cache.NewMemory(0)
	p := New(Config{Refresher: r, Lease: lease, Hub: hub, Interval: interval})
	for range 50 {
		defer p.Watch("p1")()
	}
	if got, want := p.Watchers("p1"), 50; got != want {
		t.Fatalf("Watchers = %d, want %d", got, want)
	}
	began := time.Now()
	start(t, p)
	time.Sleep(20 * interval)
	elapsed := time.Since(began)
	got, limit := int(r.calls.Load()), int(elapsed/interval)+1
	if got > limit || got < limit/2 {
		t.Errorf("50 watchers over %v: %d refreshes, want at most %d and not far fewer", elapsed, got, limit)
	}
}

func TestChangesArePublishedAndFinalStopsPolling(t *testing.T) {
	r, hub := &fakeRefresher{}, &topics{}
	p := New(Config{Refresher: r, Lease: cache.NewMemory(0), Hub: hub, Interval: interval})
	defer p.Watch("p1")()
	start(t, p)

	time.Sleep(3 * interval)
	if got := hub.count(); got != 0 {
		t.Fatalf("published %d times with nothing changed, want 0", got)
	}
	r.changed.Store(true)
	r.final.Store(true)
	time.Sleep(3 * interval)
	if got, want := hub.count(), 1; got != want {
		t.Fatalf("published %d times, want %d", got, want)
	}
	if got, want := hub.got[0], live.PaymentTopic("p1"); got != want {
		t.Errorf("topic = %s, want %s", got, want)
	}
	polled := r.calls.Load()
	time.Sleep(3 * interval)
	if got := r.calls.Load(); got != polled {
		t.Errorf("a final payment was polled %d more times", got-polled)
	}
}

// failingLease is a lease store that is down.
type failingLease struct{}

func (failingLease) SetNX(context.Context, string, []byte, time.Duration) (bool, error) {
	return false, cache.ErrUnavailable
}

func TestLeaseDownStillPollsOncePerInterval(t *testing.T) {
	r, hub := &fakeRefresher{}, &topics{}
	p := New(Config{Refresher: r, Lease: failingLease{}, Hub: hub, Interval: interval})
	defer p.Watch("p1")()
	began := time.Now()
	start(t, p)
	time.Sleep(10 * interval)
	got, limit := int(r.calls.Load()), int(time.Since(began)/interval)+1
	if got > limit || got < 3 {
		t.Errorf("with the lease store down: %d refreshes, want 3..%d", got, limit)
	}
}
