package engine

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// Delivery states of an outbox webhook.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryFailed    = "failed"
)

// WebhookDelivery is an outbox webhook as the CLI shows it.
type WebhookDelivery struct {
	ID            int64
	StoreID       string
	ObjectID      string
	Event         string
	URL           string
	Body          []byte
	CreatedAt     time.Time
	State         string
	Attempts      int
	NextAttemptAt time.Time
	LastStatus    int
	LastError     string
}

// WebhookAttempt is one try at delivering a webhook.
type WebhookAttempt struct {
	At       time.Time
	Duration time.Duration
	Status   int
	Error    string
}

const deliveryColumns = `id, store_id, object_id, event, url, body, created_at, attempts, next_attempt_at,
	delivered_at, failed_at, COALESCE(last_status, 0), last_error`

func scanDelivery(r rowScanner) (WebhookDelivery, error) {
	var w WebhookDelivery
	var created, next int64
	var delivered, failed sql.NullInt64
	err := r.Scan(&w.ID, &w.StoreID, &w.ObjectID, &w.Event, &w.URL, &w.Body, &created, &w.Attempts, &next,
		&delivered, &failed, &w.LastStatus, &w.LastError)
	w.CreatedAt, w.NextAttemptAt = time.Unix(created, 0).UTC(), time.Unix(next, 0).UTC()
	switch {
	case delivered.Valid:
		w.State = DeliveryDelivered
	case failed.Valid:
		w.State = DeliveryFailed
	default:
		w.State = DeliveryPending
	}
	return w, err
}

// Webhooks lists a store's outbox, newest first, at most limit rows.
func (e *Engine) Webhooks(ctx context.Context, storeID string, limit int) ([]WebhookDelivery, error) {
	if _, err := e.StoreByID(ctx, storeID); err != nil {
		return nil, err
	}
	rows, err := e.db.read.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM webhooks WHERE store_id = ? ORDER BY id DESC LIMIT ?`,
		storeID, limit)
	if err != nil {
		return nil, fmt.Errorf("engine: webhooks: %w", err)
	}
	defer rows.Close()
	var out []WebhookDelivery
	for rows.Next() {
		w, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("engine: webhooks: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// WebhookByID returns one outbox webhook.
func (e *Engine) WebhookByID(ctx context.Context, id int64) (WebhookDelivery, error) {
	w, err := scanDelivery(e.db.read.QueryRowContext(ctx, `SELECT `+deliveryColumns+` FROM webhooks WHERE id = ?`, id))
	return found(w, err, "webhook", func() error { return noWebhook(id) })
}

// WebhookAttempts lists the attempts at one webhook, oldest first.
func (e *Engine) WebhookAttempts(ctx context.Context, id int64) ([]WebhookAttempt, error) {
	rows, err := e.db.read.QueryContext(ctx, `SELECT attempted_at, duration_ms, status, error FROM webhook_attempts
		WHERE webhook_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("engine: webhook attempts: %w", err)
	}
	defer rows.Close()
	var out []WebhookAttempt
	for rows.Next() {
		var a WebhookAttempt
		var at, ms int64
		if err := rows.Scan(&at, &ms, &a.Status, &a.Error); err != nil {
			return nil, fmt.Errorf("engine: webhook attempts: %w", err)
		}
		a.At, a.Duration = time.Unix(at, 0).UTC(), time.Duration(ms)*time.Millisecond
		out = append(out, a)
	}
	return out, rows.Err()
}

// noWebhook answers an unknown outbox webhook: the operator's tools have no seed code for it.
func noWebhook(id int64) error {
	return gateway.Errorf(gateway.ErrCodeNotFound, "Webhook %d not found.", id)
}

// Redeliver queues a webhook again, delivered or given up alike: due now with a fresh retry
// schedule, the same body. Its earlier attempts stay in the history. The running server's
// deliverer sends it within its scan interval.
func (e *Engine) Redeliver(ctx context.Context, id int64) (WebhookDelivery, error) {
	res, err := e.db.write.ExecContext(ctx, `UPDATE webhooks SET delivered_at = NULL, failed_at = NULL, attempts = 0,
		next_attempt_at = ? WHERE id = ?`, e.now().Unix(), id)
	if err != nil {
		return WebhookDelivery{}, fmt.Errorf("engine: redeliver: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return WebhookDelivery{}, noWebhook(id)
	}
	e.wakeDeliverer()
	return e.WebhookByID(ctx, id)
}
