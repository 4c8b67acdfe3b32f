// Package poll keeps the pages that payers are watching fresh in remote mode: payment pages and
// dedicated-address pages (the address and its payments). While at least one payer anywhere
// watches an object that can still change, it is read from the gateway once per interval across
// all replicas (not once per viewer), and a change is published to every page; a decided one is
// read once every ten intervals, for the late transactions its page must still show. Nobody watching
// means no polling at all. Webhooks usually arrive first; polling covers the webhooks that are
// late, lost, or never configured (a store whose webhooks go to the merchant only).
//
// The budget is time-based: all replicas together spend at most MaxRPS upstream calls per second
// (counted in Redis, per second), taken in the order the objects fell due, so with more objects
// than the budget covers every one is read a little later rather than some never.
package poll

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/live"
)

// Refresher re-reads an object from the gateway into the cache and says what changed
// (cache.Views does).
type Refresher interface {
	Refresh(ctx context.Context, paymentID string) (cache.Refreshed, error)
	RefreshDedicate(ctx context.Context, dedicateID string) (cache.Refreshed, error)
}

// Leaser grants a key to one caller for ttl across all replicas: SET key NX PX ttl on Redis, or
// the in-process store for a single replica (cache.Store does).
type Leaser interface {
	SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error)
}

// Publisher tells the pages that a topic changed (live.Hub and live.RedisHub do).
type Publisher interface {
	Publish(topic string)
}

// Counter counts across all replicas: INCRBY on Redis, in the process for a single replica
// (cache.Redis and cache.Memory do). The poller counts its calls per second with it.
type Counter interface {
	IncrBy(ctx context.Context, key string, n int64, ttl time.Duration) (int64, error)
}

// Defaults.
const (
	DefaultInterval = 3 * time.Second
	// DefaultMaxRPS is the upstream calls per second of all replicas' polls together. 100/s is
	// what a hosted gateway typically grants one API key; at the default interval it keeps about
	// 300 watched pages read every 3 s (fewer when they have transactions to follow), and beyond
	// that stretches their interval evenly.
	DefaultMaxRPS = 100
	// refreshTimeout bounds one refresh; a slow gateway must not pile up polls.
	refreshTimeout = 10 * time.Second
	// maxConcurrent bounds the refreshes one replica runs at once (the budget bounds their rate;
	// this only keeps a hung gateway from holding a goroutine per object).
	maxConcurrent = 64
	// finalEvery slows the reads of a final object that is still watched to one per this many
	// intervals: a payment decided can still receive a late transaction, which its open page must
	// show (and without webhooks nothing else would tell it), but it rarely does.
	finalEvery = 10
)

// Config configures a Poller.
type Config struct {
	Refresher Refresher
	Lease     Leaser
	Hub       Publisher
	// Interval between two reads of one object across all replicas (default 3 s).
	Interval time.Duration
	// MaxRPS caps the upstream calls per second of all replicas' polls (default DefaultMaxRPS):
	// counted in Budget; each replica also keeps to it alone, so with Budget down it still holds
	// per replica.
	MaxRPS int
	// Budget counts calls per second across replicas; nil counts in this replica only.
	Budget Counter
	// Tick is how often the replica looks for objects due (default Interval/30, at most 100 ms).
	Tick time.Duration
	Log  *slog.Logger
}

// Poller polls watched objects. Watch, WatchDedicate and Run may be called concurrently.
type Poller struct {
	cfg Config

	mu      sync.Mutex
	watched map[key]*watch
	tokens  float64 // calls the budget allows now; negative after refreshes that cost more
	refill  time.Time
	failing bool
	behind  bool // the budget cannot keep up: logged once
	calls   int64
}

type kind uint8

const (
	payment kind = iota
	dedicate
)

type key struct {
	kind kind
	id   string
}

func (k key) lease() string {
	if k.kind == dedicate {
		return "poll:dedicate:" + k.id
	}
	return "poll:" + k.id
}

// cost is what a refresh usually costs: a payment one read (two with transactions), a dedicated
// address two (itself and its payments).
func (k key) cost() float64 { return float64(1 + int(k.kind)) }

type watch struct {
	viewers  int      // pages of this replica watching it
	parents  int      // dedicated addresses watched here that list this payment as open
	children []string // of a dedicated address: its open payments, watched on its behalf
	final    bool
	inflight bool
	next     time.Time // when this replica reads it next
	// notBefore holds a read back once the cluster's budget of a second is spent; it keeps its
	// place (next) in the order of who waited longest.
	notBefore time.Time
}

func (w *watch) wanted() bool { return w.viewers+w.parents > 0 }

