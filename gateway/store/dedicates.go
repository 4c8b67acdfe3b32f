package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
)

// Dedicate is a dedicates row joined with its store's name and kind.
type Dedicate struct {
	ID, StoreID, StoreName string
	IsTest                 bool
	Num                    int64
	Type, AssetID          string
	AccountID, AddressID   string
	Address, Alloc, Status string
	StartDate, EndDate     int64
	CompleteDate           *int64 // nil while OPEN
	Fields                 gateway.MerchantFields
}

const dedicateColumns = `d.id, d.store_id, s.name, s.is_test, d.num, d.dedicate_type, d.asset_id, d.account_id, d.address_id,
	d.address, d.address_alloc, d.status, d.start_date, d.end_date, d.complete_date, d.fields`

const dedicateFrom = ` FROM dedicates d JOIN stores s ON s.id = d.store_id `

func scanDedicate(r rowScanner) (Dedicate, error) {
	var d Dedicate
	var fields string
	err := r.Scan(&d.ID, &d.StoreID, &d.StoreName, &d.IsTest, &d.Num, &d.Type, &d.AssetID, &d.AccountID, &d.AddressID,
		&d.Address, &d.Alloc, &d.Status, &d.StartDate, &d.EndDate, &d.CompleteDate, &fields)
	if err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(fields), &d.Fields); err != nil {
		return d, fmt.Errorf("store: dedicate %s fields: %w", d.ID, err)
	}
	return d, nil
}

// Dedicate reads one dedicated address of a store ("" = of any store).
func (r reads) Dedicate(ctx context.Context, storeID, id string) (Dedicate, error) {
	query := `SELECT ` + dedicateColumns + dedicateFrom + ` WHERE d.id = ?`
	args := []any{id}
	if storeID != "" {
		query += ` AND d.store_id = ?`
		args = append(args, storeID)
	}
	d, err := scanDedicate(r.q.QueryRowContext(ctx, query, args...))
	return d, checked(err, "dedicate")
}

// DedicatePayments reads the ids of the payments a dedicated address produced, newest first.
func (r reads) DedicatePayments(ctx context.Context, storeID, dedicateID string, limit int) ([]string, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT id FROM payments WHERE dedicate_id = ? AND store_id = ?
		ORDER BY start_date DESC, num DESC LIMIT ?`, dedicateID, storeID, limit)
	return scanAll(rows, err, "dedicate payments", scanString)
}

// LockDedicate locks a dedicated address's row for the rest of the transaction (PostgreSQL).
func (t *Tx) LockDedicate(ctx context.Context, id string) error {
	return t.lockRow(ctx, "dedicates", id)
}

// NextDedicateNum takes the store's next dedicated-address number.
func (t *Tx) NextDedicateNum(ctx context.Context, storeID string) (int64, error) {
	return t.nextNum(ctx, `UPDATE stores SET dedicate_seq = dedicate_seq + 1 WHERE id = ? RETURNING dedicate_seq`,
		storeID, "dedicate number")
}

// InsertDedicate writes a new dedicated address.
func (t *Tx) InsertDedicate(ctx context.Context, d Dedicate) error {
	fields, err := json.Marshal(d.Fields)
	if err != nil {
		return fmt.Errorf("store: dedicate fields: %w", err)
	}
	_, err = t.exec(ctx, `INSERT INTO dedicates (id, store_id, num, dedicate_type, asset_id, account_id, address_id,
			address, address_alloc, status, start_date, end_date, fields) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		d.ID, d.StoreID, d.Num, d.Type, d.AssetID, d.AccountID, d.AddressID, d.Address, d.Alloc, d.Status,
		d.StartDate, d.EndDate, string(fields))
	return checked(err, "insert dedicate")
}

// SetDedicateStatus writes a dedicated address's status and completion date.
func (t *Tx) SetDedicateStatus(ctx context.Context, d Dedicate) error {
	_, err := t.exec(ctx, `UPDATE dedicates SET status = ?, complete_date = ? WHERE id = ?`, d.Status, d.CompleteDate, d.ID)
	return checked(err, "release dedicate")
}

// ExpireDedicates completes every OPEN dedicated address whose end date is at or before now, at
// its end date, and returns their ids.
func (t *Tx) ExpireDedicates(ctx context.Context, now int64) ([]string, error) {
	rows, err := t.q.QueryContext(ctx, `UPDATE dedicates SET status = 'COMPLETE', complete_date = end_date
			WHERE status = 'OPEN' AND end_date <= ? RETURNING id`, now)
	return scanAll(rows, err, "expire dedicates", scanString)
}

// DedicateHolder reads a payment still OPEN or CLOSING on the dedicated address (ErrNotFound
// when none holds it).
func (t *Tx) DedicateHolder(ctx context.Context, dedicateID string) (string, error) {
	id, err := scanString(t.q.QueryRowContext(ctx,
		`SELECT id FROM payments WHERE dedicate_id = ? AND status IN ('OPEN', 'CLOSING') LIMIT 1`, dedicateID))
	return id, checked(err, "dedicate holder")
}

// AssignedPayment reads the payment an ASSIGN address's transaction belongs to: the one holding
// the address, else the latest one that held it (ErrNotFound when it never had one).
func (t *Tx) AssignedPayment(ctx context.Context, storeID, dedicateID string) (string, error) {
	id, err := scanString(t.q.QueryRowContext(ctx, `SELECT id FROM payments WHERE dedicate_id = ? AND store_id = ?
		ORDER BY CASE WHEN status IN ('OPEN', 'CLOSING') THEN 0 ELSE 1 END, start_date DESC, num DESC LIMIT 1`,
		dedicateID, storeID))
	return id, checked(err, "assigned payment")
}
