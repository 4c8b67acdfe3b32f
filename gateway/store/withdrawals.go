package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
)

// Withdraw is a withdrawals row joined with its store's name and kind.
type Withdraw struct {
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
	CompleteDate           *int64 // nil while OPEN
	TrxHash                string
	Fields                 gateway.WithdrawFields
}

const withdrawColumns = `w.id, w.store_id, s.name, s.is_test, w.num, w.account_id, w.amount, w.asset_id, w.fee_account_id,
	w.fee, w.fee_asset_id, w.request_amount, w.request_asset_id, w.rate, w.rate_date, w.address, w.status, w.confirms,
	w.timeout, w.start_date, w.end_date, w.complete_date, w.trx_hash, w.fields`

const withdrawFrom = ` FROM withdrawals w JOIN stores s ON s.id = w.store_id `

func scanWithdraw(r rowScanner) (Withdraw, error) {
	var w Withdraw
	var fields string
	err := r.Scan(&w.ID, &w.StoreID, &w.StoreName, &w.IsTest, &w.Num, &w.AccountID, &w.Amount, &w.AssetID, &w.FeeAccountID,
		&w.Fee, &w.FeeAssetID, &w.RequestAmount, &w.RequestAssetID, &w.Rate, &w.RateDate, &w.Address, &w.Status, &w.Confirms,
		&w.Timeout, &w.StartDate, &w.EndDate, &w.CompleteDate, &w.TrxHash, &fields)
	if err != nil {
		return w, err
	}
	if err := json.Unmarshal([]byte(fields), &w.Fields); err != nil {
		return w, fmt.Errorf("store: withdrawal %s fields: %w", w.ID, err)
	}
	return w, nil
}

// Withdraw reads one withdrawal of a store.
func (r reads) Withdraw(ctx context.Context, storeID, id string) (Withdraw, error) {
	w, err := scanWithdraw(r.q.QueryRowContext(ctx, `SELECT `+withdrawColumns+withdrawFrom+` WHERE w.id = ? AND w.store_id = ?`, id, storeID))
	return w, checked(err, "withdrawal")
}

// NextWithdrawNum takes the store's next withdrawal number.
func (t *Tx) NextWithdrawNum(ctx context.Context, storeID string) (int64, error) {
	return t.nextNum(ctx, `UPDATE stores SET withdraw_seq = withdraw_seq + 1 WHERE id = ? RETURNING withdraw_seq`,
		storeID, "withdrawal number")
}

// InsertWithdraw writes a new withdrawal.
func (t *Tx) InsertWithdraw(ctx context.Context, w Withdraw) error {
	fields, err := json.Marshal(w.Fields)
	if err != nil {
		return fmt.Errorf("store: withdrawal fields: %w", err)
	}
	_, err = t.exec(ctx, `INSERT INTO withdrawals (id, store_id, num, account_id, amount, asset_id, fee_account_id, fee,
		fee_asset_id, request_amount, request_asset_id, rate, rate_date, address, status, confirms, timeout, start_date, end_date,
		fields) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		w.ID, w.StoreID, w.Num, w.AccountID, w.Amount, w.AssetID, w.FeeAccountID, w.Fee, w.FeeAssetID, w.RequestAmount,
		w.RequestAssetID, w.Rate, w.RateDate, w.Address, w.Status, w.Confirms, w.Timeout, w.StartDate, w.EndDate, string(fields))
	return checked(err, "insert withdrawal")
}

// SetWithdrawSent writes a sent withdrawal's status, transaction hash and completion date.
func (t *Tx) SetWithdrawSent(ctx context.Context, w Withdraw) error {
	_, err := t.exec(ctx, `UPDATE withdrawals SET status = ?, trx_hash = ?, complete_date = ? WHERE id = ?`,
		w.Status, w.TrxHash, w.CompleteDate, w.ID)
	return checked(err, "complete withdrawal")
}

// SetWithdrawStatus writes a withdrawal's status and completion date.
func (t *Tx) SetWithdrawStatus(ctx context.Context, w Withdraw) error {
	_, err := t.exec(ctx, `UPDATE withdrawals SET status = ?, complete_date = ? WHERE id = ?`, w.Status, w.CompleteDate, w.ID)
	return checked(err, "cancel withdrawal")
}

// DueWithdrawals claims up to limit OPEN withdrawals whose end date is at or before now, earliest
// first; on PostgreSQL those another process is deciding are passed over.
func (t *Tx) DueWithdrawals(ctx context.Context, now int64, limit int) ([]Withdraw, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT `+withdrawColumns+withdrawFrom+` WHERE w.status = 'OPEN' AND w.end_date <= ?
			ORDER BY w.end_date LIMIT ?`+t.db.skipLocked("w"), now, limit)
	return scanAll(rows, err, "due withdrawals", scanWithdraw)
}

// TOTPState reads a store's TOTP secret and the last time step a code was accepted for.
func (t *Tx) TOTPState(ctx context.Context, storeID string) (secret string, lastStep int64, err error) {
	err = t.q.QueryRowContext(ctx, `SELECT totp_secret, totp_last_step FROM stores WHERE id = ?`, storeID).Scan(&secret, &lastStep)
	return secret, lastStep, checked(err, "totp secret")
}

// SetTOTPStep remembers the time step of the store's last accepted TOTP code.
func (t *Tx) SetTOTPStep(ctx context.Context, storeID string, step int64) error {
	_, err := t.exec(ctx, `UPDATE stores SET totp_last_step = ? WHERE id = ?`, step, storeID)
	return checked(err, "totp step")
}
