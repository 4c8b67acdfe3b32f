package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
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

// withdrawRecord is a withdrawals row joined with its store's name and kind.
type withdrawRecord struct {
	ID, StoreID, StoreName string
	IsTest                 bool
	Num                    int64
	AccountID              string
	Amount                 gateway.Amount
	AssetID                string
	FeeAccountID           string
	Fee                    gateway.Amount
	FeeAssetID             string
	RequestAmount          gateway.Amount
	RequestAssetID         string
	Rate                   gateway.Rate
	RateDate               int64
	Address, Status        string
	Confirms, Timeout      int
	StartDate, EndDate     int64
	CompleteDate           sql.NullInt64
	TrxHash                string
	Fields                 gateway.WithdrawFields
}

const withdrawColumns = `w.id, w.store_id, s.name, s.is_test, w.num, w.account_id, w.amount, w.asset_id, w.fee_account_id,
	w.fee, w.fee_asset_id, w.request_amount, w.request_asset_id, w.rate, w.rate_date, w.address, w.status, w.confirms,
	w.timeout, w.start_date, w.end_date, w.complete_date, w.trx_hash, w.fields`

const withdrawFrom = ` FROM withdrawals w JOIN stores s ON s.id = w.store_id `

func scanWithdraw(r rowScanner) (withdrawRecord, error) {
	var w withdrawRecord
	var fields string
	err := r.Scan(&w.ID, &w.StoreID, &w.StoreName, &w.IsTest, &w.Num, &w.AccountID, &w.Amount, &w.AssetID, &w.FeeAccountID,
		&w.Fee, &w.FeeAssetID, &w.RequestAmount, &w.RequestAssetID, &w.Rate, &w.RateDate, &w.Address, &w.Status, &w.Confirms,
		&w.Timeout, &w.StartDate, &w.EndDate, &w.CompleteDate, &w.TrxHash, &fields)
	if err != nil {
		return w, err
	}
	if err := json.Unmarshal([]byte(fields), &w.Fields); err != nil {
		return w, fmt.Errorf("engine: withdrawal %s fields: %w", w.ID, err)
	}
	return w, nil
}

func (w withdrawRecord) toAPI() gateway.Withdraw {
	asset, _ := gateway.LookupAsset(w.AssetID)
	out := gateway.Withdraw{
		WithdrawID:        w.ID,
		StoreID:           w.StoreID,
		AccountID:         w.AccountID,
		WithdrawNum:       strconv.FormatInt(w.Num, 10),
		StoreName:         w.StoreName,
		IsTest:            w.IsTest,
		Amount:            w.Amount,
		AssetID:           w.AssetID,
		Fee:               w.Fee,
		FeeAssetID:        w.FeeAssetID,
		CryptoNetwork:     asset.CryptoNetwork,
		CryptoNetworkName: asset.CryptoNetworkName,
		Status:            w.Status,
		StatusName:        gateway.StatusName(w.Status),
		Address:           w.Address,
		Confirms:          w.Confirms,
		StartDate:         unixTime(w.StartDate),
		EndDate:           unixTime(w.EndDate),
		WithdrawFields:    w.Fields,
		Timeout:           w.Timeout,
		RequestAmount:     w.RequestAmount,
		RequestAssetID:    w.RequestAssetID,
		Rate:              w.Rate,
		RateDate:          unixTime(w.RateDate),
		TrxHash:           w.TrxHash,
		TransactionLink:   asset.TransactionURL(w.TrxHash),
	}
	if w.CompleteDate.Valid {
		t := unixTime(w.CompleteDate.Int64)
		out.CompleteDate = &t
	}
	return out
}

func loadWithdraw(ctx context.Context, q querier, storeID, id string) (withdrawRecord, error) {
	w, err := scanWithdraw(q.QueryRowContext(ctx, `SELECT `+withdrawColumns+withdrawFrom+` WHERE w.id = ? AND w.store_id = ?`, id, storeID))
	return found(w, err, "withdrawal", func() error { return gateway.NoWithdraw(id) })
}

