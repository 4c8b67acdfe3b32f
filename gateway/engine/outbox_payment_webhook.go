package engine

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
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
func (o *outbox) queuePaymentWebhook(ctx context.Context, tx webhookTx, p store.Payment, event string) error {
	body := PaymentNotification{Type: "notification", Event: event, Payment: o.views.payment(p)}
	return o.queueWebhook(ctx, tx, p.StoreID, p.ID, event, p.Fields.WebhookURL, body)
}
