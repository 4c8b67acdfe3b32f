package engine

import (
	"context"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/rates"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// payments is the business of payments: pricing and creating them, receiving their transactions,
// deciding their status as those arrive and confirm or as they expire, and showing them.
type payments struct {
	db      paymentStore
	views   views
	rates   *rates.Table
	now     func() time.Time
	publish func(topics ...string)
	credits paymentCredits
	notices paymentNotices
	assign  addressAssigner
}

// paymentStore is what payments read outside a transaction, and their units of work.
type paymentStore interface {
	WithTx(ctx context.Context, fn func(tx *store.Tx) error) error
	WithGroupTx(ctx context.Context, fn func(ctx context.Context, tx *store.Tx) error) error
	WithSnapshot(ctx context.Context, fn func(r store.Snapshot) error) error
	paymentReader
	Transactions(ctx context.Context, paymentID string) ([]store.Transaction, error)
	Payments(ctx context.Context, q store.PaymentQuery) ([]store.Payment, error)
}

// paymentReader reads a payment, in a transaction or not.
type paymentReader interface {
	Payment(ctx context.Context, storeID, id string) (store.Payment, error)
}

// paymentTx is what creating, receiving and deciding payments read and write in their
// transaction, with what the services they call on it (ledger, outbox, dedicated addresses) do.
type paymentTx interface {
	paymentReader
	creditTx
	webhookTx
	mailTx
	addressTx
	assignTx
	AccountOf(ctx context.Context, storeID, assetID string) (string, error)
	LockPayment(ctx context.Context, id string) error
	NextPaymentNum(ctx context.Context, storeID string) (int64, error)
	InsertPayment(ctx context.Context, p store.Payment) error
	UpdatePaymentState(ctx context.Context, p store.Payment) error
	InsertTransaction(ctx context.Context, storeID string, t store.Transaction) error
	DuePayments(ctx context.Context, now int64, limit int) ([]string, error)
}

// paymentCredits books a decided payment's confirmed transactions (the ledger does).
type paymentCredits interface {
	creditPayment(ctx context.Context, tx creditTx, p store.Payment) error
}

// paymentNotices queues what a payment's change announces (the outbox does).
type paymentNotices interface {
	queuePaymentWebhook(ctx context.Context, tx webhookTx, p store.Payment, event string) error
	queuePaymentMail(ctx context.Context, tx mailTx, p store.Payment, statusChanged bool) error
}

// addressAssigner gives a new payment its ASSIGN dedicated address's address (dedicates does).
type addressAssigner interface {
	assignDedicatedAddress(ctx context.Context, tx assignTx, p *store.Payment) error
}

// loadPayment reads one payment of a store ("" = any store), or ERR_NO_PAYMENT.
func loadPayment(ctx context.Context, r paymentReader, storeID, id string) (store.Payment, error) {
	p, err := r.Payment(ctx, storeID, id)
	return found(p, err, func() error { return gateway.NoPayment(id) })
}

// Payment returns a store's payment, or ERR_NO_PAYMENT if it has none with this id.
func (e *Engine) Payment(ctx context.Context, storeID, id string) (gateway.Payment, error) {
	return e.payments.byID(ctx, storeID, id)
}

func (s *payments) byID(ctx context.Context, storeID, id string) (gateway.Payment, error) {
	if !gateway.IsUUID(id) {
		return gateway.Payment{}, gateway.NoPayment(id)
	}
	p, err := loadPayment(ctx, s.db, storeID, id)
	if err != nil {
		return gateway.Payment{}, err
	}
	return s.views.payment(p), nil
}

// MaxListedPayments bounds one GET /payments answer; narrow the dates for more.
const MaxListedPayments = 10000

// Payments lists a store's payments started within the filter's days, oldest first.
func (e *Engine) Payments(ctx context.Context, storeID string, f gateway.PaymentFilter) ([]gateway.Payment, error) {
	return e.payments.list(ctx, storeID, f)
}

func (s *payments) list(ctx context.Context, storeID string, f gateway.PaymentFilter) ([]gateway.Payment, error) {
	rows, err := s.db.Payments(ctx, store.PaymentQuery{StoreID: storeID,
		Since: f.From.Unix(), Before: f.To.AddDate(0, 0, 1).Unix(),
		Status: f.Status, AssetID: f.AssetID, DedicateID: f.DedicateID, Limit: MaxListedPayments})
	if err != nil {
		return nil, err
	}
	out := []gateway.Payment{}
	for _, p := range rows {
		out = append(out, s.views.payment(p))
	}
	return out, nil
}

// Transactions returns the transactions of a store's payment, oldest first.
func (e *Engine) Transactions(ctx context.Context, storeID, paymentID string) ([]gateway.Transaction, error) {
	return e.payments.transactions(ctx, storeID, paymentID)
}

func (s *payments) transactions(ctx context.Context, storeID, paymentID string) ([]gateway.Transaction, error) {
	if !gateway.IsUUID(paymentID) {
		return nil, gateway.NoPayment(paymentID)
	}
	if _, err := loadPayment(ctx, s.db, storeID, paymentID); err != nil {
		return nil, err
	}
	txs, err := s.db.Transactions(ctx, paymentID)
	if err != nil {
		return nil, err
	}
	out := make([]gateway.Transaction, 0, len(txs))
	for _, t := range txs {
		out = append(out, transactionAPI(t))
	}
	return out, nil
}
