// Package poll keeps the payments that payers are watching fresh in remote mode. While at least
// one payer anywhere watches an OPEN or CLOSING payment, it is read from the gateway once per
// interval across all replicas (not once per viewer), and a change is published to every page.
// Nobody watching means no polling at all. Webhooks usually arrive first; polling covers the
// webhooks that are late, lost, or never configured.
package poll

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/cryptocheckout/checkout/gateway/live"
)

// Refresher re-reads a payment from the gateway into the cache and says whether what a payer
// sees changed and whether the payment is final (cache.Views does).
type Refresher interface {
	Refresh(ctx context.Context, id string) (changed, final bool, err error)
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

// Defaults.
const (
	DefaultInterval = 3 * time.Second
	// refreshTimeout bounds one refresh; a slow gateway must not pile up polls.
	refreshTimeout = 10 * time.Second
	// maxConcurrent bounds the refreshes one replica runs at once.
	maxConcurrent = 16
)

// Config configures a Poller.
type Config struct {
	Refresher Refresher
	Lease     Leaser
	Hub       Publisher
	// Interval between two reads of one payment across all replicas (default 3 s).
	Interval time.Duration
	// Tick is how often a replica with watchers tries the lease (default Interval/5): ticks
	// finer than the interval keep the replicas' polls close to one per interval although their
	// clocks are not aligned.
	Tick time.Duration
	Log  *slog.Logger
}

// Poller polls watched payments. Watch and Run may be called concurrently.
type Poller struct {
	cfg Config
	sem chan struct{}

	mu      sync.Mutex
	watched map[string]*watch
	failing bool
}

type watch struct {
	viewers  int
	final    bool
	inflight bool
	last     time.Time // last poll started by this replica
}

// New returns a poller; nothing is polled until Run.
func New(cfg Config) *Poller {
	if cfg.Interval <= 0 {
		cfg.Interval = DefaultInterval
	}
	if cfg.Tick <= 0 {
		cfg.Tick = cfg.Interval / 5
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Poller{cfg: cfg, sem: make(chan struct{}, maxConcurrent), watched: map[string]*watch{}}
}

// Watch records a payer watching payment id (an open live stream) until the returned function is
// called. Watch only payments that are not final.
func (p *Poller) Watch(id string) (stop func()) {
	p.mu.Lock()
	w := p.watched[id]
	if w == nil {
		w = &watch{}
		p.watched[id] = w
	}
	w.viewers++
	p.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			if w.viewers--; w.viewers == 0 && !w.inflight {
				delete(p.watched, id)
			}
		})
	}
}

// Watchers counts this replica's viewers of payment id.
func (p *Poller) Watchers(id string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w := p.watched[id]; w != nil {
		return w.viewers
	}
	return 0
}

// Run polls until ctx ends.
func (p *Poller) Run(ctx context.Context) {
	t := time.NewTicker(p.cfg.Tick)
	defer t.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			for _, id := range p.due(time.Now()) {
				select {
				case p.sem <- struct{}{}:
				default:
					p.done(id) // too many polls running: this one waits for a later tick
					continue
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer func() { <-p.sem }()
					p.poll(ctx, id)
				}()
			}
		}
	}
}

// due lists the watched, unfinished payments this replica has not polled for an interval, and
// marks them in flight.
func (p *Poller) due(now time.Time) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var ids []string
	for id, w := range p.watched {
		if w.viewers > 0 && !w.final && !w.inflight && now.Sub(w.last) >= p.cfg.Interval {
			w.inflight = true
			ids = append(ids, id)
		}
	}
	return ids
}

// poll takes the lease of payment id and, when granted, refreshes it and publishes a change.
// When the lease store fails the poll goes ahead: this replica still polls at most once per
// interval (Poller.due), which is what it would do alone.
func (p *Poller) poll(ctx context.Context, id string) {
	defer p.done(id)
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	if ok, err := p.cfg.Lease.SetNX(ctx, "poll:"+id, []byte{'1'}, p.cfg.Interval); err == nil && !ok {
		p.mark(id, false, false)
		return // another replica (or this one) polled within the interval
	}
	p.mark(id, true, false)
	changed, final, err := p.cfg.Refresher.Refresh(ctx, id)
	p.setFailing(err)
	if err != nil {
		return
	}
	if final {
		p.mark(id, true, true)
	}
	if changed {
		p.cfg.Hub.Publish(live.PaymentTopic(id))
	}
}

// mark records a poll started now (polled) and a final payment (final).
func (p *Poller) mark(id string, polled, final bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w := p.watched[id]; w != nil {
		if polled {
			w.last = time.Now()
		}
		w.final = w.final || final
	}
}

// done ends a poll; a payment nobody watches any more is forgotten.
func (p *Poller) done(id string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w := p.watched[id]; w != nil {
		w.inflight = false
		if w.viewers == 0 {
			delete(p.watched, id)
		}
	}
}

// setFailing logs once when polls start failing and once when they work again.
func (p *Poller) setFailing(err error) {
	p.mu.Lock()
	was := p.failing
	p.failing = err != nil
	p.mu.Unlock()
	switch {
	case err != nil && !was:
		p.cfg.Log.Warn("poll: reading payments from the gateway fails; pages rely on webhooks meanwhile", "err", err)
	case err == nil && was:
		p.cfg.Log.Info("poll: reading payments from the gateway works again")
	}
}
