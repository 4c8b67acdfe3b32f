package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// Webhook events of withdrawals.
const (
	EventWithdrawComplete = "withdraw.complete"
	EventWithdrawCancel   = "withdraw.cancel"
)

// WithdrawNotification is the body of a withdrawal webhook.
type WithdrawNotification struct {
	Type     string           `json:"type"`
	Event    string           `json:"event"`
	Withdraw gateway.Withdraw `json:"withdraw"`
}

// Withdraw returns a store's withdrawal, or ERR_NO_WITHDRAW.
func (e *Engine) Withdraw(ctx context.Context, storeID, id string) (gateway.Withdraw, error) {
	return e.ledger.withdraw(ctx, storeID, id)
}

func (l *ledger) withdraw(ctx context.Context, storeID, id string) (gateway.Withdraw, error) {
	if !gateway.IsUUID(id) {
		return gateway.Withdraw{}, gateway.NoWithdraw(id)
	}
	w, err := l.db.Withdraw(ctx, storeID, id)
	if _, err := found(w, err, func() error { return gateway.NoWithdraw(id) }); err != nil {
		return gateway.Withdraw{}, err
	}
	return withdrawAPI(w), nil
}

// CreateWithdraw withdraws from the store's account (POST /withdraw). The requested amount is
// converted into the withdrawn crypto and rounded down at its precision (never send more than
// asked), checked against the asset's limits, and charged with the asset's network fee on top
// (in the network's coin for tokens). The store's TOTP code, when it requires one, and the
// available balances are checked in the write transaction that books the withdrawal, so parallel
// withdrawals can never overdraw an account.
//
// A test store's withdrawal completes at once (emulated transaction, debited, withdraw.complete).
// A live store's stays OPEN with its amount and fee on hold: the embedded gateway has no chain to
// send it on, so it is cancelled at its end_date (withdraw.cancel) and the hold is released.
func (e *Engine) CreateWithdraw(ctx context.Context, store gateway.Store, req gateway.CreateWithdrawRequest) (gateway.Withdraw, error) {
	return e.ledger.createWithdraw(ctx, store, req)
}

// withdrawTx is what a withdrawal reads and writes in its transaction.
type withdrawTx interface {
	ledgerTx
	webhookTx
	totpTx
	NextWithdrawNum(ctx context.Context, storeID string) (int64, error)
	InsertWithdraw(ctx context.Context, w store.Withdraw) error
	SetWithdrawSent(ctx context.Context, w store.Withdraw) error
	SetWithdrawStatus(ctx context.Context, w store.Withdraw) error
	DueWithdrawals(ctx context.Context, now int64, limit int) ([]store.Withdraw, error)
}

func (l *ledger) createWithdraw(ctx context.Context, st gateway.Store, req gateway.CreateWithdrawRequest) (gateway.Withdraw, error) {
	req.Normalize()
	if err := req.Validate(); err != nil {
		return gateway.Withdraw{}, err
	}
	w, err := l.priceWithdraw(st, req)
	if err != nil {
		return gateway.Withdraw{}, err
	}
	priced := w
	err = l.db.WithTx(ctx, func(tx *store.Tx) error {
		w = priced // a transaction run again starts from the priced withdrawal
		return l.bookWithdraw(ctx, tx, st, req.TOTPCode, &w)
	})
	if err != nil {
		return gateway.Withdraw{}, err
	}
	l.wake()
	return withdrawAPI(w), nil
}

// bookWithdraw checks the store's TOTP code and the balances, numbers and writes the withdrawal,
// and completes it at once for a test store.
func (l *ledger) bookWithdraw(ctx context.Context, tx withdrawTx, st gateway.Store, code string, w *store.Withdraw) error {
	if st.RequireTOTP {
		if err := l.checkTOTP(ctx, tx, st.StoreID, code); err != nil {
			return err
		}
	}
	var err error
	if w.AccountID, err = tx.AccountOf(ctx, st.StoreID, w.AssetID); err != nil {
		return err
	}
	if w.FeeAccountID, err = tx.AccountOf(ctx, st.StoreID, w.FeeAssetID); err != nil {
		return err
	}
	if err := l.requireFunds(ctx, tx, "amount", withdrawNeeds(*w)); err != nil {
		return err
	}
	if w.Num, err = tx.NextWithdrawNum(ctx, st.StoreID); err != nil {
		return err
	}
	if err := tx.InsertWithdraw(ctx, *w); err != nil {
		return err
	}
	if st.IsTest {
		return l.completeWithdraw(ctx, tx, w, time.Unix(w.StartDate, 0))
	}
	return nil
}

