package engine

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/cryptocheckout/checkout/gateway"
)

// Kinds of ledger rows.
const (
	ledgerReceipt     = "receipt"      // an on-time transaction of a decided payment
	ledgerLateReceipt = "late_receipt" // a transaction that came after the payment was decided or expired
	ledgerWithdraw    = "withdraw"
	ledgerWithdrawFee = "withdraw_fee"
	ledgerTransferOut = "transfer_out"
	ledgerTransferIn  = "transfer_in"
)

// ledgerEntry is one signed movement on an account. Ref names the event, and the ledger keeps each
// ref once, so replaying an event (a settle that runs again, a retried call) can never book it twice.
type ledgerEntry struct {
	StoreID, AccountID, AssetID string
	Kind, Ref, ObjectID         string
	Amount                      gateway.Amount // positive credits, negative debits
}

// post books an entry inside tx. It reports false when its ref was already booked.
func (e *Engine) post(ctx context.Context, tx *sql.Tx, le ledgerEntry) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO ledger (store_id, account_id, asset_id, kind, ref, object_id, amount, created_at)
		VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (ref) DO NOTHING`,
		le.StoreID, le.AccountID, le.AssetID, le.Kind, le.Ref, le.ObjectID, le.Amount, e.now().Unix())
	if err != nil {
		return false, fmt.Errorf("engine: ledger: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// creditPayment books every confirmed transaction of a decided payment that is not booked yet.
// The rule, the same for every path that changes a payment: a transaction is credited once, when it
// is confirmed and its payment is final (COMPLETE or CANCEL). So the on-time receipts are credited
// when the payment is decided (a CANCELled payment's too: the money did arrive at our address),
// any still confirming then are credited when they confirm, and a late transaction is credited
// when it confirms. Unconfirmed money is never withdrawable.
func (e *Engine) creditPayment(ctx context.Context, tx *sql.Tx, p paymentRecord) error {
	if !gateway.IsFinal(p.Status) {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT t.id, t.amount, t.late FROM transactions t
		WHERE t.payment_id = ? AND t.confirmed_at IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.ref = 'tx:' || t.id)`, p.ID)
	if err != nil {
		return fmt.Errorf("engine: uncredited transactions: %w", err)
	}
	type credit struct {
		id     string
		amount gateway.Amount
		late   bool
	}
	var credits []credit
	for rows.Next() {
		var c credit
		if err := rows.Scan(&c.id, &c.amount, &c.late); err != nil {
			rows.Close()
			return fmt.Errorf("engine: uncredited transactions: %w", err)
		}
		credits = append(credits, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range credits {
		kind := ledgerReceipt
		if c.late {
			kind = ledgerLateReceipt
		}
		if _, err := e.post(ctx, tx, ledgerEntry{StoreID: p.StoreID, AccountID: p.AccountID, AssetID: p.PaymentAssetID,
			Kind: kind, Ref: "tx:" + c.id, ObjectID: p.ID, Amount: c.amount}); err != nil {
			return err
		}
	}
	return nil
}

// sumBy runs a query selecting (key, amount) rows and adds the amounts up per key, in decimal:
// SQLite's SUM would go through floating point.
func sumBy(ctx context.Context, q querier, query string, args ...any) (map[string]gateway.Amount, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("engine: sums: %w", err)
	}
	defer rows.Close()
	out := map[string]gateway.Amount{}
	for rows.Next() {
		var key string
		var v gateway.Amount
		if err := rows.Scan(&key, &v); err != nil {
			return nil, fmt.Errorf("engine: sums: %w", err)
		}
		out[key] = out[key].Add(v)
	}
	return out, rows.Err()
}

// funds are an account's balance (the sum of its ledger) and what pending withdrawals hold on it.
type funds struct {
	Balance, OnHold gateway.Amount
}

// Available is what may still be withdrawn or transferred.
func (f funds) Available() gateway.Amount { return f.Balance.Sub(f.OnHold) }

// storeFunds returns the funds of every account of a store that has any, by account id.
func storeFunds(ctx context.Context, q querier, storeID string) (map[string]funds, error) {
	balances, err := sumBy(ctx, q, `SELECT account_id, amount FROM ledger WHERE store_id = ?`, storeID)
	if err != nil {
		return nil, err
	}
	holds, err := sumBy(ctx, q, `SELECT account_id, amount FROM withdrawals WHERE store_id = ? AND status = 'OPEN'
		UNION ALL SELECT fee_account_id, fee FROM withdrawals WHERE store_id = ? AND status = 'OPEN'`, storeID, storeID)
	if err != nil {
		return nil, err
	}
	out := map[string]funds{}
	for id, b := range balances {
		f := out[id]
		f.Balance = b
		out[id] = f
	}
	for id, h := range holds {
		f := out[id]
		f.OnHold = h
		out[id] = f
	}
	return out, nil
}

// accountFunds returns one account's funds.
func accountFunds(ctx context.Context, q querier, accountID string) (funds, error) {
	b, err := sumBy(ctx, q, `SELECT account_id, amount FROM ledger WHERE account_id = ?`, accountID)
	if err != nil {
		return funds{}, err
	}
	h, err := sumBy(ctx, q, `SELECT account_id, amount FROM withdrawals WHERE account_id = ? AND status = 'OPEN'
		UNION ALL SELECT fee_account_id, fee FROM withdrawals WHERE fee_account_id = ? AND status = 'OPEN'`, accountID, accountID)
	if err != nil {
		return funds{}, err
	}
	return funds{Balance: b[accountID], OnHold: h[accountID]}, nil
}

// accountOf returns the id of a store's account in a crypto asset.
func accountOf(ctx context.Context, q querier, storeID, assetID string) (string, error) {
	var id string
	if err := q.QueryRowContext(ctx, `SELECT id FROM accounts WHERE store_id = ? AND asset_id = ?`, storeID, assetID).Scan(&id); err != nil {
		return "", fmt.Errorf("engine: account of %s: %w", assetID, err)
	}
	return id, nil
}

// requireFunds checks, inside the write transaction that will book the debits, that each account
// has at least the amount needed available. The accounts are locked first (in id order, so two
// debits of the same accounts never deadlock), so no other debit can slip in between this check and
// the booking, from this process or another.
func (e *Engine) requireFunds(ctx context.Context, tx *sql.Tx, field string, needs []need) error {
	ids := make([]string, 0, len(needs))
	for _, n := range needs {
		ids = append(ids, n.AccountID)
	}
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		if err := e.lockRow(ctx, tx, "accounts", id); err != nil {
			return err
		}
	}
	for _, n := range needs {
		f, err := accountFunds(ctx, tx, n.AccountID)
		if err != nil {
			return err
		}
		if f.Available().LessThan(n.Amount) {
			return gateway.FieldError(gateway.ErrCodeInsufficientFunds, field, "Not enough %s: %s available, %s needed%s.",
				n.AssetID, f.Available(), n.Amount, n.What)
		}
	}
	return nil
}

// need is an amount an operation takes from one account.
type need struct {
	AccountID, AssetID string
	Amount             gateway.Amount
	What               string // what the amount is made of, for the error message
}
