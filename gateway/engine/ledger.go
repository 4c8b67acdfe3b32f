package engine

import (
	"context"
	"slices"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/rates"
	"github.com/cryptocheckout/checkout/gateway/store"
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

// ledger is the business of the stores' money: crediting decided payments, the accounts' balances
// and holds, withdrawals and transfers. Every debit is checked against the balance in the
// transaction that books it.
type ledger struct {
	db       ledgerStore
	rates    *rates.Table
	now      func() time.Time
	webhooks webhookQueue
	wake     func() // tells the deliverer webhooks may be due
}

// ledgerStore is what the ledger reads outside a transaction, and its unit of work.
type ledgerStore interface {
	WithTx(ctx context.Context, fn func(tx *store.Tx) error) error
	StoreFunds(ctx context.Context, storeID string) (balances, holds map[string]gateway.Amount, err error)
	Accounts(ctx context.Context, storeID string) ([]store.Account, error)
	Withdraw(ctx context.Context, storeID, id string) (store.Withdraw, error)
}

// postTx books ledger entries in a transaction.
type postTx interface {
	Post(ctx context.Context, le store.LedgerEntry, createdAt int64) (bool, error)
}

// creditTx is what crediting a decided payment reads and writes in its transaction.
type creditTx interface {
	postTx
	UnbookedReceipts(ctx context.Context, paymentID string) ([]store.Receipt, error)
}

// ledgerTx is what a debit (a withdrawal, a transfer) checks and books in its transaction.
type ledgerTx interface {
	postTx
	LockAccount(ctx context.Context, id string) error
	AccountFunds(ctx context.Context, accountID string) (balance, hold gateway.Amount, err error)
	AccountOf(ctx context.Context, storeID, assetID string) (string, error)
}

// webhookQueue queues the webhooks of the ledger's objects (the outbox does).
type webhookQueue interface {
	queueWebhook(ctx context.Context, tx webhookTx, storeID, objectID, event, url string, payload any) error
}

// post books an entry inside tx. It reports false when its ref was already booked: the ledger
// keeps each ref once, so replaying an event (a settle that runs again, a retried call) can never
// book it twice.
func (l *ledger) post(ctx context.Context, tx postTx, le store.LedgerEntry) (bool, error) {
	return tx.Post(ctx, le, l.now().Unix())
}

// creditPayment books every confirmed transaction of a decided payment that is not booked yet.
// The rule, the same for every path that changes a payment: a transaction is credited once, when it
// is confirmed and its payment is final (COMPLETE or CANCEL). So the on-time receipts are credited
// when the payment is decided (a CANCELled payment's too: the money did arrive at our address),
// any still confirming then are credited when they confirm, and a late transaction is credited
// when it confirms. Unconfirmed money is never withdrawable.
func (l *ledger) creditPayment(ctx context.Context, tx creditTx, p store.Payment) error {
	if !gateway.IsFinal(p.Status) {
		return nil
	}
	credits, err := tx.UnbookedReceipts(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, c := range credits {
		kind := ledgerReceipt
		if c.Late {
			kind = ledgerLateReceipt
		}
		if _, err := l.post(ctx, tx, store.LedgerEntry{StoreID: p.StoreID, AccountID: p.AccountID, AssetID: p.PaymentAssetID,
			Kind: kind, Ref: "tx:" + c.TransactionID, ObjectID: p.ID, Amount: c.Amount}); err != nil {
			return err
		}
	}
	return nil
}

// funds are an account's balance (the sum of its ledger) and what pending withdrawals hold on it.
type funds struct {
	Balance, OnHold gateway.Amount
}

// Available is what may still be withdrawn or transferred.
func (f funds) Available() gateway.Amount { return f.Balance.Sub(f.OnHold) }

// storeFunds returns the funds of every account of a store that has any, by account id.
func (l *ledger) storeFunds(ctx context.Context, storeID string) (map[string]funds, error) {
	balances, holds, err := l.db.StoreFunds(ctx, storeID)
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

// requireFunds checks, inside the write transaction that will book the debits, that each account
// has at least the amount needed available. The accounts are locked first (in id order, so two
// debits of the same accounts never deadlock), so no other debit can slip in between this check and
// the booking, from this process or another.
func (l *ledger) requireFunds(ctx context.Context, tx ledgerTx, field string, needs []need) error {
	ids := make([]string, 0, len(needs))
	for _, n := range needs {
		ids = append(ids, n.AccountID)
	}
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		if err := tx.LockAccount(ctx, id); err != nil {
			return err
		}
	}
	for _, n := range needs {
		balance, hold, err := tx.AccountFunds(ctx, n.AccountID)
		if err != nil {
			return err
		}
		f := funds{Balance: balance, OnHold: hold}
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
