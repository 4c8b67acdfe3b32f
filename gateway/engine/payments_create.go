package engine

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// CreatePayment validates a request, prices it and stores the payment with a fresh address.
func (e *Engine) CreatePayment(ctx context.Context, store gateway.Store, req gateway.CreatePaymentRequest) (gateway.Payment, error) {
	return e.payments.create(ctx, store, req)
}

func (s *payments) create(ctx context.Context, st gateway.Store, req gateway.CreatePaymentRequest) (gateway.Payment, error) {
	req.Normalize()
	if err := req.Validate(); err != nil {
		return gateway.Payment{}, err
	}
	p, err := s.price(st, req)
	if err != nil {
		return gateway.Payment{}, err
	}
	priced := p
	err = s.db.WithGroupTx(ctx, func(ctx context.Context, tx *store.Tx) error {
		p = priced // a batch that failed as a whole runs this again: start from the priced payment
		return s.open(ctx, tx, &p)
	})
	if err != nil {
		return gateway.Payment{}, err
	}
	s.publish(paymentTopics(p)...)
	return s.views.payment(p), nil
}

// open stores a new payment and queues its payment.open webhook.
func (s *payments) open(ctx context.Context, tx paymentTx, p *store.Payment) error {
	if err := s.insert(ctx, tx, p); err != nil {
		return err
	}
	return s.notices.queuePaymentWebhook(ctx, tx, *p, EventPaymentOpen)
}

// price converts the price into the payment's crypto, adds the store's markup and fixes
// the underpayment allowance: everything about a new payment that needs no database.
func (s *payments) price(st gateway.Store, req gateway.CreatePaymentRequest) (store.Payment, error) {
	crypto, _ := gateway.LookupAsset(req.PaymentAssetID)
	amount := req.Amount.Value
	converted, quote, err := s.rates.Convert(amount, req.AssetID, req.PaymentAssetID)
	if err != nil {
		return store.Payment{}, err
	}
	paymentAmount := gateway.Zero
	if req.Amount.Set {
		paymentAmount = gateway.PaymentAmount(converted, st.Markups[crypto.AssetID], crypto.Precision)
		if paymentAmount.Cmp(gateway.AmountFromDecimal(crypto.MinSize.Decimal())) < 0 {
			return store.Payment{}, gateway.FieldError(gateway.ErrCodeAmountTooSmall, "amount",
				"amount is worth less than the smallest %s amount (%s).", crypto.AssetID, crypto.MinSize)
		}
	}
	allowance := gateway.Underpayment{Percent: st.UnderpayPercent}
	if st.UnderpayAmount != nil {
		v, _, err := s.rates.Convert(*st.UnderpayAmount, st.Currency, crypto.AssetID)
		if err != nil {
			return store.Payment{}, err
		}
		allowance.Amount = &v
	}
	now := s.now()
	end := gateway.PaymentEndDate(now, req.Timeout.Value, crypto)
	return store.Payment{
		ID:             newID(),
		StoreID:        st.StoreID,
		StoreName:      st.Name,
		IsTest:         st.IsTest,
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

// insert numbers the payment, gives it an address and its account, and stores it.
func (s *payments) insert(ctx context.Context, tx paymentTx, p *store.Payment) error {
	var err error
	if p.Num, err = tx.NextPaymentNum(ctx, p.StoreID); err != nil {
		return err
	}
	if p.AccountID, err = tx.AccountOf(ctx, p.StoreID, p.PaymentAssetID); err != nil {
		return err
	}
	switch {
	case p.AddressID != "": // the address came with the payment: a USES dedicated address
	case p.DedicateID != "":
		if err := s.assign.assignDedicatedAddress(ctx, tx, p); err != nil {
			return err
		}
	default:
		crypto, _ := gateway.LookupAsset(p.PaymentAssetID)
		addr, err := newAddress(ctx, tx, p.StoreID, crypto.CryptoNetwork, s.now())
		if err != nil {
			return err
		}
		p.AddressID, p.Address = addr.ID, addr.Address
	}
	return tx.InsertPayment(ctx, *p)
}
