package engine

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// receiveTransaction records a transaction of amount arriving at p's address at now (0
// confirmations), re-decides the payment and queues the webhook announcing it, all inside tx.
// It is late when the payment was already decided or its end_date had passed.
func (e *Engine) receiveTransaction(ctx context.Context, tx *sql.Tx, p paymentRecord, amount gateway.Amount, now time.Time) (txRecord, error) {
	asset, _ := gateway.LookupAsset(p.PaymentAssetID)
	out := txRecord{
		ID: newID(), PaymentID: p.ID, Network: asset.CryptoNetwork, AssetID: asset.AssetID, Address: p.Address,
		Hash: fakeHash(asset.CryptoNetwork), Amount: amount, Confirms: asset.Confirmations,
		Late: gateway.IsFinal(p.Status) || now.Unix() >= p.EndDate, ReceivedAt: now.Unix(),
	}
	if out.Confirms == 0 {
		out.ConfirmedAt = sql.NullInt64{Int64: now.Unix(), Valid: true}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO transactions (id, payment_id, store_id, network, asset_id, address, hash, amount,
		confirmations, confirms, late, received_at, confirmed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		out.ID, out.PaymentID, p.StoreID, out.Network, out.AssetID, out.Address, out.Hash, out.Amount,
		out.Confirmations, out.Confirms, out.Late, out.ReceivedAt, out.ConfirmedAt)
	if err != nil {
		return out, fmt.Errorf("engine: insert transaction: %w", err)
	}
	after, _, err := e.refreshPayment(ctx, tx, p.ID, now)
	if err != nil {
		return out, err
	}
	// Every incoming transaction is announced with the payment's status after it.
	if err := e.queuePaymentWebhook(ctx, tx, after, eventFor(after.Status)); err != nil {
		return out, err
	}
	return out, e.queuePaymentMail(ctx, tx, after, false)
}
