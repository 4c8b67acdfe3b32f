package engine

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/store"
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
	return e.emulation.payDedicate(ctx, store, dedicateID, amount)
}

func (m *emulation) payDedicate(ctx context.Context, st gateway.Store, dedicateID string, amount gateway.AmountInput) (gateway.DedicateTransaction, error) {
	if err := requireTestStore(st); err != nil {
		return gateway.DedicateTransaction{}, err
	}
	if !gateway.IsUUID(dedicateID) {
		return gateway.DedicateTransaction{}, gateway.NoDedicate(dedicateID)
	}
	var out store.Transaction
	err := m.db.WithGroupTx(ctx, func(ctx context.Context, tx *store.Tx) error {
		var err error
		out, err = m.sendToDedicate(ctx, tx, st, dedicateID, amount)
		return err
	})
	if err != nil {
		return gateway.DedicateTransaction{}, err
	}
	m.publish(live.PaymentTopic(out.PaymentID), live.DedicateTopic(dedicateID))
	return gateway.DedicateTransaction{Transaction: transactionAPI(out), PaymentID: out.PaymentID, DedicateID: dedicateID}, nil
}

func (m *emulation) sendToDedicate(ctx context.Context, tx emulationTx, st gateway.Store, dedicateID string, amount gateway.AmountInput) (store.Transaction, error) {
	// Locked: the address's transactions are taken one after the other, each seeing the
	// payment the previous one left (ASSIGN) and the dedicate's status.
	if err := tx.LockDedicate(ctx, dedicateID); err != nil {
		return store.Transaction{}, err
	}
	d, err := loadDedicate(ctx, tx, st.StoreID, dedicateID)
	if err != nil {
		return store.Transaction{}, err
	}
	if d.Status != gateway.StatusOpen {
		return store.Transaction{}, gateway.Errorf(gateway.ErrCodeDedicateReleased, "Dedicate <%s> was released: its address receives no more payments.", d.ID)
	}
	asset, _ := gateway.LookupAsset(d.AssetID)
	if err := amount.Check("amount", asset, true); err != nil {
		return store.Transaction{}, err
	}
	var p store.Payment
	if d.Type == gateway.DedicateUses {
		p, err = m.dedicatedPayment(ctx, tx, st, d)
	} else {
		p, err = assignedPayment(ctx, tx, d)
	}
	if err != nil {
		return store.Transaction{}, err
	}
	return m.payments.receive(ctx, tx, p, amount.Value, m.now())
}

// dedicatedPayment creates the OPEN_AMOUNT payment a USES address makes of an incoming transaction.
func (m *emulation) dedicatedPayment(ctx context.Context, tx emulationTx, st gateway.Store, d store.Dedicate) (store.Payment, error) {
	p, err := m.payments.price(st, gateway.CreatePaymentRequest{
		PaymentType: gateway.OpenAmount, AssetID: d.AssetID, PaymentAssetID: d.AssetID,
		MerchantFields: d.Fields, DedicateID: d.ID,
	})
	if err != nil {
		return p, err
	}
	p.AddressID, p.Address = d.AddressID, d.Address
	if err := m.payments.insert(ctx, tx, &p); err != nil {
		return p, err
	}
	return p, nil
}

// assignedPayment finds the payment an ASSIGN address's transaction belongs to: the one holding
// the address, else the latest one that held it.
func assignedPayment(ctx context.Context, tx emulationTx, d store.Dedicate) (store.Payment, error) {
	id, err := tx.AssignedPayment(ctx, d.StoreID, d.ID)
	never := func() error {
		return gateway.Errorf(gateway.ErrCodeNoPayment,
			"Dedicate <%s> was never given to a payment: create one with this dedicate_id first.", d.ID)
	}
	if _, err := found(id, err, never); err != nil {
		return store.Payment{}, err
	}
	return loadPayment(ctx, tx, d.StoreID, id)
}
