package engine

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway/webhook"
)

// queueWebhook writes a webhook into the outbox inside tx, like queuePaymentWebhook for objects
// other than payments. url is the object's own target; the store's is used when it is empty, and
// without either there is nothing to send. The body is encoded once here: those exact bytes are
// what is signed and sent, on every attempt.
func (e *Engine) queueWebhook(ctx context.Context, tx *sql.Tx, storeID, objectID, event, url string, payload any) error {
	w := e.db.writer(tx)
	if url == "" {
		if err := w.QueryRowContext(ctx, qStoreWebhookURL, storeID).Scan(&url); err != nil {
			return fmt.Errorf("engine: webhook target: %w", err)
		}
	}
	if url == "" {
		return nil
	}
	body, err := webhook.Body(payload)
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	now := e.now().Unix()
	_, err = w.ExecContext(ctx, qInsertWebhook, storeID, objectID, event, url, body, now, now)
	if err != nil {
		return fmt.Errorf("engine: queue webhook: %w", err)
	}
	return nil
}

// wakeDeliverer tells the deliverer that webhooks may be due, without waiting for its next scan.
// Call it after the commit that queued them.
func (e *Engine) wakeDeliverer() {
	select {
	case e.queued <- struct{}{}:
	default: // a wake-up is already pending
	}
}

const (
	qStoreWebhookURL = `SELECT webhook_url FROM stores WHERE id = ?`
	qInsertWebhook   = `INSERT INTO webhooks (store_id, object_id, event, url, body, created_at, next_attempt_at)
		VALUES (?,?,?,?,?,?,?)`
)
