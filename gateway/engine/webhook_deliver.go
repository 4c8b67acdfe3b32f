package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/cryptocheckout/checkout/gateway/webhook"
)

// DeliveryConfig tunes the webhook deliverer. Zero values take the defaults.
type DeliveryConfig struct {
	Schedule     []time.Duration // waits before each retry; webhook.DefaultSchedule when nil
	AllowPrivate bool            // WEBHOOK_ALLOW_PRIVATE: live stores may target private addresses
	Timeout      time.Duration   // per delivery; webhook.DefaultTimeout when 0
	Interval     time.Duration   // periodic scan besides the wake-ups; 1s when 0
	Parallel     int             // deliveries in flight at once; 4 when 0
	Batch        int             // webhooks taken per scan; 32 when 0
}

// Deliverer sends the outbox: it takes due webhooks, posts them signed, records every attempt and
// schedules retries. The outbox is the state: the deliverer keeps nothing in memory across
// passes, so a process killed at any moment loses nothing. A webhook whose answer was not yet
// recorded is sent again after a restart (at least once). Run one deliverer per database.
type Deliverer struct {
	e      *Engine
	cfg    DeliveryConfig
	sender *webhook.Sender
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
		cfg.Parallel = 4
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 32
	}
	return &Deliverer{e: e, cfg: cfg, sender: webhook.NewSender(cfg.Timeout, cfg.AllowPrivate)}
}

// Run delivers until ctx ends: at once when the engine commits a change, and every Interval.
func (d *Deliverer) Run(ctx context.Context) {
	t := time.NewTicker(d.cfg.Interval)
	defer t.Stop()
	for {
		n, err := d.DeliverDue(ctx)
		if err != nil && ctx.Err() == nil {
			d.e.log.Error("delivering webhooks", "err", err)
		}
		if ctx.Err() != nil {
			return
		}
		if n == d.cfg.Batch {
			continue // a backlog: keep going
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-d.e.queued:
		}
	}
}

// outgoing is a due webhook with what sending it needs.
type outgoing struct {
	ID       int64
	URL      string
	Body     []byte
	Attempts int
	Secret   string
	Live     bool
}

// DeliverDue makes one pass: it sends every due webhook (up to Batch), Parallel at a time, and
// records the outcomes. It returns how many it attempted.
func (d *Deliverer) DeliverDue(ctx context.Context) (int, error) {
	due, err := d.due(ctx)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, d.cfg.Parallel)
	errs := make([]error, len(due))
	for i, w := range due {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			res := d.sender.Send(ctx, w.URL, w.Body, w.Secret, w.Live)
			if ctx.Err() != nil {
				return // we are stopping: not the merchant's failure; it stays due and goes after restart
			}
			errs[i] = d.record(ctx, w, res)
		}()
	}
	wg.Wait()
	return len(due), errors.Join(errs...)
}

// due lists the webhooks to send now, oldest first. A webhook waits while an older one of the same
// object is still pending, so a merchant sees one object's events in the order they happened. The
// signing secret is the store's current one.
func (d *Deliverer) due(ctx context.Context) ([]outgoing, error) {
	rows, err := d.e.db.read.QueryContext(ctx, `SELECT w.id, w.url, w.body, w.attempts, s.webhook_secret, s.is_test
		FROM webhooks w JOIN stores s ON s.id = w.store_id
		WHERE w.delivered_at IS NULL AND w.failed_at IS NULL AND w.next_attempt_at <= ?
		AND NOT EXISTS (SELECT 1 FROM webhooks o WHERE o.object_id = w.object_id AND o.id < w.id
			AND o.delivered_at IS NULL AND o.failed_at IS NULL)
		ORDER BY w.next_attempt_at, w.id LIMIT ?`, d.e.now().Unix(), d.cfg.Batch)
	if err != nil {
		return nil, fmt.Errorf("engine: due webhooks: %w", err)
	}
	defer rows.Close()
	var out []outgoing
	for rows.Next() {
		var w outgoing
		var test bool
		if err := rows.Scan(&w.ID, &w.URL, &w.Body, &w.Attempts, &w.Secret, &test); err != nil {
			return nil, fmt.Errorf("engine: due webhooks: %w", err)
		}
		w.Live = !test
		out = append(out, w)
	}
	return out, rows.Err()
}

// record writes an attempt and its consequence: delivered, a retry after the schedule's next wait,
// or failed for good once the schedule is used up (the first attempt plus one per wait).
func (d *Deliverer) record(ctx context.Context, w outgoing, res webhook.Result) error {
	now := d.e.now()
	attempts := w.Attempts + 1
	msg := webhook.Describe(res.Err)
	return d.e.db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhook_attempts (webhook_id, attempted_at, duration_ms, status, error)
			VALUES (?,?,?,?,?)`, w.ID, now.Unix(), res.Duration.Milliseconds(), res.Status, msg); err != nil {
			return fmt.Errorf("engine: webhook attempt: %w", err)
		}
		var err error
		switch {
		case res.Delivered():
			_, err = tx.ExecContext(ctx, `UPDATE webhooks SET attempts = ?, delivered_at = ?, last_status = ?, last_error = ''
				WHERE id = ?`, attempts, now.Unix(), res.Status, w.ID)
		case attempts > len(d.cfg.Schedule):
			_, err = tx.ExecContext(ctx, `UPDATE webhooks SET attempts = ?, failed_at = ?, last_status = ?, last_error = ?
				WHERE id = ?`, attempts, now.Unix(), res.Status, msg, w.ID)
			d.e.log.Warn("webhook given up", "webhook_id", w.ID, "attempts", attempts, "error", msg)
		default:
			next := now.Add(d.cfg.Schedule[attempts-1]).Unix()
			_, err = tx.ExecContext(ctx, `UPDATE webhooks SET attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?
				WHERE id = ?`, attempts, next, res.Status, msg, w.ID)
		}
		if err != nil {
			return fmt.Errorf("engine: record webhook: %w", err)
		}
		return nil
	})
}
