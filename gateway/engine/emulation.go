package engine

import (
	"context"
	"strings"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// Test stores have no chain behind them: these calls stand in for the payer's wallet and the miners.

// emulation is the business of test stores' emulated chain: transactions sent to payments and
// dedicated addresses, blocks mined, payments expired on demand.
type emulation struct {
	db       emulationStore
	views    views
	now      func() time.Time
	publish  func(topics ...string)
	payments emulatedPayments
}

// emulationStore is the emulation's units of work.
type emulationStore interface {
	WithTx(ctx context.Context, fn func(tx *store.Tx) error) error
	WithGroupTx(ctx context.Context, fn func(ctx context.Context, tx *store.Tx) error) error
}

// emulationTx is what emulated transactions, blocks and expiries read and write in their
// transaction, with what the payments they decide do.
type emulationTx interface {
	paymentTx
	AddConfirmations(ctx context.Context, storeID, network string, n int, now int64) ([]string, error)
	SetPaymentEndDate(ctx context.Context, id string, end int64) error
	AssignedPayment(ctx context.Context, storeID, dedicateID string) (string, error)
}

// emulatedPayments is what the emulation has the payments service do.
type emulatedPayments interface {
	price(st gateway.Store, req gateway.CreatePaymentRequest) (store.Payment, error)
	insert(ctx context.Context, tx paymentTx, p *store.Payment) error
	receive(ctx context.Context, tx paymentTx, p store.Payment, amount gateway.Amount, now time.Time) (store.Transaction, error)
	settle(ctx context.Context, tx paymentTx, id string, now time.Time) (store.Payment, error)
	settleAll(ctx context.Context, tx paymentTx, ids []string, now time.Time, topics []string) ([]string, error)
}

// MaxBlocksPerCall bounds POST /int/test/blocks.
const MaxBlocksPerCall = 1000

func requireTestStore(store gateway.Store) error {
	if !store.IsTest {
		return gateway.Errorf(gateway.ErrCodeNotTestStore, "Transactions can only be emulated for test stores.")
	}
	return nil
}

// EmulatePaymentTransaction records a transaction of amount to the payment's address, as if a payer
// had sent it (0 confirmations), and re-decides the payment.
func (e *Engine) EmulatePaymentTransaction(ctx context.Context, store gateway.Store, paymentID string, amount gateway.AmountInput) (gateway.Transaction, error) {
	return e.emulation.payPayment(ctx, store, paymentID, amount)
}

func (m *emulation) payPayment(ctx context.Context, st gateway.Store, paymentID string, amount gateway.AmountInput) (gateway.Transaction, error) {
	if err := requireTestStore(st); err != nil {
		return gateway.Transaction{}, err
	}
	if !gateway.IsUUID(paymentID) {
		return gateway.Transaction{}, gateway.NoPayment(paymentID)
	}
	var out store.Transaction
	var p store.Payment
	err := m.db.WithGroupTx(ctx, func(ctx context.Context, tx *store.Tx) error {
		var err error
		p, out, err = m.sendToPayment(ctx, tx, st.StoreID, paymentID, amount)
		return err
	})
	if err != nil {
		return gateway.Transaction{}, err
	}
	m.publish(paymentTopics(p)...)
	return transactionAPI(out), nil
}

// sendToPayment records the emulated transaction to a payment of the store, locked.
func (m *emulation) sendToPayment(ctx context.Context, tx emulationTx, storeID, paymentID string, amount gateway.AmountInput) (store.Payment, store.Transaction, error) {
	if err := tx.LockPayment(ctx, paymentID); err != nil {
		return store.Payment{}, store.Transaction{}, err
	}
	p, err := loadPayment(ctx, tx, storeID, paymentID)
	if err != nil {
		return p, store.Transaction{}, err
	}
	asset, _ := gateway.LookupAsset(p.PaymentAssetID)
	if err := amount.Check("amount", asset, true); err != nil {
		return p, store.Transaction{}, err
	}
	out, err := m.payments.receive(ctx, tx, p, amount.Value, m.now())
	return p, out, err
}

// fakeHash makes a transaction hash shaped like the network's: 0x-prefixed on EVM chains.
func fakeHash(network string) string {
	h := randomHex(32)
	if gateway.EVMChainID(network) != 0 {
		return "0x" + h
	}
	return h
}

// MineBlocks adds count confirmations to every still-confirming transaction of the store on network
// and re-decides the payments they belong to. It returns how many transactions it touched.
func (e *Engine) MineBlocks(ctx context.Context, store gateway.Store, network string, count gateway.IntInput) (int, error) {
	return e.emulation.mine(ctx, store, network, count)
}

func (m *emulation) mine(ctx context.Context, st gateway.Store, network string, count gateway.IntInput) (int, error) {
	if err := requireTestStore(st); err != nil {
		return 0, err
	}
	network = strings.ToUpper(strings.TrimSpace(network))
	if gateway.NetworkConfirmations(network) == 0 {
		return 0, gateway.FieldError(gateway.ErrCodeNoNetwork, "crypto_network", "crypto_network must be one of %s.", strings.Join(gateway.Networks(), ", "))
	}
	n := 1
	if count.Set {
		n = count.Value
	}
	if count.Bad || n < 1 || n > MaxBlocksPerCall {
		return 0, gateway.FieldError(gateway.ErrCodeInvalidField, "count", "count must be a whole number from 1 to %d.", MaxBlocksPerCall)
	}
	var topics []string // the touched payments' live topics (a dedicated address's may come more than once: harmless)
	deepened := 0       // transactions that gained confirmations
	err := m.db.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		deepened, topics, err = m.mineIn(ctx, tx, st.StoreID, network, n)
		return err
	})
	if err != nil {
		return 0, err
	}
	m.publish(topics...)
	return deepened, nil
}

