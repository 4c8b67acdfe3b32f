package engine

import (
	"context"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// refresh recomputes a payment's totals and status from its transactions at now, inside
// tx, and writes them back. It returns the record after the change and its status before it.
func (s *payments) refresh(ctx context.Context, tx paymentTx, id string, now time.Time) (store.Payment, string, error) {
	// Locked first: two processes deciding one payment decide it one after the other, the second
	// from the first's result (so a status changes, and its webhook is queued, once).
	if err := tx.LockPayment(ctx, id); err != nil {
		return store.Payment{}, "", err
	}
	p, err := loadPayment(ctx, tx, "", id)
	if err != nil {
		return p, "", err
	}
	txs, err := tx.Transactions(ctx, id)
	if err != nil {
		return p, "", err
	}
	receipts := make([]gateway.Receipt, len(txs))
	for i, t := range txs {
		receipts[i] = receipt(t)
	}
	totals := gateway.Sum(receipts)
	before := p.Status
	p.Status = gateway.NextStatus(gateway.PaymentState{
		Status: p.Status, MinCompleteAmount: p.MinComplete, EndDate: time.Unix(p.EndDate, 0),
	}, totals, now)
	p.IPAmount, p.ConfirmedAmount = totals.Received, totals.Confirmed
	if len(txs) > 0 {
		p.LastTrxHash = txs[len(txs)-1].Hash
	}
	if p.Status == gateway.StatusComplete && p.CompleteDate == nil {
		p.CompleteDate = unixPtr(now)
	}
	if err := tx.UpdatePaymentState(ctx, p); err != nil {
		return p, before, err
	}
	// A decided payment's confirmed transactions belong to the merchant: book them on the account.
	if err := s.credits.creditPayment(ctx, tx, p); err != nil {
		return p, before, err
	}
	return p, before, nil
}

// settle refreshes a payment and, when it reached a final status, queues the webhook saying so.
// It returns the payment after the change.
func (s *payments) settle(ctx context.Context, tx paymentTx, id string, now time.Time) (store.Payment, error) {
	p, before, err := s.refresh(ctx, tx, id, now)
	if err != nil {
		return p, err
	}
	if p.Status != before && gateway.IsFinal(p.Status) {
		if err := s.notices.queuePaymentWebhook(ctx, tx, p, eventFor(p.Status)); err != nil {
			return p, err
		}
		if err := s.notices.queuePaymentMail(ctx, tx, p, true); err != nil {
			return p, err
		}
	}
	return p, nil
}

// settleAll settles each payment of ids in tx, appending their live topics to topics.
func (s *payments) settleAll(ctx context.Context, tx paymentTx, ids []string, now time.Time, topics []string) ([]string, error) {
	for _, id := range ids {
		p, err := s.settle(ctx, tx, id, now)
		if err != nil {
			return topics, err
		}
		topics = append(topics, paymentTopics(p)...)
	}
	return topics, nil
}
