package poll

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/live"
)

// The tests run in synctest bubbles: time is simulated, so "ten intervals" take no real time and
// the counts are exact rather than bounded by a slow machine.

// fakeGateway is the upstream of every replica of a test: it records when each object was read.
type fakeGateway struct {
	mu       sync.Mutex
	reads    map[string][]time.Time // by "payment:id" / "dedicate:id"
	payment  func(id string) cache.Refreshed
	dedicate func(id string) cache.Refreshed
	fail     bool
}

func newFake() *fakeGateway {
	return &fakeGateway{reads: map[string][]time.Time{},
		payment:  func(string) cache.Refreshed { return cache.Refreshed{Calls: 1} },
		dedicate: func(string) cache.Refreshed { return cache.Refreshed{Calls: 2} },
	}
}

func (f *fakeGateway) Refresh(_ context.Context, id string) (cache.Refreshed, error) {
	return f.read("payment:"+id, func() cache.Refreshed { return f.payment(id) })
}

func (f *fakeGateway) RefreshDedicate(_ context.Context, id string) (cache.Refreshed, error) {
	return f.read("dedicate:"+id, func() cache.Refreshed { return f.dedicate(id) })
}

func (f *fakeGateway) read(k string, result func() cache.Refreshed) (cache.Refreshed, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads[k] = append(f.reads[k], time.Now())
	if f.fail {
		return cache.Refreshed{Calls: 1}, fmt.Errorf("gateway down")
	}
	return result(), nil
}

func (f *fakeGateway) count(k string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.reads[k])
}

// maxGap is the longest time between two reads of k after since (the first read after since
// counts from since).
func (f *fakeGateway) maxGap(k string, since, until time.Time) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	last, gap := since, time.Duration(0)
	for _, at := range f.reads[k] {
		if at.Before(since) {
			continue
		}
		gap, last = max(gap, at.Sub(last)), at
	}
	return max(gap, until.Sub(last))
}

// busiest is the most reads of all objects made in one calendar second in [since, until) (the
// budget counts per second), weighted by their calls.
func (f *fakeGateway) busiest(since, until time.Time, calls func(k string) int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	per := map[int64]int{}
	for k, times := range f.reads {
		for _, at := range times {
			if !at.Before(since) && at.Before(until) {
				per[at.Unix()] += calls(k)
			}
		}
	}
	most := 0
	for _, n := range per {
		most = max(most, n)
	}
	return most
}

// readsIn counts the reads of all objects in [since, until).
func (f *fakeGateway) readsIn(since, until time.Time) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, times := range f.reads {
		for _, at := range times {
			if !at.Before(since) && at.Before(until) {
				n++
			}
		}
	}
	return n
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

func (t *topics) count(topic string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, g := range t.got {
		if g == topic {
			n++
		}
	}
	return n
}

const interval = 3 * time.Second

// sleep lets simulated time pass, then waits until every goroutine of the bubble is blocked
// again: what happens at the instant it wakes (a poll due then) is done before the test looks.
func sleep(d time.Duration) {
	time.Sleep(d)
	synctest.Wait()
}

// run starts p until the bubble's test ends.
func run(t *testing.T, p *Poller) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// replica is one replica's poller; the replicas of a test share lease (and, with a store that
// counts, the budget) as they share Redis.
func replica(t *testing.T, f *fakeGateway, lease Leaser, hub Publisher, maxRPS int) *Poller {
	cfg := Config{Refresher: f, Lease: lease, Hub: hub, Interval: interval, MaxRPS: maxRPS}
	if c, ok := lease.(Counter); ok {
		cfg.Budget = c
	}
	p := New(cfg)
	run(t, p)
	return p
}

func TestNoWatchersNoPolling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake()
		p := replica(t, f, cache.NewMemory(0), &topics{}, 0)
		sleep(10 * interval)
		if got := f.count("payment:p1"); got != 0 {
			t.Fatalf("reads without watchers = %d, want 0", got)
		}
		stop := p.Watch("p1")
		sleep(10 * interval)
		stop()
		// The first read falls within the first interval, then one per interval.
		if got := f.count("payment:p1"); got < 9 || got > 10 {
			t.Errorf("reads in 10 intervals with a watcher = %d, want 9 or 10", got)
		}
		polled := f.count("payment:p1")
		sleep(5 * interval)
		if got := f.count("payment:p1") - polled; got != 0 {
			t.Errorf("reads after the last watcher left = %d, want none", got)
		}
		if got := p.Watchers("p1"); got != 0 {
			t.Errorf("Watchers = %d, want 0", got)
		}
	})
}

