package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/cryptocheckout/checkout/gateway"
)

// Payment is a payments row joined with its store's name and kind.
type Payment struct {
	ID, StoreID, StoreName        string
	IsTest                        bool
	Num                           int64
	Code, PaymentType             string
	Amount                        gateway.Amount
	AssetID                       string
	PaymentAmount                 gateway.Amount
	PaymentAssetID                string
	MinComplete                   gateway.Amount
	Rate                          gateway.Rate
	RateDate                      int64
	Status                        string
	AccountID, AddressID, Address string
	Timeout                       int
	StartDate, EndDate            int64
	CompleteDate                  *int64 // nil until COMPLETE
	IPAmount, ConfirmedAmount     gateway.Amount
	LastTrxHash, DedicateID       string
	FiatProvider, FiatAssetID     string
	Fields                        gateway.MerchantFields
}

const paymentColumns = `p.id, p.store_id, s.name, s.is_test, p.num, p.code, p.payment_type, p.amount, p.asset_id,
	p.payment_amount, p.payment_asset_id, p.min_complete, p.rate, p.rate_date, p.status, p.account_id, p.address_id,
	p.address, p.timeout, p.start_date, p.end_date, p.complete_date, p.ip_amount, p.confirmed_amount, p.last_trx_hash,
	p.dedicate_id, p.fiat_provider, p.fiat_asset_id, p.fields`

const paymentFrom = ` FROM payments p JOIN stores s ON s.id = p.store_id `

const (
	qPayment      = `SELECT ` + paymentColumns + paymentFrom + ` WHERE p.id = ?`
	qStorePayment = qPayment + ` AND p.store_id = ?`
	// qPaymentCode reads only what a payer's code is checked against.
	qPaymentCode    = `SELECT code FROM payments WHERE id = ?`
	qNextPaymentNum = `UPDATE stores SET payment_seq = payment_seq + 1 WHERE id = ? RETURNING payment_seq`
	qInsertPayment  = `INSERT INTO payments (id, store_id, num, code, payment_type, amount, asset_id, payment_amount,
		payment_asset_id, min_complete, rate, rate_date, status, account_id, address_id, address, timeout, start_date, end_date,
		dedicate_id, fiat_provider, fiat_asset_id, fields) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`
)

func scanPayment(r rowScanner) (Payment, error) {
	var p Payment
	var fields string
	err := r.Scan(&p.ID, &p.StoreID, &p.StoreName, &p.IsTest, &p.Num, &p.Code, &p.PaymentType, &p.Amount, &p.AssetID,
		&p.PaymentAmount, &p.PaymentAssetID, &p.MinComplete, &p.Rate, &p.RateDate, &p.Status, &p.AccountID, &p.AddressID,
		&p.Address, &p.Timeout, &p.StartDate, &p.EndDate, &p.CompleteDate, &p.IPAmount, &p.ConfirmedAmount, &p.LastTrxHash,
		&p.DedicateID, &p.FiatProvider, &p.FiatAssetID, &fields)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(fields), &p.Fields); err != nil {
		return p, fmt.Errorf("store: payment %s fields: %w", p.ID, err)
	}
	return p, nil
}

// Payment reads one payment of a store ("" = of any store).
func (r reads) Payment(ctx context.Context, storeID, id string) (Payment, error) {
	query, args := qPayment, []any{id}
	if storeID != "" {
		query, args = qStorePayment, append(args, storeID)
	}
	p, err := scanPayment(r.q.QueryRowContext(ctx, query, args...))
	return p, checked(err, "payment")
}

// PaymentCode reads a payment's code.
func (r reads) PaymentCode(ctx context.Context, id string) (string, error) {
	code, err := scanString(r.q.QueryRowContext(ctx, qPaymentCode, id))
	return code, checked(err, "payment code")
}

// PaymentQuery selects a store's payments started in [Since, Before), optionally of one status,
// asset (paid or priced in) and dedicated address.
type PaymentQuery struct {
	StoreID                     string
	Since, Before               int64
	Status, AssetID, DedicateID string
	Limit                       int
}

// Payments reads the payments of q, oldest first.
func (r reads) Payments(ctx context.Context, q PaymentQuery) ([]Payment, error) {
	query := `SELECT ` + paymentColumns + paymentFrom + ` WHERE p.store_id = ? AND p.start_date >= ? AND p.start_date < ?`
	args := []any{q.StoreID, q.Since, q.Before}
	if q.Status != "" {
		query += ` AND p.status = ?`
		args = append(args, q.Status)
	}
	if q.AssetID != "" {
		query += ` AND (p.payment_asset_id = ? OR p.asset_id = ?)`
		args = append(args, q.AssetID, q.AssetID)
	}
	if q.DedicateID != "" {
		query += ` AND p.dedicate_id = ?`
		args = append(args, q.DedicateID)
	}
	query += ` ORDER BY p.start_date, p.num LIMIT ` + strconv.Itoa(q.Limit)
	rows, err := r.q.QueryContext(ctx, query, args...)
	return scanAll(rows, err, "payments", scanPayment)
}

// LockPayment locks a payment's row for the rest of the transaction (PostgreSQL).
func (t *Tx) LockPayment(ctx context.Context, id string) error { return t.lockRow(ctx, "payments", id) }

// NextPaymentNum takes the store's next payment number.
func (t *Tx) NextPaymentNum(ctx context.Context, storeID string) (int64, error) {
	return t.nextNum(ctx, qNextPaymentNum, storeID, "payment number")
}

// InsertPayment writes a new payment.
func (t *Tx) InsertPayment(ctx context.Context, p Payment) error {
	fields, err := json.Marshal(p.Fields)
	if err != nil {
		return fmt.Errorf("store: payment fields: %w", err)
	}
	_, err = t.exec(ctx, qInsertPayment,
		p.ID, p.StoreID, p.Num, p.Code, p.PaymentType, p.Amount, p.AssetID, p.PaymentAmount, p.PaymentAssetID, p.MinComplete,
		p.Rate, p.RateDate, p.Status, p.AccountID, p.AddressID, p.Address, p.Timeout, p.StartDate, p.EndDate,
		p.DedicateID, p.FiatProvider, p.FiatAssetID, string(fields))
	return checked(err, "insert payment")
}

// UpdatePaymentState writes what a payment's transactions decided: status, totals, last hash and
// completion date.
func (t *Tx) UpdatePaymentState(ctx context.Context, p Payment) error {
	_, err := t.exec(ctx, `UPDATE payments SET status = ?, ip_amount = ?, confirmed_amount = ?, last_trx_hash = ?,
		complete_date = ? WHERE id = ?`, p.Status, p.IPAmount, p.ConfirmedAmount, p.LastTrxHash, p.CompleteDate, p.ID)
	return checked(err, "update payment")
}

// SetPaymentEndDate moves a payment's end date.
func (t *Tx) SetPaymentEndDate(ctx context.Context, id string, end int64) error {
	_, err := t.exec(ctx, `UPDATE payments SET end_date = ? WHERE id = ?`, end, id)
	return checked(err, "expire")
}

// DuePayments claims up to limit OPEN payments whose end date is at or before now, earliest first;
// on PostgreSQL those another process is deciding are passed over.
func (t *Tx) DuePayments(ctx context.Context, now int64, limit int) ([]string, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT id FROM payments WHERE status = 'OPEN' AND end_date <= ? ORDER BY end_date LIMIT ?`+
		t.db.skipLocked(), now, limit)
	return scanAll(rows, err, "due payments", scanString)
}