// New returns a poller; nothing is polled until Run.
func New(cfg Config) *Poller {
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.MaxRPS <= 0 {
		cfg.MaxRPS = DefaultMaxRPS
	}
	if cfg.Tick <= 0 {
		cfg.Tick = min(cfg.Interval/30, 100*time.Millisecond)
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Poller{cfg: cfg, watched: map[key]*watch{}}
}

// Watch records a payer watching payment id (an open live stream) until the returned function is
// called. A final payment is read once every finalEvery intervals (late transactions).
func (p *Poller) Watch(id string) (stop func()) { return p.watch(key{payment, id}) }

// WatchDedicate records a payer watching dedicated address id: the address and its payments that
// can still change are polled until the returned function is called.
func (p *Poller) WatchDedicate(id string) (stop func()) { return p.watch(key{dedicate, id}) }

func (p *Poller) watch(k key) func() {
	p.mu.Lock()
	p.entry(k, time.Now().Add(rand.N(p.cfg.Interval))).viewers++
	p.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			w := p.watched[k]
			w.viewers--
			p.forget(k, w)
		})
	}
}

// entry returns the watch of k, creating it due at next. A page has just read the object: its
// first read falls at a random point of the next interval, which spreads a crowd of pages opening
// together. A dedicated address's payment is read at once (its lease keeps that from doubling a
// recent read elsewhere).
func (p *Poller) entry(k key, next time.Time) *watch {
	w := p.watched[k]
	if w == nil {
		w = &watch{next: next}
		p.watched[k] = w
	}
	return w
}

// forget drops k once nothing wants it and no poll of it runs, and with a dedicated address the
// payments watched on its behalf.
func (p *Poller) forget(k key, w *watch) {
	if w.wanted() || w.inflight {
		return
	}
	delete(p.watched, k)
	p.adopt(w, nil)
}

// adopt makes the payments open the ones watched on behalf of dedicated address w.
func (p *Poller) adopt(w *watch, open []string) {
	for _, id := range open {
		if !slices.Contains(w.children, id) {
			p.entry(key{payment, id}, time.Now()).parents++ // due now
		}
	}
	for _, id := range w.children {
		if !slices.Contains(open, id) {
			ck := key{payment, id}
			if c := p.watched[ck]; c != nil {
				c.parents--
				p.forget(ck, c)
			}
		}
	}
	w.children = slices.Clone(open)
}

// Watchers counts this replica's viewers of payment id.
func (p *Poller) Watchers(id string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w := p.watched[key{payment, id}]; w != nil {
		return w.viewers
	}
	return 0
}

// Calls counts the upstream calls this replica's polls made.
func (p *Poller) Calls() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls
}

// Run polls until ctx ends.
func (p *Poller) Run(ctx context.Context) {
	t := time.NewTicker(p.cfg.Tick)
	defer t.Stop()
	sem := make(chan struct{}, maxConcurrent)
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			for _, k := range p.due(now, maxConcurrent-len(sem)) {
				sem <- struct{}{} // never blocks: due took no more than the free slots
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer func() { <-sem }()
					p.poll(ctx, k)
				}()
			}
		}
	}
}

// due takes the objects whose read is due, the longest-waiting first, as far as the budget and
// free slots allow, and marks them in flight. What the budget cannot cover waits for a later tick.
func (p *Poller) due(now time.Time, slots int) []key {
	p.mu.Lock()
	defer p.mu.Unlock()
	rate := float64(p.cfg.MaxRPS)
	if p.refill.IsZero() {
		p.refill = now
	}
	burst := max(2, rate*p.cfg.Tick.Seconds())
	p.tokens = min(burst, p.tokens+rate*now.Sub(p.refill).Seconds())
	p.refill = now

	var ready []key
	for k, w := range p.watched {
		if w.wanted() && !w.inflight && !w.next.After(now) && !w.notBefore.After(now) {
			ready = append(ready, k)
		}
	}
	slices.SortFunc(ready, func(a, b key) int { return p.watched[a].next.Compare(p.watched[b].next) })
	var ks []key
	for _, k := range ready {
		if len(ks) == slots || p.tokens < k.cost() {
			break
		}
		p.tokens -= k.cost()
		p.watched[k].inflight = true
		ks = append(ks, k)
	}
	late := len(ks) < len(ready) && now.Sub(p.watched[ready[len(ks)]].next) > p.cfg.Interval/2
	if late != p.behind {
		p.behind = late
		if late {
			p.cfg.Log.Warn("poll: more watched pages than the call budget covers; they are read less often than the interval",
				"watched", len(p.watched), "max_rps", p.cfg.MaxRPS, "interval", p.cfg.Interval)
		}
	}
	return ks
}