// Withdraw returns a store's withdrawal, or ERR_NO_WITHDRAW.
func (e *Engine) Withdraw(ctx context.Context, storeID, id string) (gateway.Withdraw, error) {
	if !gateway.IsUUID(id) {
		return gateway.Withdraw{}, gateway.NoWithdraw(id)
	}
	w, err := loadWithdraw(ctx, e.db.read, storeID, id)
	if err != nil {
		return gateway.Withdraw{}, err
	}
	return w.toAPI(), nil
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
	req.Normalize()
	if err := req.Validate(); err != nil {
		return gateway.Withdraw{}, err
	}
	w, err := e.priceWithdraw(store, req)
	if err != nil {
		return gateway.Withdraw{}, err
	}
	err = e.db.inTx(ctx, func(tx *sql.Tx) error {
		if store.RequireTOTP {
			if err := e.checkTOTP(ctx, tx, store.StoreID, req.TOTPCode); err != nil {
				return err
			}
		}
		var err error
		if w.AccountID, err = accountOf(ctx, tx, store.StoreID, w.AssetID); err != nil {
			return err
		}
		if w.FeeAccountID, err = accountOf(ctx, tx, store.StoreID, w.FeeAssetID); err != nil {
			return err
		}
		if err := e.requireFunds(ctx, tx, "amount", w.needs()); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `UPDATE stores SET withdraw_seq = withdraw_seq + 1 WHERE id = ? RETURNING withdraw_seq`,
			store.StoreID).Scan(&w.Num); err != nil {
			return fmt.Errorf("engine: withdrawal number: %w", err)
		}
		if err := insertWithdraw(ctx, tx, w); err != nil {
			return err
		}
		if store.IsTest {
			return e.completeWithdraw(ctx, tx, &w, time.Unix(w.StartDate, 0))
		}
		return nil
	})
	if err != nil {
		return gateway.Withdraw{}, err
	}
	e.wakeDeliverer()
	return w.toAPI(), nil
}

// priceWithdraw converts the request into the withdrawn crypto and checks the asset's limits.
func (e *Engine) priceWithdraw(store gateway.Store, req gateway.CreateWithdrawRequest) (withdrawRecord, error) {
	crypto, _ := gateway.LookupAsset(req.WithdrawAssetID)
	converted, quote, err := e.rates.Convert(req.Amount.Value, req.AssetID, crypto.AssetID)
	if err != nil {
		return withdrawRecord{}, err
	}
	amount := converted.RoundDown(crypto.Precision)
	if min := crypto.MinWithdrawalAmount; min != nil && amount.Cmp(gateway.AmountFromDecimal(min.Decimal())) < 0 {
		return withdrawRecord{}, gateway.FieldError(gateway.ErrCodeAmountTooSmall, "amount",
			"amount is %s %s, below the smallest withdrawal of %s %s.", amount, crypto.AssetID, min, crypto.AssetID)
	}
	if max := crypto.MaxWithdrawalAmount; max != nil && amount.Cmp(gateway.AmountFromDecimal(max.Decimal())) > 0 {
		return withdrawRecord{}, gateway.FieldError(gateway.ErrCodeAmountTooLarge, "amount",
			"amount is %s %s, above the largest withdrawal of %s %s.", amount, crypto.AssetID, max, crypto.AssetID)
	}
	fee, feeAsset := gateway.Zero, crypto.AssetID
	if crypto.WithdrawalFee != nil {
		fee, feeAsset = *crypto.WithdrawalFee, crypto.FeeAssetID
	}
	now := e.now()
	timeout := req.Timeout.Value
	window := timeout
	if window <= 0 {
		window = crypto.TimeoutToWdr
	}
	confirms := crypto.Confirmations
	if store.IsTest {
		confirms = 0 // the seed's test withdrawal: nothing to wait for
	}
	return withdrawRecord{
		ID: newID(), StoreID: store.StoreID, StoreName: store.Name, IsTest: store.IsTest,
		Amount: amount, AssetID: crypto.AssetID, Fee: fee, FeeAssetID: feeAsset,
		RequestAmount: req.Amount.Value, RequestAssetID: req.AssetID, Rate: quote.Rate, RateDate: quote.Date.Unix(),
		Address: req.Address, Status: gateway.StatusOpen, Confirms: confirms, Timeout: timeout,
		StartDate: now.Unix(), EndDate: now.Add(time.Duration(window) * time.Minute).Unix(), Fields: req.WithdrawFields,
	}, nil
}