// 50 payers on two replicas watching one payment: one read per interval, not one per payer or
// per replica.
func TestManyViewersTwoReplicasOneReadPerInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, lease := newFake(), cache.NewMemory(0)
		a, b := replica(t, f, lease, &topics{}, 0), replica(t, f, lease, &topics{}, 0)
		for i := range 50 {
			r := a
			if i%2 == 1 {
				r = b
			}
			defer r.Watch("p1")()
		}
		sleep(interval) // the first read
		began, first := time.Now(), f.count("payment:p1")
		sleep(20 * interval)
		if got := f.count("payment:p1") - first; got < 19 || got > 21 {
			t.Errorf("50 viewers on 2 replicas, 20 intervals: %d reads, want 20 (±1)", got)
		}
		if gap := f.maxGap("payment:p1", began, time.Now()); gap > interval*3/2 {
			t.Errorf("longest time between two reads %v, want at most 1.5 × %v", gap, interval)
		}
	})
}

// 1,000 watched payments over two replicas: each is read again within 1.5 intervals, and the
// replicas together never go over the call budget in any second. A third of them have something
// received and cost two calls (the payment and its transactions).
func TestThousandPaymentsTwoReplicas(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, maxRPS = 1000, 500 // they need about 1,000 × 4/3 calls per 3 s: 444/s
		f, lease := newFake(), cache.NewMemory(4*n)
		f.payment = func(id string) cache.Refreshed {
			var i int
			fmt.Sscan(id[1:], &i)
			return cache.Refreshed{Calls: 1 + btoi(i%3 == 0)}
		}
		a, b := replica(t, f, lease, &topics{}, maxRPS), replica(t, f, lease, &topics{}, maxRPS)
		for i := range n {
			id := fmt.Sprintf("p%d", i)
			switch i % 4 {
			case 0:
				defer a.Watch(id)()
			case 1:
				defer b.Watch(id)()
			default: // watched on both replicas
				defer a.Watch(id)()
				defer b.Watch(id)()
			}
		}
		sleep(2 * interval) // every page read once
		began := time.Now()
		calls0 := a.Calls() + b.Calls()
		sleep(20 * interval)
		var worst time.Duration
		for i := range n {
			worst = max(worst, f.maxGap(fmt.Sprintf("payment:p%d", i), began, time.Now()))
		}
		busiest := f.busiest(began, time.Now(), func(k string) int {
			var i int
			fmt.Sscan(k[len("payment:p"):], &i)
			return 1 + btoi(i%3 == 0)
		})
		t.Logf("1,000 payments, 2 replicas: longest gap %v; busiest second %d calls of both", worst, busiest)
		if worst > interval*3/2 {
			t.Errorf("a payment went %v without a read, want at most 1.5 × %v", worst, interval)
		}
		// One second's calls: the budget, give or take the transactions of reads at its end
		// (counted once made).
		if got := busiest; got > maxRPS+maxRPS/20 {
			t.Errorf("the replicas made %d calls in one second, want at most about POLL_MAX_RPS (%d)", got, maxRPS)
		}
		total := a.Calls() + b.Calls() - calls0
		if want := int64(n * 4 / 3 * 20); total > want*21/20 {
			t.Errorf("20 intervals: %d calls in all, want about %d (one read per payment per interval)", total, want)
		}
	})
}

// The budget is the cluster's: two replicas watching the same 300 payments with a budget of 50
// calls per second make at most 50 calls per second together, use it, and every payment is read
// about as often as that allows (each every 6 s instead of 3 s), none left behind.
func TestBudgetSharedAcrossReplicas(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, maxRPS = 300, 50
		f, lease := newFake(), cache.NewMemory(4*n)
		a, b := replica(t, f, lease, &topics{}, maxRPS), replica(t, f, lease, &topics{}, maxRPS)
		for i := range n {
			defer a.Watch(fmt.Sprintf("p%d", i))()
			defer b.Watch(fmt.Sprintf("p%d", i))()
		}
		sleep(4 * interval)
		began, calls := time.Now(), a.Calls()+b.Calls()
		sleep(30 * time.Second)
		if got := f.busiest(began, time.Now(), func(string) int { return 1 }); got > maxRPS {
			t.Errorf("the replicas made %d calls in one second together, want at most %d", got, maxRPS)
		}
		if got, want := a.Calls()+b.Calls()-calls, int64(maxRPS*30); got < want*9/10 {
			t.Errorf("%d calls in 30 s, want about %d: the budget is not used", got, want)
		}
		var worst time.Duration
		for i := range n {
			worst = max(worst, f.maxGap(fmt.Sprintf("payment:p%d", i), began, time.Now()))
		}
		// The replicas race for each second's budget, and the one not holding a payment's lease
		// probes it too: the order is fair within a replica, not exactly across both, so a
		// payment may wait up to half as long again as the even share.
		if want := n / maxRPS * time.Second; worst > want*8/5 {
			t.Errorf("longest gap %v, want about %v for every payment (at most 1.6×)", worst, want)
		}
	})
}

