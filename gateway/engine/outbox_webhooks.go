package engine

import (
	"context"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway/webhook"
)

// queueWebhook writes a webhook into the outbox inside tx, like queuePaymentWebhook for objects
// other than payments. url is the object's own target; the store's is used when it is empty, and
// without either there is nothing to send. The body is encoded once here: those exact bytes are
// what is signed and sent, on every attempt.
func (o *outbox) queueWebhook(ctx context.Context, tx webhookTx, storeID, objectID, event, url string, payload any) error {
	if url == "" {
		var err error
		if url, err = tx.StoreWebhookURL(ctx, storeID); err != nil {
			return err
		}
	}
	if url == "" {
		return nil
	}
	body, err := webhook.Body(payload)
	if err != nil {
		return fmt.Errorf("engine: %w", err)
	}
	return tx.QueueWebhook(ctx, storeID, objectID, event, url, body, o.now().Unix())
}

// wakeDeliverer tells the deliverer that webhooks may be due, without waiting for its next scan.
// Call it after the commit that queued them.
func (e *Engine) wakeDeliverer() {
	select {
	case e.queued <- struct{}{}:
	default: // a wake-up is already pending
	}
}