// needs is what the withdrawal takes from each account: the amount, and the fee from the fee
// asset's account (the same one unless the asset is a token).
func (w withdrawRecord) needs() []need {
	if w.FeeAccountID == w.AccountID {
		return []need{{AccountID: w.AccountID, AssetID: w.AssetID, Amount: w.Amount.Add(w.Fee),
			What: fmt.Sprintf(" (%s + %s fee)", w.Amount, w.Fee)}}
	}
	return []need{
		{AccountID: w.AccountID, AssetID: w.AssetID, Amount: w.Amount},
		{AccountID: w.FeeAccountID, AssetID: w.FeeAssetID, Amount: w.Fee, What: " for the network fee"},
	}
}

func insertWithdraw(ctx context.Context, tx *sql.Tx, w withdrawRecord) error {
	fields, err := json.Marshal(w.Fields)
	if err != nil {
		return fmt.Errorf("engine: withdrawal fields: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO withdrawals (id, store_id, num, account_id, amount, asset_id, fee_account_id, fee,
		fee_asset_id, request_amount, request_asset_id, rate, rate_date, address, status, confirms, timeout, start_date, end_date,
		fields) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		w.ID, w.StoreID, w.Num, w.AccountID, w.Amount, w.AssetID, w.FeeAccountID, w.Fee, w.FeeAssetID, w.RequestAmount,
		w.RequestAssetID, w.Rate, w.RateDate, w.Address, w.Status, w.Confirms, w.Timeout, w.StartDate, w.EndDate, string(fields))
	if err != nil {
		return fmt.Errorf("engine: insert withdrawal: %w", err)
	}
	return nil
}

// completeWithdraw sends an OPEN withdrawal (emulated: a transaction hash and nothing to wait for),
// debits the amount and the fee, and queues withdraw.complete.
func (e *Engine) completeWithdraw(ctx context.Context, tx *sql.Tx, w *withdrawRecord, at time.Time) error {
	asset, _ := gateway.LookupAsset(w.AssetID)
	w.Status, w.TrxHash = gateway.StatusComplete, fakeHash(asset.CryptoNetwork)
	w.CompleteDate = sql.NullInt64{Int64: at.Unix(), Valid: true}
	if _, err := tx.ExecContext(ctx, `UPDATE withdrawals SET status = ?, trx_hash = ?, complete_date = ? WHERE id = ?`,
		w.Status, w.TrxHash, w.CompleteDate, w.ID); err != nil {
		return fmt.Errorf("engine: complete withdrawal: %w", err)
	}
	entries := []ledgerEntry{{StoreID: w.StoreID, AccountID: w.AccountID, AssetID: w.AssetID, Kind: ledgerWithdraw,
		Ref: "withdraw:" + w.ID, ObjectID: w.ID, Amount: gateway.Zero.Sub(w.Amount)}}
	if w.Fee.IsPositive() {
		entries = append(entries, ledgerEntry{StoreID: w.StoreID, AccountID: w.FeeAccountID, AssetID: w.FeeAssetID,
			Kind: ledgerWithdrawFee, Ref: "withdraw-fee:" + w.ID, ObjectID: w.ID, Amount: gateway.Zero.Sub(w.Fee)})
	}
	for _, le := range entries {
		if _, err := e.post(ctx, tx, le); err != nil {
			return err
		}
	}
	return e.queueWithdrawWebhook(ctx, tx, *w, EventWithdrawComplete)
}

// cancelWithdraw gives up an OPEN withdrawal: its hold is released (nothing was debited).
func (e *Engine) cancelWithdraw(ctx context.Context, tx *sql.Tx, w *withdrawRecord, at time.Time) error {
	w.Status = gateway.StatusCancel
	w.CompleteDate = sql.NullInt64{Int64: at.Unix(), Valid: true}
	if _, err := tx.ExecContext(ctx, `UPDATE withdrawals SET status = ?, complete_date = ? WHERE id = ?`,
		w.Status, w.CompleteDate, w.ID); err != nil {
		return fmt.Errorf("engine: cancel withdrawal: %w", err)
	}
	return e.queueWithdrawWebhook(ctx, tx, *w, EventWithdrawCancel)
}

func (e *Engine) queueWithdrawWebhook(ctx context.Context, tx *sql.Tx, w withdrawRecord, event string) error {
	return e.queueWebhook(ctx, tx, w.StoreID, w.ID, event, w.Fields.WebhookURL,
		WithdrawNotification{Type: "notification", Event: event, Withdraw: w.toAPI()})
}