// With more watched payments than the budget covers, every payment is still read, each a little
// less often (the longest-waiting first), and the budget holds.
func TestBudgetSpreadsEvenly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, maxRPS = 300, 50 // 300 payments at 50/s: each every 6 s instead of 3 s
		f := newFake()
		p := replica(t, f, cache.NewMemory(0), &topics{}, maxRPS)
		for i := range n {
			defer p.Watch(fmt.Sprintf("p%d", i))()
		}
		sleep(4 * interval)
		began := time.Now()
		sleep(10 * interval)
		var worst time.Duration
		for i := range n {
			worst = max(worst, f.maxGap(fmt.Sprintf("payment:p%d", i), began, time.Now()))
		}
		// The budget is per calendar second (reads at the very instant the window ends belong to
		// the next second, so they are left out).
		if got := f.busiest(began, time.Now(), func(string) int { return 1 }); got > maxRPS {
			t.Errorf("%d calls in one second, want at most %d", got, maxRPS)
		}
		if got, want := f.readsIn(began, time.Now()), maxRPS*10*int(interval/time.Second); got > want || got < want*9/10 {
			t.Errorf("%d calls in 30 s, want about %d (the budget, used)", got, want)
		}
		if want := n / maxRPS * time.Second; worst > want+want/10 {
			t.Errorf("longest gap %v, want about %v for every payment", worst, want)
		}
	})
}

// The replica that reads a payment stops watching it: the other takes over within 1.5 intervals.
func TestOtherReplicaTakesOver(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, lease := newFake(), cache.NewMemory(0)
		a, b := replica(t, f, lease, &topics{}, 0), replica(t, f, lease, &topics{}, 0)
		stopA := a.Watch("p1")
		sleep(interval / 3)
		defer b.Watch("p1")()
		sleep(5 * interval)
		stopA()
		began := time.Now()
		sleep(5 * interval)
		if gap := f.maxGap("payment:p1", began.Add(-interval), time.Now()); gap > interval*3/2 {
			t.Errorf("after the reading replica left: %v without a read, want at most 1.5 × %v", gap, interval)
		}
	})
}

func TestChangesArePublishedAndFinalIsReadRarely(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, hub := newFake(), &topics{}
		var mu sync.Mutex
		result := cache.Refreshed{Calls: 1, DedicateID: "d1"}
		f.payment = func(string) cache.Refreshed { mu.Lock(); defer mu.Unlock(); return result }
		p := replica(t, f, cache.NewMemory(0), hub, 0)
		defer p.Watch("p1")()
		sleep(3 * interval)
		if got := hub.count(live.PaymentTopic("p1")); got != 0 {
			t.Fatalf("published %d times with nothing changed, want 0", got)
		}
		mu.Lock()
		result.Changed, result.Final = true, true
		mu.Unlock()
		sleep(interval)
		if got := hub.count(live.PaymentTopic("p1")); got != 1 {
			t.Fatalf("payment published %d times, want 1", got)
		}
		if got := hub.count(live.DedicateTopic("d1")); got != 1 {
			t.Errorf("its dedicated address's page published %d times, want 1 (it lists the payment)", got)
		}
		// Final: read once every finalEvery intervals only, for a late transaction.
		sleep(3 * finalEvery * interval)
		f.mu.Lock()
		reads := slices.Clone(f.reads["payment:p1"])
		f.mu.Unlock()
		final := -1 // the read that found it final: the last one an interval after the one before
		for i := 1; i < len(reads) && final < 0; i++ {
			if reads[i].Sub(reads[i-1]) > interval {
				final = i - 1
			}
		}
		if final < 0 {
			t.Fatalf("a final payment is still read every interval: %v", reads)
		}
		after := reads[final+1:]
		if len(after) < 2 || len(after) > 3 {
			t.Fatalf("a final payment still watched was read %d times in %d intervals, want 2 or 3 (for late transactions)", len(after), 3*finalEvery)
		}
		for i, at := range after {
			prev := reads[final+i]
			if gap := at.Sub(prev); gap != finalEvery*interval {
				t.Errorf("read %d of the final payment %v after the one before, want %v", i+1, gap, finalEvery*interval)
			}
		}
	})
}

