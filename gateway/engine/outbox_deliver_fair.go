package engine

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/cryptocheckout/checkout/gateway/store"
)

// Fairness of webhook delivery (one merchant's slow endpoint must not hold up another's webhooks):
// at most PerStore deliveries of one store run at once, so the other stores always find free slots;
// and a target (a store's host) whose attempts time out breakerThreshold times in a row has its
// breaker opened: its due webhooks are postponed, not attempted, until the breaker's cool-down ends,
// then one attempt probes it (a target that timed out even once gets one attempt at a time). Postponing counts no attempt: a merchant that is down for a while keeps
// its retries for when it is back. The state is in memory; a restart starts every breaker closed.
const (
	// scanWindow is how many due webhooks one pass reads, so webhooks behind a busy store are seen.
	scanWindow       = 256
	breakerThreshold = 3
	breakerCooldown  = time.Minute
	breakerMaxWait   = 15 * time.Minute
)

// target is where a store's webhooks go: breakers are per store and host, so a shared host (a
// hosted webhook relay, say) is not closed for every merchant by one of them.
type target struct{ store, host string }

func targetOf(storeID, rawURL string) target {
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		host = u.Host
	}
	return target{store: storeID, host: strings.ToLower(host)}
}

// breaker is one target's record of consecutive timeouts. A target that timed out gets one attempt
// at a time until it answers again; after breakerThreshold it gets none until openUntil.
type breaker struct {
	timeouts  int       // consecutive attempts that timed out
	openUntil time.Time // nothing is attempted before (set once timeouts reach breakerThreshold)
	cooldown  time.Duration
}

// verdict is what dispatch does with one due webhook.
type verdict int

const (
	startNow  verdict = iota
	skipNow           // in flight already, or its store is at its limit: a later pass takes it
	postpone          // its target's breaker is open
	slotsFull         // no slot is free: the pass ends
)

// admit decides for w and, when it starts, takes its slot. d.mu is held.
func (d *Deliverer) admit(w outgoing, before map[int64]bool, now time.Time) (verdict, time.Time) {
	if before[w.ID] || d.inFlight[w.ID] {
		return skipNow, time.Time{}
	}
	if d.active >= d.cfg.Parallel {
		return slotsFull, time.Time{}
	}
	if d.perStore[w.StoreID] >= d.cfg.PerStore {
		return skipNow, time.Time{}
	}
	if b := d.breakers[w.target]; b != nil {
		if now.Before(b.openUntil) {
			return postpone, b.openUntil
		}
		if d.perTarget[w.target] > 0 {
			return skipNow, time.Time{} // the attempt in flight says whether the target is back
		}
	}
	d.inFlight[w.ID] = true
	d.active++
	d.perStore[w.StoreID]++
	d.perTarget[w.target]++
	return startNow, time.Time{}
}

// release frees w's slot and tells its target's breaker how the attempt went. d.mu is held.
func (d *Deliverer) release(w outgoing, timedOut, answered bool, now time.Time) {
	delete(d.inFlight, w.ID)
	d.active--
	if d.perStore[w.StoreID]--; d.perStore[w.StoreID] <= 0 {
		delete(d.perStore, w.StoreID)
	}
	if d.perTarget[w.target]--; d.perTarget[w.target] <= 0 {
		delete(d.perTarget, w.target)
	}
	switch b := d.breakers[w.target]; {
	case answered:
		delete(d.breakers, w.target) // any HTTP answer closes it: the endpoint is there
	case timedOut:
		if b == nil {
			b = &breaker{cooldown: breakerCooldown}
			d.breakers[w.target] = b
		}
		b.timeouts++
		// Attempts that were in flight together time out together: the first to reach the
		// threshold opens the breaker, the others do not push it further.
		if b.timeouts >= breakerThreshold && !now.Before(b.openUntil) {
			b.openUntil = now.Add(b.cooldown)
			b.cooldown = min(2*b.cooldown, breakerMaxWait)
			d.o.log.Warn("webhook target not answering: postponing its webhooks", "store_id", w.StoreID,
				"host", w.target.host, "timeouts", b.timeouts, "until", b.openUntil)
		}
	}
	// Refused at once (no answer, no timeout): it held its slot briefly, the breaker stays as it was.
}

// postpone moves webhooks whose target's breaker is open to when it may be probed again, without
// counting an attempt, so they leave the scan window to the others.
func (d *Deliverer) postpone(ctx context.Context, until map[int64]time.Time) error {
	return d.o.db.WithTx(ctx, func(tx *store.Tx) error { return postponeAll(ctx, tx, until) })
}

func postponeAll(ctx context.Context, tx deliveryTx, until map[int64]time.Time) error {
	for id, t := range until {
		next := t.Add(time.Second - 1).Unix() // not before the breaker's time, in whole seconds
		if err := tx.PostponeWebhook(ctx, id, next, msgPostponed); err != nil {
			return err
		}
	}
	return nil
}

// msgPostponed is the last_error of a webhook waiting for its target's breaker.
const msgPostponed = "postponed: the endpoint timed out several times in a row"
