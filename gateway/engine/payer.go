package engine

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
)

// The payer pages' side of the engine. A payer holds a payment's id and its code (the capability
// in payment_url) and nothing else: no API credentials.

// PaymentView returns a payment with its transactions and its store's embedding origins, for a
// payer holding its code. An unknown id and a wrong code give the same ERR_NO_PAYMENT after the same
// work: one read of the code column by one statement, one constant-time comparison (against a dummy
// code when there is no payment). The payment itself is read only for the right code, so neither
// the answer nor its time tells whether an id exists.
func (e *Engine) PaymentView(ctx context.Context, id, code string) (gateway.PaymentView, error) {
	if !gateway.IsUUID(id) {
		codeMatches(code, dummyCode)
		return gateway.PaymentView{}, gateway.NoPayment(id)
	}
	// One read transaction: the payment and its transactions come from the same snapshot, so the
	// totals always agree with the listed transactions.
	tx, err := e.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return gateway.PaymentView{}, fmt.Errorf("engine: payment view: %w", err)
	}
	defer tx.Rollback()
	stored, found := dummyCode, true
	switch err := e.db.reader(tx).QueryRowContext(ctx, qPaymentCode, id).Scan(&stored); {
	case errors.Is(err, sql.ErrNoRows):
		stored, found = dummyCode, false
	case err != nil:
		return gateway.PaymentView{}, fmt.Errorf("engine: payment view: %w", err)
	}
	if !codeMatches(code, stored) || !found {
		return gateway.PaymentView{}, gateway.NoPayment(id)
	}
	p, err := loadPayment(ctx, e.db.reader(tx), "", id)
	if err != nil {
		return gateway.PaymentView{}, err
	}
	txs, err := loadTxs(ctx, e.db.reader(tx), id)
	if err != nil {
		return gateway.PaymentView{}, err
	}
	page, origins, err := storePage(ctx, e.db.reader(tx), p.StoreID)
	if err != nil {
		return gateway.PaymentView{}, err
	}
	view := gateway.PaymentView{
		Payment:        e.toAPI(p),
		Transactions:   make([]gateway.Transaction, 0, len(txs)),
		FrameAncestors: origins,
		Page:           page,
	}
	for _, t := range txs {
		view.Transactions = append(view.Transactions, t.toAPI())
	}
	return view, nil
}

// qPaymentCode reads only what a payer's code is checked against.
const qPaymentCode = `SELECT code FROM payments WHERE id = ?`

// dummyCode stands in for the stored code when there is no payment, so a miss costs a comparison
// too; it has the length of every real code (ConstantTimeCompare returns early on a length mismatch).
var dummyCode = randomToken(16)

// codeMatches compares a presented payment code with the stored one in constant time.
func codeMatches(presented, stored string) bool {
	return subtle.ConstantTimeCompare([]byte(presented), []byte(stored)) == 1
}

// Subscribe returns a signal for every committed change of topic (live.PaymentTopic and
// live.DedicateTopic) and the function that ends the subscription. Without a hub nothing is
// ever signalled.
func (e *Engine) Subscribe(topic string) (<-chan struct{}, func()) {
	if e.hub == nil {
		return make(chan struct{}), func() {}
	}
	return e.hub.Subscribe(topic)
}

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
