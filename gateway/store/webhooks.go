package store

import (
	"context"
)

const (
	qStoreWebhookURL = `SELECT webhook_url FROM stores WHERE id = ?`
	qInsertWebhook   = `INSERT INTO webhooks (store_id, object_id, event, url, body, created_at, next_attempt_at)
		VALUES (?,?,?,?,?,?,?)`
)

// StoreWebhookURL reads the store's webhook target.
func (t *Tx) StoreWebhookURL(ctx context.Context, storeID string) (string, error) {
	url, err := scanString(t.q.QueryRowContext(ctx, qStoreWebhookURL, storeID))
	return url, checked(err, "webhook target")
}

// QueueWebhook writes a webhook into the outbox, due at once.
func (t *Tx) QueueWebhook(ctx context.Context, storeID, objectID, event, url string, body []byte, now int64) error {
	_, err := t.exec(ctx, qInsertWebhook, storeID, objectID, event, url, body, now, now)
	return checked(err, "queue webhook")
}

// Webhook is a webhooks row.
type Webhook struct {
	ID                    int64
	StoreID, ObjectID     string
	Event, URL            string
	Body                  []byte
	CreatedAt             int64
	Attempts              int
	NextAttemptAt         int64
	DeliveredAt, FailedAt *int64
	LastStatus            int
	LastError             string
}

const webhookColumns = `id, store_id, object_id, event, url, body, created_at, attempts, next_attempt_at,
	delivered_at, failed_at, COALESCE(last_status, 0), last_error`

func scanWebhook(r rowScanner) (Webhook, error) {
	var w Webhook
	err := r.Scan(&w.ID, &w.StoreID, &w.ObjectID, &w.Event, &w.URL, &w.Body, &w.CreatedAt, &w.Attempts, &w.NextAttemptAt,
		&w.DeliveredAt, &w.FailedAt, &w.LastStatus, &w.LastError)
	return w, err
}

// Webhooks reads a store's outbox, newest first, at most limit rows.
func (r reads) Webhooks(ctx context.Context, storeID string, limit int) ([]Webhook, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE store_id = ? ORDER BY id DESC LIMIT ?`,
		storeID, limit)
	return scanAll(rows, err, "webhooks", scanWebhook)
}

// Webhook reads one outbox webhook.
func (r reads) Webhook(ctx context.Context, id int64) (Webhook, error) {
	w, err := scanWebhook(r.q.QueryRowContext(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE id = ?`, id))
	return w, checked(err, "webhook")
}

// WebhookAttempt is a webhook_attempts row.
type WebhookAttempt struct {
	At, DurationMS int64
	Status         int
	Error          string
}

// WebhookAttempts reads the attempts at one webhook, oldest first.
func (r reads) WebhookAttempts(ctx context.Context, webhookID int64) ([]WebhookAttempt, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT attempted_at, duration_ms, status, error FROM webhook_attempts
		WHERE webhook_id = ? ORDER BY id`, webhookID)
	return scanAll(rows, err, "webhook attempts", func(r rowScanner) (WebhookAttempt, error) {
		var a WebhookAttempt
		err := r.Scan(&a.At, &a.DurationMS, &a.Status, &a.Error)
		return a, err
	})
}

// RequeueWebhook makes a webhook pending and due at now with no attempts counted (ErrNotFound
// without it).
func (db *DB) RequeueWebhook(ctx context.Context, id, now int64) error {
	res, err := db.write.ExecContext(ctx, `UPDATE webhooks SET delivered_at = NULL, failed_at = NULL, attempts = 0,
		next_attempt_at = ? WHERE id = ?`, now, id)
	return affected(res, err, "redeliver")
}

// DueWebhook is a pending webhook with its store's current signing secret and kind.
type DueWebhook struct {
	ID            int64
	StoreID, URL  string
	Body          []byte
	Attempts      int
	Secret        string
	IsTest        bool
	NextAttemptAt int64
}

// DueWebhooks reads up to limit pending webhooks due at now, oldest first, leaving out those behind
// an older pending webhook of the same object.
func (r reads) DueWebhooks(ctx context.Context, now int64, limit int) ([]DueWebhook, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT w.id, w.store_id, w.url, w.body, w.attempts, s.webhook_secret, s.is_test, w.next_attempt_at
		FROM webhooks w JOIN stores s ON s.id = w.store_id
		WHERE w.delivered_at IS NULL AND w.failed_at IS NULL AND w.next_attempt_at <= ?
		AND NOT EXISTS (SELECT 1 FROM webhooks o WHERE o.object_id = w.object_id AND o.id < w.id
			AND o.delivered_at IS NULL AND o.failed_at IS NULL)
		ORDER BY w.next_attempt_at, w.id LIMIT ?`, now, limit)
	return scanAll(rows, err, "due webhooks", func(r rowScanner) (DueWebhook, error) {
		var w DueWebhook
		err := r.Scan(&w.ID, &w.StoreID, &w.URL, &w.Body, &w.Attempts, &w.Secret, &w.IsTest, &w.NextAttemptAt)
		return w, err
	})
}

