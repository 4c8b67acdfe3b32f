package engine

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
)

// refreshPayment recomputes a payment's totals and status from its transactions at now, inside
// tx, and writes them back. It returns the record after the change and its status before it.
func (e *Engine) refreshPayment(ctx context.Context, tx *sql.Tx, id string, now time.Time) (paymentRecord, string, error) {
	// Locked first: two processes deciding one payment decide it one after the other, the second
	// from the first's result (so a status changes, and its webhook is queued, once).
	if err := e.lockRow(ctx, tx, "payments", id); err != nil {
		return paymentRecord{}, "", err
	}
	p, err := loadPayment(ctx, tx, "", id)
	if err != nil {
		return p, "", err
	}
	txs, err := loadTxs(ctx, tx, id)
	if err != nil {
		return p, "", err
	}
	receipts := make([]gateway.Receipt, len(txs))
	for i, t := range txs {
		receipts[i] = t.receipt()
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
	if p.Status == gateway.StatusComplete && !p.CompleteDate.Valid {
		p.CompleteDate = sql.NullInt64{Int64: now.Unix(), Valid: true}
	}
	_, err = tx.ExecContext(ctx, `UPDATE payments SET status = ?, ip_amount = ?, confirmed_amount = ?, last_trx_hash = ?,
		complete_date = ? WHERE id = ?`, p.Status, p.IPAmount, p.ConfirmedAmount, p.LastTrxHash, p.CompleteDate, id)
	if err != nil {
		return p, before, fmt.Errorf("engine: update payment: %w", err)
	}
	// A decided payment's confirmed transactions belong to the merchant: book them on the account.
	if err := e.creditPayment(ctx, tx, p); err != nil {
		return p, before, err
	}
	return p, before, nil
}

// settle refreshes a payment and, when it reached a final status, queues the webhook saying so.
// It returns the payment after the change.
func (e *Engine) settle(ctx context.Context, tx *sql.Tx, id string, now time.Time) (paymentRecord, error) {
	p, before, err := e.refreshPayment(ctx, tx, id, now)
	if err != nil {
		return p, err
	}
	if p.Status != before && gateway.IsFinal(p.Status) {
		if err := e.queuePaymentWebhook(ctx, tx, p, eventFor(p.Status)); err != nil {
			return p, err
		}
		if err := e.queuePaymentMail(ctx, tx, p, true); err != nil {
			return p, err
		}
	}
	return p, nil
}

// topics are the live topics a change of p concerns: the payment's, and its dedicated address's
// (whose page lists it) when it has one.
func (p paymentRecord) topics() []string {
	if p.DedicateID == "" {
		return []string{live.PaymentTopic(p.ID)}
	}
	return []string{live.PaymentTopic(p.ID), live.DedicateTopic(p.DedicateID)}
}
