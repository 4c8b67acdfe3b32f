package store

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
)

// Transaction is a transactions row.
type Transaction struct {
	ID, PaymentID, Network, AssetID, Address, Hash string
	Amount                                         gateway.Amount
	Confirmations, Confirms                        int
	Late                                           bool
	ReceivedAt                                     int64
	ConfirmedAt                                    *int64 // nil while confirming
}

const txColumns = `id, payment_id, network, asset_id, address, hash, amount, confirmations, confirms, late, received_at, confirmed_at`

const qPaymentTxs = `SELECT ` + txColumns + ` FROM transactions WHERE payment_id = ? ORDER BY received_at, rowid`

func scanTx(r rowScanner) (Transaction, error) {
	var t Transaction
	err := r.Scan(&t.ID, &t.PaymentID, &t.Network, &t.AssetID, &t.Address, &t.Hash, &t.Amount, &t.Confirmations,
		&t.Confirms, &t.Late, &t.ReceivedAt, &t.ConfirmedAt)
	return t, err
}

// Transactions reads a payment's transactions, oldest first.
func (r reads) Transactions(ctx context.Context, paymentID string) ([]Transaction, error) {
	rows, err := r.q.QueryContext(ctx, qPaymentTxs, paymentID)
	return scanAll(rows, err, "transactions", scanTx)
}

// InsertTransaction writes a transaction received for a payment of storeID.
func (t *Tx) InsertTransaction(ctx context.Context, storeID string, tr Transaction) error {
	_, err := t.exec(ctx, `INSERT INTO transactions (id, payment_id, store_id, network, asset_id, address, hash, amount,
		confirmations, confirms, late, received_at, confirmed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		tr.ID, tr.PaymentID, storeID, tr.Network, tr.AssetID, tr.Address, tr.Hash, tr.Amount,
		tr.Confirmations, tr.Confirms, tr.Late, tr.ReceivedAt, tr.ConfirmedAt)
	return checked(err, "insert transaction")
}

// AddConfirmations adds n confirmations to every still-confirming transaction of the store on
// network, up to each one's required count, marking confirmed at now those that reach it. It
// returns the payment of each transaction touched (a payment once per transaction).
func (t *Tx) AddConfirmations(ctx context.Context, storeID, network string, n int, now int64) ([]string, error) {
	rows, err := t.q.QueryContext(ctx, `UPDATE transactions SET confirmations = CASE WHEN confirmations + ? < confirms THEN confirmations + ? ELSE confirms END,
			confirmed_at = CASE WHEN confirmations + ? >= confirms THEN CAST(? AS BIGINT) ELSE NULL END
			WHERE store_id = ? AND network = ? AND confirmed_at IS NULL RETURNING payment_id`,
		n, n, n, now, storeID, network)
	return scanAll(rows, err, "mine blocks", scanString)
}
