package engine

import (
	"context"
	"crypto/subtle"
	"errors"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// The payer pages' side of the engine. A payer holds a payment's id and its code (the capability
// in payment_url) and nothing else: no API credentials.

// PaymentView returns a payment with its transactions and its store's embedding origins, for a
// payer holding its code. An unknown id and a wrong code give the same ERR_NO_PAYMENT after the same
// work: one read of the code column by one statement, one constant-time comparison (against a dummy
// code when there is no payment). The payment itself is read only for the right code, so neither
// the answer nor its time tells whether an id exists.
func (e *Engine) PaymentView(ctx context.Context, id, code string) (gateway.PaymentView, error) {
	if !gateway.IsUUID(id) {
		codeMatches(code, dummyCode)
		return gateway.PaymentView{}, gateway.NoPayment(id)
	}
	return e.payments.view(ctx, id, code)
}

func (s *payments) view(ctx context.Context, id, code string) (gateway.PaymentView, error) {
	// One read transaction: the payment and its transactions come from the same snapshot, so the
	// totals always agree with the listed transactions.
	var view gateway.PaymentView
	err := s.db.WithSnapshot(ctx, func(r store.Snapshot) error {
		var err error
		view, err = s.viewIn(ctx, r, id, code)
		return err
	})
	return view, err
}

// paymentViewReads is what the payment page reads, from one snapshot.
type paymentViewReads interface {
	paymentReader
	PaymentCode(ctx context.Context, id string) (string, error)
	Transactions(ctx context.Context, paymentID string) ([]store.Transaction, error)
	StorePage(ctx context.Context, storeID string) (gateway.PageSettings, []string, error)
}

func (s *payments) viewIn(ctx context.Context, r paymentViewReads, id, code string) (gateway.PaymentView, error) {
	stored, err := r.PaymentCode(ctx, id)
	known := true
	switch {
	case errors.Is(err, store.ErrNotFound):
		stored, known = dummyCode, false
	case err != nil:
		return gateway.PaymentView{}, err
	}
	if !codeMatches(code, stored) || !known {
		return gateway.PaymentView{}, gateway.NoPayment(id)
	}
	p, err := loadPayment(ctx, r, "", id)
	if err != nil {
		return gateway.PaymentView{}, err
	}
	txs, err := r.Transactions(ctx, id)
	if err != nil {
		return gateway.PaymentView{}, err
	}
	page, origins, err := r.StorePage(ctx, p.StoreID)
	if err != nil {
		return gateway.PaymentView{}, err
	}
	view := gateway.PaymentView{
		Payment:        s.views.payment(p),
		Transactions:   make([]gateway.Transaction, 0, len(txs)),
		FrameAncestors: origins,
		Page:           page,
	}
	for _, t := range txs {
		view.Transactions = append(view.Transactions, transactionAPI(t))
	}
	return view, nil
}

// dummyCode stands in for the stored code when there is no payment, so a miss costs a comparison
// too; it has the length of every real code (ConstantTimeCompare returns early on a length mismatch).
var dummyCode = randomToken(16)

// codeMatches compares a presented payment code with the stored one in constant time.
func codeMatches(presented, stored string) bool {
	return subtle.ConstantTimeCompare([]byte(presented), []byte(stored)) == 1
}

// Subscribe returns a signal for every committed change of topic (live.PaymentTopic and
// live.DedicateTopic) and the function that ends the subscription. Without a hub nothing is
// ever signalled.
func (e *Engine) Subscribe(topic string) (<-chan struct{}, func()) {
	if e.hub == nil {
		return make(chan struct{}), func() {}
	}
	return e.hub.Subscribe(topic)
}

// Notify calls fn for every committed change of topic until the returned function is called (see
// live.Hub.Notify: fn must return at once).
func (e *Engine) Notify(topic string, fn func()) func() {
	if e.hub == nil {
		return func() {}
	}
	return e.hub.Notify(topic, fn)
}
