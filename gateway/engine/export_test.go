package engine

import (
	"context"
	"database/sql"

	"github.com/cryptocheckout/checkout/gateway"
)

// Hooks for the external engine_test package: reading the ledger, and crediting an account
// directly where no emulated receipt can (live stores).

// LedgerRowForTest is one ledger row.
type LedgerRowForTest struct {
	AssetID, Kind, Ref string
	Amount             gateway.Amount
}

// LedgerForTest lists a store's ledger in booking order.
func LedgerForTest(ctx context.Context, e *Engine, storeID string) ([]LedgerRowForTest, error) {
	rows, err := e.db.read.QueryContext(ctx, `SELECT asset_id, kind, ref, amount FROM ledger WHERE store_id = ? ORDER BY id`, storeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LedgerRowForTest
	for rows.Next() {
		var r LedgerRowForTest
		if err := rows.Scan(&r.AssetID, &r.Kind, &r.Ref, &r.Amount); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CreditForTest books a credit on a store's account of assetID under ref.
func CreditForTest(ctx context.Context, e *Engine, storeID, assetID, ref string, amount gateway.Amount) error {
	return e.db.inTx(ctx, func(tx *sql.Tx) error {
		account, err := accountOf(ctx, tx, storeID, assetID)
		if err != nil {
			return err
		}
		_, err = e.post(ctx, tx, ledgerEntry{StoreID: storeID, AccountID: account, AssetID: assetID, Kind: "test_credit",
			Ref: ref, ObjectID: ref, Amount: amount})
		return err
	})
}

// MsgPostponedForTest is the last_error of a webhook postponed by its target's breaker.
const MsgPostponedForTest = msgPostponed

// WriterSynchronousForTest reads the writer connection's PRAGMA synchronous (1 NORMAL, 2 FULL).
func WriterSynchronousForTest(ctx context.Context, e *Engine) (int, error) {
	var v int
	err := e.db.write.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&v)
	return v, err
}
