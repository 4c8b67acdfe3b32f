package engine

import (
	"context"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// receive records a transaction of amount arriving at p's address at now (0
// confirmations), re-decides the payment and queues the webhook announcing it, all inside tx.
// It is late when the payment was already decided or its end_date had passed.
func (s *payments) receive(ctx context.Context, tx paymentTx, p store.Payment, amount gateway.Amount, now time.Time) (store.Transaction, error) {
	asset, _ := gateway.LookupAsset(p.PaymentAssetID)
	out := store.Transaction{
		ID: newID(), PaymentID: p.ID, Network: asset.CryptoNetwork, AssetID: asset.AssetID, Address: p.Address,
		Hash: fakeHash(asset.CryptoNetwork), Amount: amount, Confirms: asset.Confirmations,
		Late: gateway.IsFinal(p.Status) || now.Unix() >= p.EndDate, ReceivedAt: now.Unix(),
	}
	if out.Confirms == 0 {
		out.ConfirmedAt = unixPtr(now)
	}
	if err := tx.InsertTransaction(ctx, p.StoreID, out); err != nil {
		return out, err
	}
	after, _, err := s.refresh(ctx, tx, p.ID, now)
	if err != nil {
		return out, err
	}
	// Every incoming transaction is announced with the payment's status after it.
	if err := s.notices.queuePaymentWebhook(ctx, tx, after, eventFor(after.Status)); err != nil {
		return out, err
	}
	return out, s.notices.queuePaymentMail(ctx, tx, after, false)
}