// poll takes the lease of k and, when granted and the cluster's budget allows, refreshes it and
// publishes a change. When the lease store fails the poll goes ahead: this replica still reads it
// at most once per interval, which is what it would do alone.
func (p *Poller) poll(ctx context.Context, k key) {
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	// The budget first: a read the cluster cannot afford this second takes no lease, so another
	// replica is free to make it as soon as the budget allows.
	if !p.spend(ctx, k.cost()) {
		p.holdBack(k)
		return
	}
	// The lease is a little shorter than the interval: the replica that read an object finds it
	// gone when its next read is due, instead of losing the race to its own lease.
	interval := p.intervalOf(k)
	if ok, err := p.cfg.Lease.SetNX(ctx, k.lease(), []byte{'1'}, interval*9/10); err == nil && !ok {
		// Another replica read it within the interval: the call is not made, nor counted. Look
		// again half an interval later: should that replica stop watching, this one takes over
		// within 1.5 intervals of its last read.
		p.spend(ctx, -k.cost())
		p.finish(k, time.Now().Add(interval/2), cache.Refreshed{}, 0, false)
		return
	}
	started := time.Now()
	var r cache.Refreshed
	var err error
	if k.kind == dedicate {
		r, err = p.cfg.Refresher.RefreshDedicate(ctx, k.id)
	} else {
		r, err = p.cfg.Refresher.Refresh(ctx, k.id)
	}
	if extra := float64(r.Calls) - k.cost(); extra > 0 {
		p.spend(ctx, extra) // a payment's transactions: counted, already made
	}
	p.setFailing(err)
	if err != nil {
		r.Changed, r.Final = false, false
	}
	if r.Final {
		interval = p.cfg.Interval * finalEvery
	}
	p.finish(k, started.Add(interval), r, k.cost(), err == nil)
	if err != nil || !r.Changed {
		return
	}
	if k.kind == dedicate {
		p.cfg.Hub.Publish(live.DedicateTopic(k.id))
		return
	}
	p.cfg.Hub.Publish(live.PaymentTopic(k.id))
	if r.DedicateID != "" {
		p.cfg.Hub.Publish(live.DedicateTopic(r.DedicateID)) // its page lists the payment
	}
}

// spend counts n calls in this second's budget of the cluster and reports whether they fit.
// Without a shared count (none configured, or Redis down) the replica's own bucket is the bound.
func (p *Poller) spend(ctx context.Context, n float64) bool {
	if p.cfg.Budget == nil {
		return true
	}
	sec := time.Now().Unix()
	used, err := p.cfg.Budget.IncrBy(ctx, "pollrps:"+strconv.FormatInt(sec, 10), int64(n), 2*time.Second)
	return err != nil || used <= int64(p.cfg.MaxRPS)
}

// intervalOf is how often k is read: the interval, or finalEvery intervals once it is final.
func (p *Poller) intervalOf(k key) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w := p.watched[k]; w != nil && w.final {
		return p.cfg.Interval * finalEvery
	}
	return p.cfg.Interval
}

// holdBack returns k to the queue until the next second, keeping its place: the cluster's budget
// of this second is spent.
func (p *Poller) holdBack(k key) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tokens += k.cost() // not spent here
	w := p.watched[k]
	if w == nil {
		return
	}
	w.inflight = false
	w.notBefore = time.Now().Truncate(time.Second).Add(time.Second)
	p.forget(k, w)
}

// finish ends a poll of k: it is due again at next, the budget is charged what the refresh cost
// beyond what due reserved, and an object nobody wants any more is forgotten. A dedicated address
// read (read) has its open payments watched on its behalf; one read by another replica (nothing
// reserved: the lease was taken) leaves them to that replica, which knows the current ones.
func (p *Poller) finish(k key, next time.Time, r cache.Refreshed, reserved float64, read bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tokens -= float64(r.Calls) - reserved
	if reserved == 0 {
		p.tokens += k.cost() // the lease was taken elsewhere: no call was made
	}
	p.calls += int64(r.Calls)
	w := p.watched[k]
	if w == nil {
		return
	}
	w.inflight, w.next = false, next
	w.final = w.final || r.Final
	switch {
	case k.kind != dedicate || !w.wanted():
	case read:
		p.adopt(w, r.Open)
	case reserved == 0:
		p.adopt(w, nil)
	}
	p.forget(k, w)
}

// setFailing logs once when polls start failing and once when they work again.
func (p *Poller) setFailing(err error) {
	p.mu.Lock()
	was := p.failing
	p.failing = err != nil
	p.mu.Unlock()
	switch {
	case err != nil && !was:
		p.cfg.Log.Warn("poll: reading from the gateway fails; pages rely on webhooks meanwhile", "err", err)
	case err == nil && was:
		p.cfg.Log.Info("poll: reading from the gateway works again")
	}
}