// A final payment watched on two replicas is still read by one of them at a time.
func TestFinalPaymentReadRarelyOnTwoReplicas(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, lease := newFake(), cache.NewMemory(0)
		f.payment = func(string) cache.Refreshed { return cache.Refreshed{Calls: 1, Final: true} }
		a, b := replica(t, f, lease, &topics{}, 0), replica(t, f, lease, &topics{}, 0)
		defer a.Watch("p1")()
		defer b.Watch("p1")()
		sleep(2 * interval) // the first read of each replica's, which finds it final
		first := f.count("payment:p1")
		sleep(4 * finalEvery * interval)
		if got := f.count("payment:p1") - first; got < 3 || got > 5 {
			t.Errorf("a final payment on 2 replicas: %d reads in %d intervals, want about 4", got, 4*finalEvery)
		}
	})
}

// A dedicated-address page has the address read once per interval, and its payments that can
// still change as payments (their transactions and confirmations), until it closes.
func TestDedicatePagesArePolled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, hub, lease := newFake(), &topics{}, cache.NewMemory(0)
		var mu sync.Mutex
		d := cache.Refreshed{Calls: 2}
		f.dedicate = func(string) cache.Refreshed { mu.Lock(); defer mu.Unlock(); return d }
		set := func(changed bool, open ...string) {
			mu.Lock()
			defer mu.Unlock()
			d.Changed, d.Open = changed, open
		}
		a, b := replica(t, f, lease, hub, 0), replica(t, f, lease, hub, 0)
		stops := []func(){a.WatchDedicate("d1"), b.WatchDedicate("d1"), b.WatchDedicate("d1")}
		sleep(interval)
		first := f.count("dedicate:d1")
		sleep(10 * interval)
		if got := f.count("dedicate:d1") - first; got < 9 || got > 11 {
			t.Errorf("3 viewers on 2 replicas, 10 intervals: the address was read %d times, want 10 (±1)", got)
		}
		if got := f.count("payment:p1"); got != 0 {
			t.Errorf("a payment was read %d times before the address had one", got)
		}

		set(true, "p1") // a deposit: the address made payment p1
		sleep(interval)
		if got := hub.count(live.DedicateTopic("d1")); got != 1 {
			t.Errorf("the new payment was published %d times, want 1", got)
		}
		set(false, "p1")
		sleep(interval) // the payment is watched from the next read of the address on
		began, reads := time.Now(), f.count("payment:p1")
		sleep(10 * interval)
		if got := f.count("payment:p1") - reads; got < 9 || got > 11 {
			t.Errorf("the address's open payment was read %d times in 10 intervals, want 10 (±1)", got)
		}
		if gap := f.maxGap("payment:p1", began, time.Now()); gap > interval*3/2 {
			t.Errorf("the open payment went %v without a read", gap)
		}

		set(false) // p1 is final now: no more reads of it
		sleep(2 * interval)
		reads = f.count("payment:p1")
		sleep(5 * interval)
		if got := f.count("payment:p1") - reads; got != 0 {
			t.Errorf("a payment no longer open was read %d more times", got)
		}
		for _, stop := range stops {
			stop()
		}
		sleep(interval)
		reads = f.count("dedicate:d1")
		sleep(5 * interval)
		if got := f.count("dedicate:d1") - reads; got != 0 {
			t.Errorf("the address was read %d times after its pages closed", got)
		}
		if len(a.watched)+len(b.watched) != 0 {
			t.Errorf("watches left behind: %v %v", a.watched, b.watched)
		}
	})
}

// failingLease is a lease store that is down.
type failingLease struct{}

func (failingLease) SetNX(context.Context, string, []byte, time.Duration) (bool, error) {
	return false, cache.ErrUnavailable
}

func TestLeaseDownStillPollsOncePerInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFake()
		p := replica(t, f, failingLease{}, &topics{}, 0)
		defer p.Watch("p1")()
		sleep(interval)
		first := f.count("payment:p1")
		sleep(10 * interval)
		if got := f.count("payment:p1") - first; got != 10 {
			t.Errorf("with the lease store down: %d reads in 10 intervals, want 10", got)
		}
	})
}

func TestGatewayDownKeepsPolling(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f, hub := newFake(), &topics{}
		f.fail = true
		p := replica(t, f, cache.NewMemory(0), hub, 0)
		defer p.Watch("p1")()
		sleep(interval)
		first := f.count("payment:p1")
		sleep(5 * interval)
		if got := f.count("payment:p1") - first; got != 5 {
			t.Errorf("with the gateway failing: %d reads in 5 intervals, want 5 (no hammering, no giving up)", got)
		}
		if got := hub.count(live.PaymentTopic("p1")); got != 0 {
			t.Errorf("a failed read published %d times", got)
		}
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
