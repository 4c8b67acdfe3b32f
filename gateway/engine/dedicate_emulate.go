package engine

import (
	"context"
	"database/sql"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
)

// EmulateDedicateTransaction records a transaction of amount to a dedicated address, as if a payer
// had sent it (POST /int/test/dedicate/{id}/tx):
//   - USES: the transaction becomes a new OPEN_AMOUNT payment in the dedicate's asset with the
//     asset's default timeout, carrying the dedicate's free fields and dedicate_id. Creation and
//     receipt happen at once, so one payment.open webhook announces both.
//   - ASSIGN: the transaction goes to the payment holding the address (OPEN or CLOSING). With none
//     holding it, it goes to the latest payment that held it, as a late transaction: recorded,
//     credited once confirmed and notified, never lost. An address never given to a payment has
//     nobody to book it on: ERR_NO_PAYMENT.
//
// A released address is no longer watched: ERR_DEDICATE_RELEASED.
func (e *Engine) EmulateDedicateTransaction(ctx context.Context, store gateway.Store, dedicateID string, amount gateway.AmountInput) (gateway.DedicateTransaction, error) {
	if err := requireTestStore(store); err != nil {
		return gateway.DedicateTransaction{}, err
	}
	if !gateway.IsUUID(dedicateID) {
		return gateway.DedicateTransaction{}, gateway.NoDedicate(dedicateID)
	}
	var out txRecord
	err := e.db.inGroupTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		// Locked: the address's transactions are taken one after the other, each seeing the
		// payment the previous one left (ASSIGN) and the dedicate's status.
		if err := e.lockRow(ctx, tx, "dedicates", dedicateID); err != nil {
			return err
		}
		d, err := loadDedicate(ctx, tx, store.StoreID, dedicateID)
		if err != nil {
			return err
		}
		if d.Status != gateway.StatusOpen {
			return gateway.Errorf(gateway.ErrCodeDedicateReleased, "Dedicate <%s> was released: its address receives no more payments.", d.ID)
		}
		asset, _ := gateway.LookupAsset(d.AssetID)
		if err := amount.Check("amount", asset, true); err != nil {
			return err
		}
		var p paymentRecord
		if d.Type == gateway.DedicateUses {
			p, err = e.dedicatedPayment(ctx, tx, store, d)
		} else {
			p, err = assignedPayment(ctx, tx, d)
		}
		if err != nil {
			return err
		}
		out, err = e.receiveTransaction(ctx, tx, p, amount.Value, e.now())
		return err
	})
	if err != nil {
		return gateway.DedicateTransaction{}, err
	}
	e.publish(live.PaymentTopic(out.PaymentID), live.DedicateTopic(dedicateID))
	return gateway.DedicateTransaction{Transaction: out.toAPI(), PaymentID: out.PaymentID, DedicateID: dedicateID}, nil
}

// dedicatedPayment creates the OPEN_AMOUNT payment a USES address makes of an incoming transaction.
func (e *Engine) dedicatedPayment(ctx context.Context, tx *sql.Tx, store gateway.Store, d dedicateRecord) (paymentRecord, error) {
	p, err := e.pricePayment(store, gateway.CreatePaymentRequest{
		PaymentType: gateway.OpenAmount, AssetID: d.AssetID, PaymentAssetID: d.AssetID,
		MerchantFields: d.Fields, DedicateID: d.ID,
	})
	if err != nil {
		return p, err
	}
	p.AddressID, p.Address = d.AddressID, d.Address
	if err := e.insertPayment(ctx, tx, &p); err != nil {
		return p, err
	}
	return p, nil
}

// assignedPayment finds the payment an ASSIGN address's transaction belongs to: the one holding
// the address, else the latest one that held it.
func assignedPayment(ctx context.Context, tx *sql.Tx, d dedicateRecord) (paymentRecord, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM payments WHERE dedicate_id = ? AND store_id = ?
		ORDER BY CASE WHEN status IN ('OPEN', 'CLOSING') THEN 0 ELSE 1 END, start_date DESC, num DESC LIMIT 1`,
		d.ID, d.StoreID).Scan(&id)
	never := func() error {
		return gateway.Errorf(gateway.ErrCodeNoPayment,
			"Dedicate <%s> was never given to a payment: create one with this dedicate_id first.", d.ID)
	}
	if _, err := found(id, err, "assigned payment", never); err != nil {
		return paymentRecord{}, err
	}
	return loadPayment(ctx, tx, d.StoreID, id)
}