// priceWithdraw converts the request into the withdrawn crypto and checks the asset's limits.
func (l *ledger) priceWithdraw(st gateway.Store, req gateway.CreateWithdrawRequest) (store.Withdraw, error) {
	crypto, _ := gateway.LookupAsset(req.WithdrawAssetID)
	converted, quote, err := l.rates.Convert(req.Amount.Value, req.AssetID, crypto.AssetID)
	if err != nil {
		return store.Withdraw{}, err
	}
	amount := converted.RoundDown(crypto.Precision)
	if min := crypto.MinWithdrawalAmount; min != nil && amount.Cmp(gateway.AmountFromDecimal(min.Decimal())) < 0 {
		return store.Withdraw{}, gateway.FieldError(gateway.ErrCodeAmountTooSmall, "amount",
			"amount is %s %s, below the smallest withdrawal of %s %s.", amount, crypto.AssetID, min, crypto.AssetID)
	}
	if max := crypto.MaxWithdrawalAmount; max != nil && amount.Cmp(gateway.AmountFromDecimal(max.Decimal())) > 0 {
		return store.Withdraw{}, gateway.FieldError(gateway.ErrCodeAmountTooLarge, "amount",
			"amount is %s %s, above the largest withdrawal of %s %s.", amount, crypto.AssetID, max, crypto.AssetID)
	}
	fee, feeAsset := gateway.Zero, crypto.AssetID
	if crypto.WithdrawalFee != nil {
		fee, feeAsset = *crypto.WithdrawalFee, crypto.FeeAssetID
	}
	now := l.now()
	timeout := req.Timeout.Value
	window := timeout
	if window <= 0 {
		window = crypto.TimeoutToWdr
	}
	confirms := crypto.Confirmations
	if st.IsTest {
		confirms = 0 // the seed's test withdrawal: nothing to wait for
	}
	return store.Withdraw{
		ID: newID(), StoreID: st.StoreID, StoreName: st.Name, IsTest: st.IsTest,
		Amount: amount, AssetID: crypto.AssetID, Fee: fee, FeeAssetID: feeAsset,
		RequestAmount: req.Amount.Value, RequestAssetID: req.AssetID, Rate: quote.Rate, RateDate: quote.Date.Unix(),
		Address: req.Address, Status: gateway.StatusOpen, Confirms: confirms, Timeout: timeout,
		StartDate: now.Unix(), EndDate: now.Add(time.Duration(window) * time.Minute).Unix(), Fields: req.WithdrawFields,
	}, nil
}

// withdrawNeeds is what the withdrawal takes from each account: the amount, and the fee from the fee
// asset's account (the same one unless the asset is a token).
func withdrawNeeds(w store.Withdraw) []need {
	if w.FeeAccountID == w.AccountID {
		return []need{{AccountID: w.AccountID, AssetID: w.AssetID, Amount: w.Amount.Add(w.Fee),
			What: fmt.Sprintf(" (%s + %s fee)", w.Amount, w.Fee)}}
	}
	return []need{
		{AccountID: w.AccountID, AssetID: w.AssetID, Amount: w.Amount},
		{AccountID: w.FeeAccountID, AssetID: w.FeeAssetID, Amount: w.Fee, What: " for the network fee"},
	}
}

// completeWithdraw sends an OPEN withdrawal (emulated: a transaction hash and nothing to wait for),
// debits the amount and the fee, and queues withdraw.complete.
func (l *ledger) completeWithdraw(ctx context.Context, tx withdrawTx, w *store.Withdraw, at time.Time) error {
	asset, _ := gateway.LookupAsset(w.AssetID)
	w.Status, w.TrxHash = gateway.StatusComplete, fakeHash(asset.CryptoNetwork)
	w.CompleteDate = unixPtr(at)
	if err := tx.SetWithdrawSent(ctx, *w); err != nil {
		return err
	}
	entries := []store.LedgerEntry{{StoreID: w.StoreID, AccountID: w.AccountID, AssetID: w.AssetID, Kind: ledgerWithdraw,
		Ref: "withdraw:" + w.ID, ObjectID: w.ID, Amount: gateway.Zero.Sub(w.Amount)}}
	if w.Fee.IsPositive() {
		entries = append(entries, store.LedgerEntry{StoreID: w.StoreID, AccountID: w.FeeAccountID, AssetID: w.FeeAssetID,
			Kind: ledgerWithdrawFee, Ref: "withdraw-fee:" + w.ID, ObjectID: w.ID, Amount: gateway.Zero.Sub(w.Fee)})
	}
	for _, le := range entries {
		if _, err := l.post(ctx, tx, le); err != nil {
			return err
		}
	}
	return l.queueWithdrawWebhook(ctx, tx, *w, EventWithdrawComplete)
}

// cancelWithdraw gives up an OPEN withdrawal: its hold is released (nothing was debited).
func (l *ledger) cancelWithdraw(ctx context.Context, tx withdrawTx, w *store.Withdraw, at time.Time) error {
	w.Status = gateway.StatusCancel
	w.CompleteDate = unixPtr(at)
	if err := tx.SetWithdrawStatus(ctx, *w); err != nil {
		return err
	}
	return l.queueWithdrawWebhook(ctx, tx, *w, EventWithdrawCancel)
}

// expireWithdrawals cancels the live stores' withdrawals still OPEN past their end date, a batch
// at a time, releasing their holds. It returns how many it cancelled.
func (l *ledger) expireWithdrawals(ctx context.Context, tx withdrawTx, now time.Time) (int, error) {
	due, err := tx.DueWithdrawals(ctx, now.Unix(), expiryBatch)
	if err != nil {
		return 0, err
	}
	for i := range due {
		if err := l.cancelWithdraw(ctx, tx, &due[i], now); err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

func (l *ledger) queueWithdrawWebhook(ctx context.Context, tx withdrawTx, w store.Withdraw, event string) error {
	return l.webhooks.queueWebhook(ctx, tx, w.StoreID, w.ID, event, w.Fields.WebhookURL,
		WithdrawNotification{Type: "notification", Event: event, Withdraw: withdrawAPI(w)})
}
