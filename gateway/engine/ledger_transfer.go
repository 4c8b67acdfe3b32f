package engine

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// CreateTransfer moves an amount of one crypto asset from the caller's store to another store of
// the same owner and the same kind (test or live), completing at once (POST /transfer). The
// balance is checked in the write transaction that books both sides. A store of another owner is
// answered as unknown (ERR_NO_STORE), so store ids cannot be probed.
func (e *Engine) CreateTransfer(ctx context.Context, from gateway.Store, req gateway.TransferRequest) (gateway.Transfer, error) {
	return e.ledger.createTransfer(ctx, from, req)
}

// transferTx is what a transfer reads and writes in its transaction.
type transferTx interface {
	ledgerTx
	TransferTarget(ctx context.Context, storeID string) (store.TransferTarget, error)
	NextTransferNum(ctx context.Context, storeID string) (int64, error)
	InsertTransfer(ctx context.Context, t gateway.Transfer, num, start, complete int64) error
}

func (l *ledger) createTransfer(ctx context.Context, from gateway.Store, req gateway.TransferRequest) (gateway.Transfer, error) {
	if err := req.Validate(); err != nil {
		return gateway.Transfer{}, err
	}
	if req.ToStoreID == from.StoreID {
		return gateway.Transfer{}, gateway.FieldError(gateway.ErrCodeTransferNotAllowed, "to_store_id", "to_store_id is the store making the transfer.")
	}
	asset, _ := gateway.LookupAsset(req.AssetID)
	now := l.now()
	t := gateway.Transfer{
		TransferID: newID(), FromStoreID: from.StoreID, FromStoreName: from.Name, ToStoreID: req.ToStoreID,
		IsTest: from.IsTest, Amount: req.Amount.Value, AssetID: asset.AssetID,
		Status: gateway.StatusComplete, StatusName: gateway.StatusName(gateway.StatusComplete),
		CryptoNetwork: asset.CryptoNetwork, CryptoNetworkName: asset.CryptoNetworkName,
		StartDate: gateway.NewTime(now), Description: req.Description,
	}
	completed := gateway.NewTime(now)
	t.CompleteDate = &completed
	proposed := t
	err := l.db.WithTx(ctx, func(tx *store.Tx) error {
		t = proposed // a transaction run again starts afresh
		return l.bookTransfer(ctx, tx, from, req.ToStoreID, now, &t)
	})
	if err != nil {
		return gateway.Transfer{}, err
	}
	return t, nil
}

// bookTransfer checks the target store and the balance, numbers and writes the transfer, and books
// both sides.
func (l *ledger) bookTransfer(ctx context.Context, tx transferTx, from gateway.Store, toStoreID string, now time.Time, t *gateway.Transfer) error {
	to, err := tx.TransferTarget(ctx, toStoreID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && to.OwnerID != from.OwnerID) {
		return gateway.FieldError(gateway.ErrCodeNoStore, "to_store_id", "Store <%s> of to_store_id not found.", toStoreID)
	}
	if err != nil {
		return err
	}
	t.ToStoreName = to.Name
	if to.IsTest != from.IsTest {
		return gateway.FieldError(gateway.ErrCodeTransferNotAllowed, "to_store_id",
			"Transfers go between two test stores or two live stores, not between a test and a live one.")
	}
	if t.FromAccountID, err = tx.AccountOf(ctx, from.StoreID, t.AssetID); err != nil {
		return err
	}
	if t.ToAccountID, err = tx.AccountOf(ctx, toStoreID, t.AssetID); err != nil {
		return err
	}
	if err := l.requireFunds(ctx, tx, "amount", []need{{AccountID: t.FromAccountID, AssetID: t.AssetID, Amount: t.Amount}}); err != nil {
		return err
	}
	num, err := tx.NextTransferNum(ctx, from.StoreID)
	if err != nil {
		return err
	}
	t.TransferNum = strconv.FormatInt(num, 10)
	if err := tx.InsertTransfer(ctx, *t, num, now.Unix(), now.Unix()); err != nil {
		return err
	}
	for _, le := range []store.LedgerEntry{
		{StoreID: from.StoreID, AccountID: t.FromAccountID, AssetID: t.AssetID, Kind: ledgerTransferOut,
			Ref: "transfer-out:" + t.TransferID, ObjectID: t.TransferID, Amount: gateway.Zero.Sub(t.Amount)},
		{StoreID: t.ToStoreID, AccountID: t.ToAccountID, AssetID: t.AssetID, Kind: ledgerTransferIn,
			Ref: "transfer-in:" + t.TransferID, ObjectID: t.TransferID, Amount: t.Amount},
	} {
		if _, err := l.post(ctx, tx, le); err != nil {
			return err
		}
	}
	return nil
}
