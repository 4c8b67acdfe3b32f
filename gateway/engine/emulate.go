package engine

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
)

// Test stores have no chain behind them: these calls stand in for the payer's wallet and the miners.

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
	if err := requireTestStore(store); err != nil {
		return gateway.Transaction{}, err
	}
	if !gateway.IsUUID(paymentID) {
		return gateway.Transaction{}, gateway.NoPayment(paymentID)
	}
	var out txRecord
	var p paymentRecord
	err := e.db.inGroupTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if err := e.lockRow(ctx, tx, "payments", paymentID); err != nil {
			return err
		}
		var err error
		if p, err = loadPayment(ctx, tx, store.StoreID, paymentID); err != nil {
			return err
		}
		asset, _ := gateway.LookupAsset(p.PaymentAssetID)
		if err := amount.Check("amount", asset, true); err != nil {
			return err
		}
		out, err = e.receiveTransaction(ctx, tx, p, amount.Value, e.now())
		return err
	})
	if err != nil {
		return gateway.Transaction{}, err
	}
	e.publish(p.topics()...)
	return out.toAPI(), nil
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
	if err := requireTestStore(store); err != nil {
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
	var touched []string // payments, once each
	var topics []string  // their live topics (a dedicated address's may come more than once: harmless)
	deepened := 0        // transactions that gained confirmations
	err := e.db.inTx(ctx, func(tx *sql.Tx) error {
		now := e.now()
		rows, err := tx.QueryContext(ctx, `UPDATE transactions SET confirmations = CASE WHEN confirmations + ? < confirms THEN confirmations + ? ELSE confirms END,
			confirmed_at = CASE WHEN confirmations + ? >= confirms THEN CAST(? AS BIGINT) ELSE NULL END
			WHERE store_id = ? AND network = ? AND confirmed_at IS NULL RETURNING payment_id`,
			n, n, n, now.Unix(), store.StoreID, network)
		if err != nil {
			return fmt.Errorf("engine: mine blocks: %w", err)
		}
		ids, err := scanStrings(rows)
		if err != nil {
			return fmt.Errorf("engine: mine blocks: %w", err)
		}
		seen := map[string]bool{}
		deepened = len(ids)
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				touched = append(touched, id)
			}
		}
		topics, err = e.settleAll(ctx, tx, touched, now, topics)
		return err
	})
	if err != nil {
		return 0, err
	}
	e.publish(topics...)
	return deepened, nil
}

// ExpireTestPayment moves a test payment's end_date to now and decides it as the scheduler would.
func (e *Engine) ExpireTestPayment(ctx context.Context, store gateway.Store, paymentID string) (gateway.Payment, error) {
	if err := requireTestStore(store); err != nil {
		return gateway.Payment{}, err
	}
	if !gateway.IsUUID(paymentID) {
		return gateway.Payment{}, gateway.NoPayment(paymentID)
	}
	var out paymentRecord
	err := e.db.inTx(ctx, func(tx *sql.Tx) error {
		if err := e.lockRow(ctx, tx, "payments", paymentID); err != nil {
			return err
		}
		p, err := loadPayment(ctx, tx, store.StoreID, paymentID)
		if err != nil {
			return err
		}
		if gateway.IsFinal(p.Status) {
			return gateway.Errorf(gateway.ErrCodePaymentFinal, "Payment <%s> is already %s.", p.ID, p.Status)
		}
		now := e.now()
		if p.EndDate > now.Unix() {
			if _, err := tx.ExecContext(ctx, `UPDATE payments SET end_date = ? WHERE id = ?`, now.Unix(), p.ID); err != nil {
				return fmt.Errorf("engine: expire: %w", err)
			}
		}
		out, err = e.settle(ctx, tx, p.ID, now)
		return err
	})
	if err != nil {
		return gateway.Payment{}, err
	}
	e.publish(out.topics()...)
	return e.toAPI(out), nil
}
