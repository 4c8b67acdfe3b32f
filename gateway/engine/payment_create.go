package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
)

// CreatePayment validates a request, prices it and stores the payment with a fresh address.
func (e *Engine) CreatePayment(ctx context.Context, store gateway.Store, req gateway.CreatePaymentRequest) (gateway.Payment, error) {
	req.Normalize()
	if err := req.Validate(); err != nil {
		return gateway.Payment{}, err
	}
	p, err := e.pricePayment(store, req)
	if err != nil {
		return gateway.Payment{}, err
	}
	priced := p
	err = e.db.inGroupTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		p = priced // a batch that failed as a whole runs this again: start from the priced payment
		if err := e.insertPayment(ctx, tx, &p); err != nil {
			return err
		}
		return e.queuePaymentWebhook(ctx, tx, p, EventPaymentOpen)
	})
	if err != nil {
		return gateway.Payment{}, err
	}
	e.publish(p.topics()...)
	return e.toAPI(p), nil
}

// pricePayment converts the price into the payment's crypto, adds the store's markup and fixes
// the underpayment allowance: everything about a new payment that needs no database.
func (e *Engine) pricePayment(store gateway.Store, req gateway.CreatePaymentRequest) (paymentRecord, error) {
	crypto, _ := gateway.LookupAsset(req.PaymentAssetID)
	amount := req.Amount.Value
	converted, quote, err := e.rates.Convert(amount, req.AssetID, req.PaymentAssetID)
	if err != nil {
		return paymentRecord{}, err
	}
	paymentAmount := gateway.Zero
	if req.Amount.Set {
		paymentAmount = gateway.PaymentAmount(converted, store.Markups[crypto.AssetID], crypto.Precision)
		if paymentAmount.Cmp(gateway.AmountFromDecimal(crypto.MinSize.Decimal())) < 0 {
			return paymentRecord{}, gateway.FieldError(gateway.ErrCodeAmountTooSmall, "amount",
				"amount is worth less than the smallest %s amount (%s).", crypto.AssetID, crypto.MinSize)
		}
	}
	allowance := gateway.Underpayment{Percent: store.UnderpayPercent}
	if store.UnderpayAmount != nil {
		v, _, err := e.rates.Convert(*store.UnderpayAmount, store.Currency, crypto.AssetID)
		if err != nil {
			return paymentRecord{}, err
		}
		allowance.Amount = &v
	}
	now := e.now()
	end := gateway.PaymentEndDate(now, req.Timeout.Value, crypto)
	return paymentRecord{
		ID:             newID(),
		StoreID:        store.StoreID,
		StoreName:      store.Name,
		IsTest:         store.IsTest,
		Code:           randomToken(16),
		PaymentType:    req.PaymentType,
		Amount:         amount,
		AssetID:        req.AssetID,
		PaymentAmount:  paymentAmount,
		PaymentAssetID: crypto.AssetID,
		MinComplete:    gateway.MinCompleteAmount(req.PaymentType, paymentAmount, allowance, crypto),
		Rate:           quote.Rate,
		RateDate:       quote.Date.Unix(),
		Status:         gateway.StatusOpen,
		Timeout:        req.Timeout.Value,
		StartDate:      now.Unix(),
		EndDate:        end.Unix(),
		DedicateID:     req.DedicateID,
		FiatProvider:   req.FiatProvider,
		FiatAssetID:    req.FiatAssetID,
		Fields:         req.MerchantFields,
	}, nil
}

// insertPayment numbers the payment, gives it an address and its account, and stores it.
func (e *Engine) insertPayment(ctx context.Context, tx *sql.Tx, p *paymentRecord) error {
	w := e.db.writer(tx)
	if err := w.QueryRowContext(ctx, qNextPaymentNum, p.StoreID).Scan(&p.Num); err != nil {
		return fmt.Errorf("engine: payment number: %w", err)
	}
	if err := w.QueryRowContext(ctx, qPaymentAccount, p.StoreID, p.PaymentAssetID).Scan(&p.AccountID); err != nil {
		return fmt.Errorf("engine: payment account: %w", err)
	}
	switch {
	case p.AddressID != "": // the address came with the payment: a USES dedicated address
	case p.DedicateID != "":
		if err := e.assignDedicatedAddress(ctx, tx, p); err != nil {
			return err
		}
	default:
		crypto, _ := gateway.LookupAsset(p.PaymentAssetID)
		addr, err := e.newAddress(ctx, tx, p.StoreID, crypto.CryptoNetwork)
		if err != nil {
			return err
		}
		p.AddressID, p.Address = addr.ID, addr.Address
	}
	fields, err := json.Marshal(p.Fields)
	if err != nil {
		return fmt.Errorf("engine: payment fields: %w", err)
	}
	_, err = w.ExecContext(ctx, qInsertPayment,
		p.ID, p.StoreID, p.Num, p.Code, p.PaymentType, p.Amount, p.AssetID, p.PaymentAmount, p.PaymentAssetID, p.MinComplete,
		p.Rate, p.RateDate, p.Status, p.AccountID, p.AddressID, p.Address, p.Timeout, p.StartDate, p.EndDate,
		p.DedicateID, p.FiatProvider, p.FiatAssetID, string(fields))
	if err != nil {
		return fmt.Errorf("engine: insert payment: %w", err)
	}
	return nil
}

const (
	qNextPaymentNum = `UPDATE stores SET payment_seq = payment_seq + 1 WHERE id = ? RETURNING payment_seq`
	qPaymentAccount = `SELECT id FROM accounts WHERE store_id = ? AND asset_id = ?`
	qInsertPayment  = `INSERT INTO payments (id, store_id, num, code, payment_type, amount, asset_id, payment_amount,
		payment_asset_id, min_complete, rate, rate_date, status, account_id, address_id, address, timeout, start_date, end_date,
		dedicate_id, fiat_provider, fiat_asset_id, fields) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`
)
