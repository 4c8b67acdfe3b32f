package engine

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
)

type txRecord struct {
	ID, PaymentID, Network, AssetID, Address, Hash string
	Amount                                         gateway.Amount
	Confirmations, Confirms                        int
	Late                                           bool
	ReceivedAt                                     int64
	ConfirmedAt                                    sql.NullInt64
}

const txColumns = `id, payment_id, network, asset_id, address, hash, amount, confirmations, confirms, late, received_at, confirmed_at`

const qPaymentTxs = `SELECT ` + txColumns + ` FROM transactions WHERE payment_id = ? ORDER BY received_at, rowid`

func scanTx(r rowScanner) (txRecord, error) {
	var t txRecord
	err := r.Scan(&t.ID, &t.PaymentID, &t.Network, &t.AssetID, &t.Address, &t.Hash, &t.Amount, &t.Confirmations,
		&t.Confirms, &t.Late, &t.ReceivedAt, &t.ConfirmedAt)
	return t, err
}

func (t txRecord) receipt() gateway.Receipt {
	return gateway.Receipt{Amount: t.Amount, Confirmations: t.Confirmations, Confirms: t.Confirms, Late: t.Late}
}

func (t txRecord) toAPI() gateway.Transaction {
	asset, _ := gateway.LookupAsset(t.AssetID)
	status := gateway.StatusOpen
	completed := t.ReceivedAt
	if t.ConfirmedAt.Valid {
		status, completed = gateway.StatusComplete, t.ConfirmedAt.Int64
	}
	return gateway.Transaction{
		TrxID:             t.ID,
		Status:            status,
		StatusName:        gateway.TransactionStatusName(status),
		TrxDate:           unixTime(completed),
		TrxReceived:       unixTime(t.ReceivedAt),
		CryptoNetwork:     t.Network,
		CryptoNetworkName: asset.CryptoNetworkName,
		Address:           t.Address,
		TrxHash:           t.Hash,
		AddressLink:       asset.AddressURL(t.Address),
		TransactionLink:   asset.TransactionURL(t.Hash),
		Amount:            t.Amount,
		Currency:          asset.Currency,
		AssetID:           t.AssetID,
		Confirmations:     t.Confirmations,
		Confirms:          t.Confirms,
		Late:              t.Late,
		PaymentID:         t.PaymentID,
	}
}

func loadTxs(ctx context.Context, q querier, paymentID string) ([]txRecord, error) {
	rows, err := q.QueryContext(ctx, qPaymentTxs, paymentID)
	if err != nil {
		return nil, fmt.Errorf("engine: transactions: %w", err)
	}
	defer rows.Close()
	var out []txRecord
	for rows.Next() {
		t, err := scanTx(rows)
		if err != nil {
			return nil, fmt.Errorf("engine: transactions: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Transactions returns the transactions of a store's payment, oldest first.
func (e *Engine) Transactions(ctx context.Context, storeID, paymentID string) ([]gateway.Transaction, error) {
	if !gateway.IsUUID(paymentID) {
		return nil, gateway.NoPayment(paymentID)
	}
	if _, err := loadPayment(ctx, e.db.reader(nil), storeID, paymentID); err != nil {
		return nil, err
	}
	txs, err := loadTxs(ctx, e.db.reader(nil), paymentID)
	if err != nil {
		return nil, err
	}
	out := make([]gateway.Transaction, 0, len(txs))
	for _, t := range txs {
		out = append(out, t.toAPI())
	}
	return out, nil
}