// mineIn adds n confirmations and settles each payment touched, once.
func (m *emulation) mineIn(ctx context.Context, tx emulationTx, storeID, network string, n int) (int, []string, error) {
	now := m.now()
	ids, err := tx.AddConfirmations(ctx, storeID, network, n, now.Unix())
	if err != nil {
		return 0, nil, err
	}
	var touched []string // payments, once each
	seen := map[string]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			touched = append(touched, id)
		}
	}
	topics, err := m.payments.settleAll(ctx, tx, touched, now, nil)
	return len(ids), topics, err
}

// ExpireTestPayment moves a test payment's end_date to now and decides it as the scheduler would.
func (e *Engine) ExpireTestPayment(ctx context.Context, store gateway.Store, paymentID string) (gateway.Payment, error) {
	return e.emulation.expire(ctx, store, paymentID)
}

func (m *emulation) expire(ctx context.Context, st gateway.Store, paymentID string) (gateway.Payment, error) {
	if err := requireTestStore(st); err != nil {
		return gateway.Payment{}, err
	}
	if !gateway.IsUUID(paymentID) {
		return gateway.Payment{}, gateway.NoPayment(paymentID)
	}
	var out store.Payment
	err := m.db.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = m.expireIn(ctx, tx, st.StoreID, paymentID)
		return err
	})
	if err != nil {
		return gateway.Payment{}, err
	}
	m.publish(paymentTopics(out)...)
	return m.views.payment(out), nil
}

func (m *emulation) expireIn(ctx context.Context, tx emulationTx, storeID, paymentID string) (store.Payment, error) {
	if err := tx.LockPayment(ctx, paymentID); err != nil {
		return store.Payment{}, err
	}
	p, err := loadPayment(ctx, tx, storeID, paymentID)
	if err != nil {
		return p, err
	}
	if gateway.IsFinal(p.Status) {
		return p, gateway.Errorf(gateway.ErrCodePaymentFinal, "Payment <%s> is already %s.", p.ID, p.Status)
	}
	now := m.now()
	if p.EndDate > now.Unix() {
		if err := tx.SetPaymentEndDate(ctx, p.ID, now.Unix()); err != nil {
			return p, err
		}
	}
	return m.payments.settle(ctx, tx, p.ID, now)
}
