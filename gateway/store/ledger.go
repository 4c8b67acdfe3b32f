package store

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
)

// LedgerEntry is one signed movement on an account. Ref names the event; the ledger keeps each
// ref once.
type LedgerEntry struct {
	StoreID, AccountID, AssetID string
	Kind, Ref, ObjectID         string
	Amount                      gateway.Amount // positive credits, negative debits
}

// Post books an entry at createdAt. It reports false when its ref was already booked.
func (t *Tx) Post(ctx context.Context, le LedgerEntry, createdAt int64) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO ledger (store_id, account_id, asset_id, kind, ref, object_id, amount, created_at)
		VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (ref) DO NOTHING`,
		le.StoreID, le.AccountID, le.AssetID, le.Kind, le.Ref, le.ObjectID, le.Amount, createdAt)
	if err != nil {
		return false, checked(err, "ledger")
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Receipt is a confirmed transaction of a payment not booked on the ledger yet.
type Receipt struct {
	TransactionID string
	Amount        gateway.Amount
	Late          bool
}

// UnbookedReceipts reads a payment's confirmed transactions that no ledger entry of ref
// "tx:<id>" books yet.
func (t *Tx) UnbookedReceipts(ctx context.Context, paymentID string) ([]Receipt, error) {
	rows, err := t.q.QueryContext(ctx, `SELECT t.id, t.amount, t.late FROM transactions t
		WHERE t.payment_id = ? AND t.confirmed_at IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.ref = 'tx:' || t.id)`, paymentID)
	return scanAll(rows, err, "uncredited transactions", func(r rowScanner) (Receipt, error) {
		var c Receipt
		err := r.Scan(&c.TransactionID, &c.Amount, &c.Late)
		return c, err
	})
}

// sumBy runs a query selecting (key, amount) rows and adds the amounts up per key, in decimal:
// SQLite's SUM would go through floating point.
func (r reads) sumBy(ctx context.Context, query string, args ...any) (map[string]gateway.Amount, error) {
	type row struct {
		key string
		v   gateway.Amount
	}
	rows, err := r.q.QueryContext(ctx, query, args...)
	list, err := scanAll(rows, err, "sums", func(r rowScanner) (row, error) {
		var v row
		err := r.Scan(&v.key, &v.v)
		return v, err
	})
	out := map[string]gateway.Amount{}
	for _, v := range list {
		out[v.key] = out[v.key].Add(v.v)
	}
	return out, err
}

// StoreFunds reads, by account id, the balance (the sum of the ledger) of every account of a store
// that has entries, and what its OPEN withdrawals hold on each (amounts and fees).
func (r reads) StoreFunds(ctx context.Context, storeID string) (balances, holds map[string]gateway.Amount, err error) {
	if balances, err = r.sumBy(ctx, `SELECT account_id, amount FROM ledger WHERE store_id = ?`, storeID); err != nil {
		return nil, nil, err
	}
	holds, err = r.sumBy(ctx, `SELECT account_id, amount FROM withdrawals WHERE store_id = ? AND status = 'OPEN'
		UNION ALL SELECT fee_account_id, fee FROM withdrawals WHERE store_id = ? AND status = 'OPEN'`, storeID, storeID)
	return balances, holds, err
}

// AccountFunds reads one account's balance and what OPEN withdrawals hold on it.
func (r reads) AccountFunds(ctx context.Context, accountID string) (balance, hold gateway.Amount, err error) {
	b, err := r.sumBy(ctx, `SELECT account_id, amount FROM ledger WHERE account_id = ?`, accountID)
	if err != nil {
		return balance, hold, err
	}
	h, err := r.sumBy(ctx, `SELECT account_id, amount FROM withdrawals WHERE account_id = ? AND status = 'OPEN'
		UNION ALL SELECT fee_account_id, fee FROM withdrawals WHERE fee_account_id = ? AND status = 'OPEN'`, accountID, accountID)
	return b[accountID], h[accountID], err
}

// Account is an accounts row.
type Account struct {
	ID, AssetID string
	Num         int
}

// Accounts reads a store's accounts in their order.
func (r reads) Accounts(ctx context.Context, storeID string) ([]Account, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT id, asset_id, num FROM accounts WHERE store_id = ? ORDER BY num`, storeID)
	return scanAll(rows, err, "accounts", func(r rowScanner) (Account, error) {
		var a Account
		err := r.Scan(&a.ID, &a.AssetID, &a.Num)
		return a, err
	})
}

// LockAccount locks an account's row for the rest of the transaction (PostgreSQL).
func (t *Tx) LockAccount(ctx context.Context, id string) error { return t.lockRow(ctx, "accounts", id) }

// Ledger reads a store's ledger in booking order.
func (r reads) Ledger(ctx context.Context, storeID string) ([]LedgerEntry, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT asset_id, kind, ref, amount FROM ledger WHERE store_id = ? ORDER BY id`, storeID)
	return scanAll(rows, err, "ledger", func(r rowScanner) (LedgerEntry, error) {
		le := LedgerEntry{StoreID: storeID}
		err := r.Scan(&le.AssetID, &le.Kind, &le.Ref, &le.Amount)
		return le, err
	})
}
