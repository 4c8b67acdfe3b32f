package store

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
)

// TransferTarget is what a transfer checks of the store it credits.
type TransferTarget struct {
	OwnerID, Name string
	IsTest        bool
}

// TransferTarget reads the owner, name and kind of a store.
func (t *Tx) TransferTarget(ctx context.Context, storeID string) (TransferTarget, error) {
	var to TransferTarget
	err := t.q.QueryRowContext(ctx, `SELECT owner_id, is_test, name FROM stores WHERE id = ?`, storeID).Scan(&to.OwnerID, &to.IsTest, &to.Name)
	return to, checked(err, "transfer target")
}

// NextTransferNum takes the store's next transfer number.
func (t *Tx) NextTransferNum(ctx context.Context, storeID string) (int64, error) {
	return t.nextNum(ctx, `UPDATE stores SET transfer_seq = transfer_seq + 1 WHERE id = ? RETURNING transfer_seq`,
		storeID, "transfer number")
}

// InsertTransfer writes a transfer numbered num, started and completed at the given times.
func (t *Tx) InsertTransfer(ctx context.Context, tr gateway.Transfer, num, start, complete int64) error {
	_, err := t.exec(ctx, `INSERT INTO transfers (id, num, from_store_id, from_account_id, to_store_id, to_account_id,
			amount, asset_id, status, start_date, complete_date, description) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
		tr.TransferID, num, tr.FromStoreID, tr.FromAccountID, tr.ToStoreID, tr.ToAccountID, tr.Amount, tr.AssetID, tr.Status,
		start, complete, tr.Description)
	return checked(err, "insert transfer")
}
