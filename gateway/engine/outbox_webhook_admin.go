package engine

import (
	"context"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
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

// delivery is a webhook row as the CLI shows it.
func delivery(w store.Webhook) WebhookDelivery {
	out := WebhookDelivery{ID: w.ID, StoreID: w.StoreID, ObjectID: w.ObjectID, Event: w.Event, URL: w.URL, Body: w.Body,
		CreatedAt: time.Unix(w.CreatedAt, 0).UTC(), Attempts: w.Attempts, NextAttemptAt: time.Unix(w.NextAttemptAt, 0).UTC(),
		LastStatus: w.LastStatus, LastError: w.LastError}
	switch {
	case w.DeliveredAt != nil:
		out.State = DeliveryDelivered
	case w.FailedAt != nil:
		out.State = DeliveryFailed
	default:
		out.State = DeliveryPending
	}
	return out
}

// Webhooks lists a store's outbox, newest first, at most limit rows.
func (e *Engine) Webhooks(ctx context.Context, storeID string, limit int) ([]WebhookDelivery, error) {
	if _, err := e.StoreByID(ctx, storeID); err != nil {
		return nil, err
	}
	return e.outbox.webhooks(ctx, storeID, limit)
}

func (o *outbox) webhooks(ctx context.Context, storeID string, limit int) ([]WebhookDelivery, error) {
	rows, err := o.db.Webhooks(ctx, storeID, limit)
	if err != nil {
		return nil, err
	}
	var out []WebhookDelivery
	for _, w := range rows {
		out = append(out, delivery(w))
	}
	return out, nil
}

// WebhookByID returns one outbox webhook.
func (e *Engine) WebhookByID(ctx context.Context, id int64) (WebhookDelivery, error) {
	return e.outbox.webhook(ctx, id)
}

func (o *outbox) webhook(ctx context.Context, id int64) (WebhookDelivery, error) {
	w, err := o.db.Webhook(ctx, id)
	return found(delivery(w), err, func() error { return noWebhook(id) })
}

// WebhookAttempts lists the attempts at one webhook, oldest first.
func (e *Engine) WebhookAttempts(ctx context.Context, id int64) ([]WebhookAttempt, error) {
	return e.outbox.webhookAttempts(ctx, id)
}

func (o *outbox) webhookAttempts(ctx context.Context, id int64) ([]WebhookAttempt, error) {
	rows, err := o.db.WebhookAttempts(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []WebhookAttempt
	for _, a := range rows {
		out = append(out, WebhookAttempt{At: time.Unix(a.At, 0).UTC(), Duration: time.Duration(a.DurationMS) * time.Millisecond,
			Status: a.Status, Error: a.Error})
	}
	return out, nil
}

// noWebhook answers an unknown outbox webhook: the operator's tools have no seed code for it.
func noWebhook(id int64) error {
	return gateway.Errorf(gateway.ErrCodeNotFound, "Webhook %d not found.", id)
}

// Redeliver queues a webhook again, delivered or given up alike: due now with a fresh retry
// schedule, the same body. Its earlier attempts stay in the history. The running server's
// deliverer sends it within its scan interval.
func (e *Engine) Redeliver(ctx context.Context, id int64) (WebhookDelivery, error) {
	return e.outbox.redeliver(ctx, id)
}

func (o *outbox) redeliver(ctx context.Context, id int64) (WebhookDelivery, error) {
	err := o.db.RequeueWebhook(ctx, id, o.now().Unix())
	if _, err := found(0, err, func() error { return noWebhook(id) }); err != nil {
		return WebhookDelivery{}, err
	}
	o.wake()
	return o.webhook(ctx, id)
}
