package engine

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
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
	entries, err := e.db.Ledger(ctx, storeID)
	var out []LedgerRowForTest
	for _, le := range entries {
		out = append(out, LedgerRowForTest{AssetID: le.AssetID, Kind: le.Kind, Ref: le.Ref, Amount: le.Amount})
	}
	return out, err
}

// CreditForTest books a credit on a store's account of assetID under ref.
func CreditForTest(ctx context.Context, e *Engine, storeID, assetID, ref string, amount gateway.Amount) error {
	return e.db.WithTx(ctx, func(tx *store.Tx) error {
		account, err := tx.AccountOf(ctx, storeID, assetID)
		if err != nil {
			return err
		}
		_, err = e.ledger.post(ctx, tx, store.LedgerEntry{StoreID: storeID, AccountID: account, AssetID: assetID, Kind: "test_credit",
			Ref: ref, ObjectID: ref, Amount: amount})
		return err
	})
}

// MsgPostponedForTest is the last_error of a webhook postponed by its target's breaker.
const MsgPostponedForTest = msgPostponed
