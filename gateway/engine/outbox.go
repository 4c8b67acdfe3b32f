package engine

import (
	"context"
	"log/slog"
	"time"

	"github.com/cryptocheckout/checkout/gateway/store"
)

// outbox is the business of what the gateway tells the world after a change: webhooks to merchants
// and e-mails to payers, queued in the transaction of the change they announce, then delivered,
// retried and shown to operators.
type outbox struct {
	db    outboxStore
	views views
	now   func() time.Time
	log   *slog.Logger
	wake  func() // tells the deliverer webhooks may be due
}

// outboxStore is what the outbox reads and writes outside the transactions of the changes.
type outboxStore interface {
	WithTx(ctx context.Context, fn func(tx *store.Tx) error) error
	Webhooks(ctx context.Context, storeID string, limit int) ([]store.Webhook, error)
	Webhook(ctx context.Context, id int64) (store.Webhook, error)
	WebhookAttempts(ctx context.Context, webhookID int64) ([]store.WebhookAttempt, error)
	RequeueWebhook(ctx context.Context, id, now int64) error
	DueWebhooks(ctx context.Context, now int64, limit int) ([]store.DueWebhook, error)
	ClaimWebhook(ctx context.Context, id, due, lease int64) (bool, error)
	Mails(ctx context.Context, storeID string, limit int) ([]store.Mail, error)
	Mail(ctx context.Context, id int64) (store.Mail, error)
	RequeueMail(ctx context.Context, id, now int64) error
	DueMails(ctx context.Context, now, lease int64, limit int) ([]store.Mail, error)
	FreezeMail(ctx context.Context, id int64, message []byte) ([]byte, error)
	SetMailSent(ctx context.Context, id, now int64) error
	SetMailFailed(ctx context.Context, id, now int64, why string) error
	SetMailRetry(ctx context.Context, id, next int64, why string) error
}

// webhookTx is what queueing a webhook writes in the transaction of its change.
type webhookTx interface {
	StoreWebhookURL(ctx context.Context, storeID string) (string, error)
	QueueWebhook(ctx context.Context, storeID, objectID, event, url string, body []byte, now int64) error
}

// mailTx is what queueing an e-mail reads and writes in the transaction of its change.
type mailTx interface {
	MailSender(ctx context.Context, storeID string) (store.MailSender, error)
	Transactions(ctx context.Context, paymentID string) ([]store.Transaction, error)
	QueueMail(ctx context.Context, m store.Mail) error
}

// deliveryTx is what recording a delivery attempt writes.
type deliveryTx interface {
	InsertWebhookAttempt(ctx context.Context, webhookID int64, a store.WebhookAttempt) error
	SetWebhookDelivered(ctx context.Context, id int64, attempts int, a store.WebhookAttempt) error
	SetWebhookFailed(ctx context.Context, id int64, attempts int, a store.WebhookAttempt) error
	SetWebhookRetry(ctx context.Context, id int64, attempts int, next int64, a store.WebhookAttempt) error
	PostponeWebhook(ctx context.Context, id, next int64, why string) error
}