// ClaimWebhook makes a due webhook this process's to send. On SQLite one process delivers and its
// own bookkeeping is the claim: always true. On PostgreSQL the claim moves the next attempt to
// lease, guarded by the time it was read with (due), so of two processes that saw it due one wins
// and the other gets false.
func (db *DB) ClaimWebhook(ctx context.Context, id, due, lease int64) (bool, error) {
	if db.dialect != postgresDialect {
		return true, nil
	}
	res, err := db.write.ExecContext(ctx, `UPDATE webhooks SET next_attempt_at = ?
		WHERE id = ? AND next_attempt_at = ? AND delivered_at IS NULL AND failed_at IS NULL`, lease, id, due)
	if err != nil {
		return false, checked(err, "claim webhook")
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// InsertWebhookAttempt records one attempt at a webhook.
func (t *Tx) InsertWebhookAttempt(ctx context.Context, webhookID int64, a WebhookAttempt) error {
	_, err := t.exec(ctx, `INSERT INTO webhook_attempts (webhook_id, attempted_at, duration_ms, status, error)
			VALUES (?,?,?,?,?)`, webhookID, a.At, a.DurationMS, a.Status, a.Error)
	return checked(err, "webhook attempt")
}

// SetWebhookDelivered marks a webhook delivered at a.At after attempts attempts.
func (t *Tx) SetWebhookDelivered(ctx context.Context, id int64, attempts int, a WebhookAttempt) error {
	_, err := t.exec(ctx, `UPDATE webhooks SET attempts = ?, delivered_at = ?, last_status = ?, last_error = ''
				WHERE id = ?`, attempts, a.At, a.Status, id)
	return checked(err, "record webhook")
}

// SetWebhookFailed marks a webhook given up at a.At after attempts attempts.
func (t *Tx) SetWebhookFailed(ctx context.Context, id int64, attempts int, a WebhookAttempt) error {
	_, err := t.exec(ctx, `UPDATE webhooks SET attempts = ?, failed_at = ?, last_status = ?, last_error = ?
				WHERE id = ?`, attempts, a.At, a.Status, a.Error, id)
	return checked(err, "record webhook")
}

// SetWebhookRetry schedules a webhook's next attempt at next after attempts attempts, the last a.
func (t *Tx) SetWebhookRetry(ctx context.Context, id int64, attempts int, next int64, a WebhookAttempt) error {
	_, err := t.exec(ctx, `UPDATE webhooks SET attempts = ?, next_attempt_at = ?, last_status = ?, last_error = ?
				WHERE id = ?`, attempts, next, a.Status, a.Error, id)
	return checked(err, "record webhook")
}

// PostponeWebhook moves a pending webhook's next attempt to next, when it was due earlier, without
// counting an attempt, saying why in its last error.
func (t *Tx) PostponeWebhook(ctx context.Context, id, next int64, why string) error {
	_, err := t.exec(ctx, `UPDATE webhooks SET next_attempt_at = ?, last_error = ?
				WHERE id = ? AND delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at < ?`,
		next, why, id, next)
	return checked(err, "postpone webhook")
}

// ObjectWebhooks reads the outbox webhooks of one object, oldest first.
func (r reads) ObjectWebhooks(ctx context.Context, objectID string) ([]Webhook, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE object_id = ? ORDER BY id`, objectID)
	return scanAll(rows, err, "webhooks", scanWebhook)
}
