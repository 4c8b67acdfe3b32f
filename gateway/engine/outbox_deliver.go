package engine

import (
	"context"
	"sync"
	"time"

	"github.com/cryptocheckout/checkout/gateway/store"
	"github.com/cryptocheckout/checkout/gateway/webhook"
)

// DeliveryConfig tunes the webhook deliverer. Zero values take the defaults.
type DeliveryConfig struct {
	Schedule []time.Duration        // waits before each retry; webhook.DefaultSchedule when nil
	Private  webhook.PrivateTargets // WEBHOOK_ALLOW_PRIVATE: whose webhooks may reach private addresses
	Timeout  time.Duration          // per delivery; webhook.DefaultTimeout when 0
	Interval time.Duration          // periodic scan besides the wake-ups; 1s when 0
	Parallel int                    // deliveries in flight at once; 16 when 0
	PerStore int                    // deliveries of one store in flight at once; 4 (at most Parallel) when 0
	Observer DeliveryObserver       // told of every attempt's outcome, for metrics; may be nil
	// Sender posts one webhook; a webhook.Sender with Timeout and Private when nil. Tests give
	// merchants that answer as they need.
	Sender WebhookSender
}

// WebhookSender posts one signed webhook (webhook.Sender does).
type WebhookSender interface {
	Send(ctx context.Context, url string, body []byte, secret string, live bool) webhook.Result
}

// DeliveryObserver counts webhook attempts by outcome (SendDelivered, SendRetry, SendFailed).
type DeliveryObserver interface {
	WebhookSent(outcome string)
}

// Outcomes of one delivery attempt, as told to a DeliveryObserver.
const (
	SendDelivered = "delivered" // a 2xx answer
	SendRetry     = "retry"     // refused or unreachable; another attempt is scheduled
	SendFailed    = "failed"    // refused or unreachable for the last time: given up
)

// Deliverer sends the outbox: it takes due webhooks, posts them signed, records every attempt and
// schedules retries. The outbox is the state, so a process killed at any moment loses nothing, and
// a webhook whose answer was not yet recorded is sent again (at least once): after a restart on
// SQLite, where one process delivers; on PostgreSQL, where every process runs its deliverer, a
// webhook is claimed before it is sent (claim) and another process sends it once the claim has run
// out.
//
// Deliveries run on their own, up to Parallel at once and PerStore of one store (webhook_fair.go):
// a merchant whose endpoint takes the whole timeout to answer holds a few slots, never everybody's,
// and once it has timed out a few times in a row its webhooks are postponed instead of tried.
type Deliverer struct {
	o      *outbox
	queued <-chan struct{} // the engine's wake-ups after commits
	cfg    DeliveryConfig
	sender WebhookSender

	mu        sync.Mutex
	inFlight  map[int64]bool
	active    int                 // deliveries in flight
	perStore  map[string]int      // deliveries in flight by store
	perTarget map[target]int      // deliveries in flight by target
	breakers  map[target]*breaker // targets that timed out lately
	running   sync.WaitGroup
	finished  chan struct{} // a delivery ended: a slot is free and its object's next event may be due
}

// NewDeliverer returns a deliverer of this engine's outbox.
func (e *Engine) NewDeliverer(cfg DeliveryConfig) *Deliverer {
	if cfg.Schedule == nil {
		cfg.Schedule = webhook.DefaultSchedule
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = webhook.DefaultTimeout
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Second
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 16
	}
	if cfg.PerStore <= 0 {
		cfg.PerStore = 4
	}
	cfg.PerStore = min(cfg.PerStore, cfg.Parallel)
	if cfg.Sender == nil {
		cfg.Sender = webhook.NewSender(cfg.Timeout, 0, cfg.Private)
	}
	return &Deliverer{
		o: e.outbox, queued: e.queued, cfg: cfg, sender: cfg.Sender,
		inFlight: map[int64]bool{}, perStore: map[string]int{}, perTarget: map[target]int{}, breakers: map[target]*breaker{},
		finished: make(chan struct{}, 1),
	}
}

