package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
)

// The dedicated-address page's side of the engine. Its unguessable id is the payer's capability,
// as a payment's code is for the payment page.

// DedicateView returns a dedicated address with the payments it produced (newest first, at most
// gateway.MaxDedicatePayments) and their transactions, all from one snapshot; ERR_NO_DEDICATE for
// an unknown id.
func (e *Engine) DedicateView(ctx context.Context, id string) (gateway.DedicateView, error) {
	if !gateway.IsUUID(id) {
		return gateway.DedicateView{}, gateway.NoDedicate(id)
	}
	tx, err := e.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return gateway.DedicateView{}, fmt.Errorf("engine: dedicate view: %w", err)
	}
	defer tx.Rollback()
	d, err := loadDedicate(ctx, tx, "", id)
	if err != nil {
		return gateway.DedicateView{}, err
	}
	page, origins, err := storePage(ctx, tx, d.StoreID)
	if err != nil {
		return gateway.DedicateView{}, err
	}
	asset, _ := gateway.LookupAsset(d.AssetID)
	view := gateway.DedicateView{
		DedicateID: d.ID, DedicateType: d.Type, Status: d.Status, StoreName: d.StoreName, IsTest: d.IsTest,
		AssetID: d.AssetID, CryptoNetwork: asset.CryptoNetwork, Address: d.Address,
		FrameAncestors: origins, Page: page, MerchantFields: d.Fields,
		Payments: []gateway.DedicatePayment{},
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM payments WHERE dedicate_id = ? AND store_id = ?
		ORDER BY start_date DESC, num DESC LIMIT ?`, d.ID, d.StoreID, gateway.MaxDedicatePayments)
	if err != nil {
		return gateway.DedicateView{}, fmt.Errorf("engine: dedicate payments: %w", err)
	}
	ids, err := scanStrings(rows)
	if err != nil {
		return gateway.DedicateView{}, fmt.Errorf("engine: dedicate payments: %w", err)
	}
	for _, pid := range ids {
		p, err := loadPayment(ctx, tx, d.StoreID, pid)
		if err != nil {
			return gateway.DedicateView{}, err
		}
		txs, err := loadTxs(ctx, tx, pid)
		if err != nil {
			return gateway.DedicateView{}, err
		}
		dp := gateway.DedicatePayment{Payment: e.toAPI(p), Transactions: make([]gateway.Transaction, 0, len(txs))}
		for _, t := range txs {
			dp.Transactions = append(dp.Transactions, t.toAPI())
		}
		view.Payments = append(view.Payments, dp)
	}
	return view, nil
}

// QuoteDue is what a payer owes in asset `to` for amount of asset `from` at the current rates,
// rounded up at to's precision (never ask for less than the price).
func (e *Engine) QuoteDue(ctx context.Context, amount gateway.Amount, from, to string) (gateway.Amount, error) {
	target, ok := gateway.LookupAsset(to)
	if !ok {
		return gateway.Amount{}, gateway.FieldError(gateway.ErrCodeNoAsset, "asset_id", "Unknown asset %s.", to)
	}
	converted, _, err := e.rates.Convert(amount, from, to)
	if err != nil {
		return gateway.Amount{}, err
	}
	return converted.RoundUp(target.Precision), nil
}

// DedicateTestAction runs a test tool of a test store's dedicated address: TestPayFull sends amount
// to the address (a new payment for USES), TestConfirm and TestConfirmAll mine blocks on its
// network. ERR_NOT_TEST_STORE for live stores; the id is the capability.
func (e *Engine) DedicateTestAction(ctx context.Context, id string, action gateway.TestAction, amount gateway.Amount) error {
	d, err := e.DedicateByID(ctx, id)
	if err != nil {
		return err
	}
	if !d.IsTest {
		return requireTestStore(gateway.Store{})
	}
	store, err := e.StoreByID(ctx, d.StoreID)
	if err != nil {
		return err
	}
	asset, _ := gateway.LookupAsset(d.AssetID)
	switch action {
	case gateway.TestPayFull:
		_, err = e.EmulateDedicateTransaction(ctx, store, d.DedicateID, gateway.AmountInput{Value: amount, Set: true})
	case gateway.TestConfirm, gateway.TestConfirmAll:
		_, err = e.MineBlocks(ctx, store, asset.CryptoNetwork, gateway.IntInput{Value: gateway.BlocksFor(action, asset), Set: true})
	default:
		err = gateway.FieldError(gateway.ErrCodeInvalidField, "action", "Unknown test action.")
	}
	var gerr *gateway.Error
	if err != nil && !errors.As(err, &gerr) {
		return fmt.Errorf("engine: dedicate test action %s: %w", action, err)
	}
	return err
}
