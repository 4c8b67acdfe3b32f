package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
)

// The payer pages' test tools: a payer holding a payment's code, or a dedicated address's id, runs
// the emulation on a test store's object.

// PaymentTestAction runs one of the payment page's test tools for a payer holding the payment's
// code. Only test stores have them: for a live store the answer is ERR_NOT_TEST_STORE.
// Confirmations are added by mining blocks on the payment's network, so, as on a real chain, every
// still-confirming transaction of the store on that network gains them.
func (e *Engine) PaymentTestAction(ctx context.Context, id, code string, action gateway.TestAction) error {
	view, err := e.PaymentView(ctx, id, code)
	if err != nil {
		return err
	}
	p := view.Payment
	if !p.IsTest {
		return requireTestStore(gateway.Store{})
	}
	store, err := e.StoreByID(ctx, p.StoreID)
	if err != nil {
		return err
	}
	asset, _ := gateway.LookupAsset(p.PaymentAssetID)
	switch action {
	case gateway.TestPayFull, gateway.TestPayPart:
		amount := gateway.AmountInput{Value: gateway.EmulatedAmount(p, action), Set: true}
		_, err = e.EmulatePaymentTransaction(ctx, store, p.PaymentID, amount)
	case gateway.TestConfirm, gateway.TestConfirmAll:
		_, err = e.MineBlocks(ctx, store, asset.CryptoNetwork, gateway.IntInput{Value: gateway.BlocksFor(action, asset), Set: true})
	case gateway.TestExpire:
		_, err = e.ExpireTestPayment(ctx, store, p.PaymentID)
	default:
		err = gateway.FieldError(gateway.ErrCodeInvalidField, "action", "Unknown test action.")
	}
	var gerr *gateway.Error
	if err != nil && !errors.As(err, &gerr) {
		return fmt.Errorf("engine: test action %s: %w", action, err)
	}
	return err
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
