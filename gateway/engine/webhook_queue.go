package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
)

// Webhook events of payments.
const (
	EventPaymentOpen     = "payment.open"
	EventPaymentComplete = "payment.complete"
	EventPaymentCancel   = "payment.cancel"
)

// eventFor names the event that reports a payment in this status.
func eventFor(status string) string {
	switch status {
	case gateway.StatusComplete:
		return EventPaymentComplete
	case gateway.StatusCancel:
		return EventPaymentCancel
	}
	return EventPaymentOpen
}

// PaymentNotification is the body of a payment webhook.
type PaymentNotification struct {
	Type    string          `json:"type"`
	Event   string          `json:"event"`
	Payment gateway.Payment `json:"payment"`
}

// queuePaymentWebhook writes the webhook for p into the outbox inside tx, so the notification is
// stored exactly when the change it announces is. Without a target URL there is nothing to send.
func (e *Engine) queuePaymentWebhook(ctx context.Context, tx *sql.Tx, p paymentRecord, event string) error {
	url := p.Fields.WebhookURL
	if url == "" {
		if err := tx.QueryRowContext(ctx, `SELECT webhook_url FROM stores WHERE id = ?`, p.StoreID).Scan(&url); err != nil {
			return fmt.Errorf("engine: webhook target: %w", err)
		}
	}
	if url == "" {
		return nil
	}
	body, err := json.Marshal(PaymentNotification{Type: "notification", Event: event, Payment: e.toAPI(p)})
	if err != nil {
		return fmt.Errorf("engine: webhook body: %w", err)
	}
	now := e.now().Unix()
	_, err = tx.ExecContext(ctx, `INSERT INTO webhooks (store_id, object_id, event, url, body, created_at, next_attempt_at)
		VALUES (?,?,?,?,?,?,?)`, p.StoreID, p.ID, event, url, body, now, now)
	if err != nil {
		return fmt.Errorf("engine: queue webhook: %w", err)
	}
	return nil
}
