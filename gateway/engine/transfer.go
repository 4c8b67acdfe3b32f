package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/cryptocheckout/checkout/gateway"
)

// CreateTransfer moves an amount of one crypto asset from the caller's store to another store of
// the same owner and the same kind (test or live), completing at once (POST /transfer). The
// balance is checked in the write transaction that books both sides. A store of another owner is
// answered as unknown (ERR_NO_STORE), so store ids cannot be probed.
func (e *Engine) CreateTransfer(ctx context.Context, from gateway.Store, req gateway.TransferRequest) (gateway.Transfer, error) {
	if err := req.Validate(); err != nil {
		return gateway.Transfer{}, err
	}
	if req.ToStoreID == from.StoreID {
		return gateway.Transfer{}, gateway.FieldError(gateway.ErrCodeTransferNotAllowed, "to_store_id", "to_store_id is the store making the transfer.")
	}
	asset, _ := gateway.LookupAsset(req.AssetID)
	now := e.now()
	t := gateway.Transfer{
		TransferID: newID(), FromStoreID: from.StoreID, FromStoreName: from.Name, ToStoreID: req.ToStoreID,
		IsTest: from.IsTest, Amount: req.Amount.Value, AssetID: asset.AssetID,
		Status: gateway.StatusComplete, StatusName: gateway.StatusName(gateway.StatusComplete),
		CryptoNetwork: asset.CryptoNetwork, CryptoNetworkName: asset.CryptoNetworkName,
		StartDate: gateway.NewTime(now), Description: req.Description,
	}
	completed := gateway.NewTime(now)
	t.CompleteDate = &completed
	err := e.db.inTx(ctx, func(tx *sql.Tx) error {
		var owner string
		var toTest bool
		err := tx.QueryRowContext(ctx, `SELECT owner_id, is_test, name FROM stores WHERE id = ?`, req.ToStoreID).Scan(&owner, &toTest, &t.ToStoreName)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != from.OwnerID) {
			return gateway.FieldError(gateway.ErrCodeNoStore, "to_store_id", "Store <%s> of to_store_id not found.", req.ToStoreID)
		}
		if err != nil {
			return fmt.Errorf("engine: transfer target: %w", err)
		}
		if toTest != from.IsTest {
			return gateway.FieldError(gateway.ErrCodeTransferNotAllowed, "to_store_id",
				"Transfers go between two test stores or two live stores, not between a test and a live one.")
		}
		if t.FromAccountID, err = accountOf(ctx, tx, from.StoreID, asset.AssetID); err != nil {
			return err
		}
		if t.ToAccountID, err = accountOf(ctx, tx, req.ToStoreID, asset.AssetID); err != nil {
			return err
		}
		if err := e.requireFunds(ctx, tx, "amount", []need{{AccountID: t.FromAccountID, AssetID: asset.AssetID, Amount: t.Amount}}); err != nil {
			return err
		}
		var num int64
		if err := tx.QueryRowContext(ctx, `UPDATE stores SET transfer_seq = transfer_seq + 1 WHERE id = ? RETURNING transfer_seq`,
			from.StoreID).Scan(&num); err != nil {
			return fmt.Errorf("engine: transfer number: %w", err)
		}
		t.TransferNum = strconv.FormatInt(num, 10)
		if _, err := tx.ExecContext(ctx, `INSERT INTO transfers (id, num, from_store_id, from_account_id, to_store_id, to_account_id,
			amount, asset_id, status, start_date, complete_date, description) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			t.TransferID, num, from.StoreID, t.FromAccountID, t.ToStoreID, t.ToAccountID, t.Amount, t.AssetID, t.Status,
			now.Unix(), now.Unix(), t.Description); err != nil {
			return fmt.Errorf("engine: insert transfer: %w", err)
		}
		for _, le := range []ledgerEntry{
			{StoreID: from.StoreID, AccountID: t.FromAccountID, AssetID: t.AssetID, Kind: ledgerTransferOut,
				Ref: "transfer-out:" + t.TransferID, ObjectID: t.TransferID, Amount: gateway.Zero.Sub(t.Amount)},
			{StoreID: t.ToStoreID, AccountID: t.ToAccountID, AssetID: t.AssetID, Kind: ledgerTransferIn,
				Ref: "transfer-in:" + t.TransferID, ObjectID: t.TransferID, Amount: t.Amount},
		} {
			if _, err := e.post(ctx, tx, le); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return gateway.Transfer{}, err
	}
	return t, nil
}