// Run delivers until ctx ends: at once when the engine commits a change or a delivery ends, and
// every Interval. It returns after the deliveries in flight have stopped.
func (d *Deliverer) Run(ctx context.Context) {
	defer d.running.Wait()
	t := time.NewTicker(d.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := d.dispatch(ctx); err != nil && ctx.Err() == nil {
			d.o.log.Error("delivering webhooks", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.queued:
		case <-d.finished:
		}
	}
}

// DeliverDue sends the webhooks due now that are not in flight, as many as the limits let start
// (Parallel, PerStore of one store), and waits until those deliveries are recorded. It returns how
// many it started: call it again until it returns 0 to send them all. Tests and tools use it; Run
// dispatches without waiting.
func (d *Deliverer) DeliverDue(ctx context.Context) (int, error) {
	n, err := d.dispatch(ctx)
	d.running.Wait()
	return n, err
}

// outgoing is a due webhook with what sending it needs.
type outgoing struct {
	ID       int64
	StoreID  string
	URL      string
	Body     []byte
	Attempts int
	Secret   string
	Live     bool
	target   target
	due      int64 // next_attempt_at as read: the claim's guard
}

// dispatch starts a delivery for each due webhook not in flight, while slots are free and its
// store is under its limit, and postpones those whose target's breaker is open.
func (d *Deliverer) dispatch(ctx context.Context) (int, error) {
	// A webhook in flight when the query starts may be recorded while it runs, and still read as
	// pending: those are skipped until the next pass reads them afresh. One that was not in flight
	// had its last attempt recorded before the query began, so the query sees it as it is.
	d.mu.Lock()
	before := make(map[int64]bool, len(d.inFlight))
	for id := range d.inFlight {
		before[id] = true
	}
	full := d.active >= d.cfg.Parallel
	d.mu.Unlock()
	if full {
		return 0, nil
	}
	due, err := d.due(ctx, scanWindow)
	if err != nil {
		return 0, err
	}
	now := d.o.now()
	started := 0
	later := map[int64]time.Time{}
scan:
	for _, w := range due {
		d.mu.Lock()
		v, until := d.admit(w, before, now)
		d.mu.Unlock()
		switch v {
		case slotsFull:
			break scan
		case postpone:
			later[w.ID] = until
		case startNow:
			started++
			d.running.Add(1)
			go d.deliver(ctx, w)
		}
	}
	if len(later) > 0 {
		if err := d.postpone(ctx, later); err != nil {
			return started, err
		}
	}
	return started, nil
}

// deliver sends one webhook and records the outcome.
func (d *Deliverer) deliver(ctx context.Context, w outgoing) {
	var res webhook.Result
	defer func() {
		d.mu.Lock()
		if ctx.Err() != nil {
			res = webhook.Result{} // we are stopping: says nothing about the merchant
		}
		d.release(w, res.TimedOut(), res.Status != 0, d.o.now())
		d.mu.Unlock()
		select {
		case d.finished <- struct{}{}:
		default:
		}
		d.running.Done()
	}()
	if claimed, err := d.claim(ctx, w); !claimed {
		if err != nil && ctx.Err() == nil {
			d.o.log.Error("claiming a webhook delivery", "webhook_id", w.ID, "err", err)
		}
		return // another process is sending it: the slot is released as if nothing happened
	}
	attempt, cancel := context.WithTimeout(ctx, d.cfg.Timeout)
	res = d.sender.Send(attempt, w.URL, w.Body, w.Secret, w.Live)
	cancel()
	if ctx.Err() != nil {
		return // we are stopping: not the merchant's failure; it stays due and goes after restart
	}
	if err := d.record(ctx, w, res); err != nil && ctx.Err() == nil {
		d.o.log.Error("recording a webhook delivery", "webhook_id", w.ID, "err", err)
	}
}

// claimLease is added to the attempt's timeout for how long a webhook claimed by one process is not
// due for the others: past it (the process died mid-send) another sends it.
const claimLease = 30 * time.Second

// claim makes w this process's to send. On SQLite one process delivers, and its own bookkeeping
// (inFlight) is the claim. On PostgreSQL several may: the claim moves w's next attempt past the
// lease, guarded by the time read with it, so of two processes that saw w due one wins and the
// other sees nothing changed (false).
func (d *Deliverer) claim(ctx context.Context, w outgoing) (bool, error) {
	lease := d.o.now().Add(d.cfg.Timeout + claimLease).Unix()
	return d.o.db.ClaimWebhook(ctx, w.ID, w.due, lease)
}

// due lists the webhooks to send now, oldest first. A webhook waits while an older one of the same
// object is still pending, so a merchant sees one object's events in the order they happened. The
// signing secret is the store's current one.
func (d *Deliverer) due(ctx context.Context, limit int) ([]outgoing, error) {
	rows, err := d.o.db.DueWebhooks(ctx, d.o.now().Unix(), limit)
	if err != nil {
		return nil, err
	}
	var out []outgoing
	for _, r := range rows {
		out = append(out, outgoing{ID: r.ID, StoreID: r.StoreID, URL: r.URL, Body: r.Body, Attempts: r.Attempts,
			Secret: r.Secret, Live: !r.IsTest, target: targetOf(r.StoreID, r.URL), due: r.NextAttemptAt})
	}
	return out, nil
}

// record writes an attempt and its consequence: delivered, a retry after the schedule's next wait,
// or failed for good once the schedule is used up (the first attempt plus one per wait).
func (d *Deliverer) record(ctx context.Context, w outgoing, res webhook.Result) error {
	now := d.o.now()
	attempts := w.Attempts + 1
	msg := webhook.Describe(res.Err)
	outcome := SendRetry
	switch {
	case res.Delivered():
		outcome = SendDelivered
	case attempts > len(d.cfg.Schedule):
		outcome = SendFailed
	}
	a := store.WebhookAttempt{At: now.Unix(), DurationMS: res.Duration.Milliseconds(), Status: res.Status, Error: msg}
	err := d.o.db.WithTx(ctx, func(tx *store.Tx) error { return d.write(ctx, tx, w, attempts, a, res.Delivered(), now) })
	if err == nil && d.cfg.Observer != nil {
		d.cfg.Observer.WebhookSent(outcome)
	}
	return err
}

// write records attempt a, the attempts-th at w, and its consequence.
func (d *Deliverer) write(ctx context.Context, tx deliveryTx, w outgoing, attempts int, a store.WebhookAttempt, delivered bool, now time.Time) error {
	if err := tx.InsertWebhookAttempt(ctx, w.ID, a); err != nil {
		return err
	}
	switch {
	case delivered:
		return tx.SetWebhookDelivered(ctx, w.ID, attempts, a)
	case attempts > len(d.cfg.Schedule):
		err := tx.SetWebhookFailed(ctx, w.ID, attempts, a)
		d.o.log.Warn("webhook given up", "webhook_id", w.ID, "attempts", attempts, "error", a.Error)
		return err
	}
	return tx.SetWebhookRetry(ctx, w.ID, attempts, now.Add(d.cfg.Schedule[attempts-1]).Unix(), a)
}
