package engine

import (
	"strconv"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// views builds the seed's objects from the store's rows: the API's, the payer pages' and the
// webhooks' bodies alike.
type views struct {
	publicURL string // base of payment_url and qrcode_url
}

// payment builds the seed's payment object.
func (v views) payment(p store.Payment) gateway.Payment {
	asset, _ := gateway.LookupAsset(p.PaymentAssetID)
	priced, _ := gateway.LookupAsset(p.AssetID)
	out := gateway.Payment{
		PaymentID:         p.ID,
		StoreID:           p.StoreID,
		AccountID:         p.AccountID,
		PaymentNum:        strconv.FormatInt(p.Num, 10),
		PaymentType:       p.PaymentType,
		PaymentTypeName:   gateway.PaymentTypeName(p.PaymentType),
		StoreName:         p.StoreName,
		IsTest:            p.IsTest,
		Amount:            p.Amount,
		AssetID:           p.AssetID,
		PaidAmount:        gateway.PaidAmount(p.IPAmount, p.Rate, priced.Precision),
		PaymentAmount:     p.PaymentAmount,
		PaymentAssetID:    p.PaymentAssetID,
		Rate:              p.Rate,
		RateDate:          unixTime(p.RateDate),
		IPAmount:          p.IPAmount,
		IPAssetID:         p.PaymentAssetID,
		RemainAmount:      gateway.RemainAmount(p.PaymentType, p.PaymentAmount, p.IPAmount),
		RemainAssetID:     p.PaymentAssetID,
		Status:            p.Status,
		StatusName:        gateway.StatusName(p.Status),
		ConfirmedAmount:   p.ConfirmedAmount,
		CryptoNetwork:     asset.CryptoNetwork,
		CryptoNetworkName: asset.CryptoNetworkName,
		AddressLink:       asset.AddressURL(p.Address),
		TransactionLink:   asset.TransactionURL(p.LastTrxHash),
		AddressID:         p.AddressID,
		Address:           p.Address,
		Confirms:          asset.Confirmations,
		StartDate:         unixTime(p.StartDate),
		EndDate:           unixTime(p.EndDate),
		PaymentURL:        v.publicURL + "/payment/" + p.ID + "?code=" + p.Code,
		// oi names the store, as the seed's qrcode_urls do: a checkout of many stores in front of
		// this gateway finds the payment's store from it.
		QRCodeURL:         v.publicURL + "/int/payment/" + p.ID + "/qrcode?code=" + p.Code + "&oi=" + p.StoreID,
		MerchantFields:    p.Fields,
		DedicateID:        p.DedicateID,
		Timeout:           p.Timeout,
		FiatProvider:      p.FiatProvider,
		FiatAssetID:       p.FiatAssetID,
		Code:              p.Code,
		MinCompleteAmount: p.MinComplete,
	}
	if p.CompleteDate != nil {
		t := unixTime(*p.CompleteDate)
		out.CompleteDate = &t
	}
	return out
}

func unixTime(sec int64) gateway.Time { return gateway.NewTime(time.Unix(sec, 0)) }

// unixPtr is t in the store's form of an optional date: seconds, nil for none.
func unixPtr(t time.Time) *int64 {
	sec := t.Unix()
	return &sec
}

// dedicate builds the seed's dedication object.
func (v views) dedicate(d store.Dedicate) gateway.Dedicate {
	asset, _ := gateway.LookupAsset(d.AssetID)
	out := gateway.Dedicate{
		DedicateID:        d.ID,
		DedicateNum:       strconv.FormatInt(d.Num, 10),
		DedicateType:      d.Type,
		StoreID:           d.StoreID,
		StoreName:         d.StoreName,
		AccountID:         d.AccountID,
		IsTest:            d.IsTest,
		AssetID:           d.AssetID,
		Status:            d.Status,
		StatusName:        gateway.DedicateStatusName(d.Status),
		CryptoNetwork:     asset.CryptoNetwork,
		CryptoNetworkName: asset.CryptoNetworkName,
		AddressLink:       asset.AddressURL(d.Address),
		AddressID:         d.AddressID,
		Address:           d.Address,
		AddressAlloc:      d.Alloc,
		StartDate:         unixTime(d.StartDate),
		EndDate:           unixTime(d.EndDate),
		PaymentURL:        v.publicURL + "/dedicate/" + d.ID,
		QRCodeURL:         v.publicURL + "/int/dedicate/" + d.ID + "/qrcode?oi=" + d.StoreID, // oi: the store, as in the seed
		MerchantFields:    d.Fields,
	}
	if d.CompleteDate != nil {
		t := unixTime(*d.CompleteDate)
		out.CompleteDate = &t
	}
	return out
}

// receipt is what the payment rules take of a transaction.
func receipt(t store.Transaction) gateway.Receipt {
	return gateway.Receipt{Amount: t.Amount, Confirmations: t.Confirmations, Confirms: t.Confirms, Late: t.Late}
}

// transactionAPI builds the seed's transaction object.
func transactionAPI(t store.Transaction) gateway.Transaction {
	asset, _ := gateway.LookupAsset(t.AssetID)
	status := gateway.StatusOpen
	completed := t.ReceivedAt
	if t.ConfirmedAt != nil {
		status, completed = gateway.StatusComplete, *t.ConfirmedAt
	}
	return gateway.Transaction{
		TrxID:             t.ID,
		Status:            status,
		StatusName:        gateway.TransactionStatusName(status),
		TrxDate:           unixTime(completed),
		TrxReceived:       unixTime(t.ReceivedAt),
		CryptoNetwork:     t.Network,
		CryptoNetworkName: asset.CryptoNetworkName,
		Address:           t.Address,
		TrxHash:           t.Hash,
		AddressLink:       asset.AddressURL(t.Address),
		TransactionLink:   asset.TransactionURL(t.Hash),
		Amount:            t.Amount,
		Currency:          asset.Currency,
		AssetID:           t.AssetID,
		Confirmations:     t.Confirmations,
		Confirms:          t.Confirms,
		Late:              t.Late,
		PaymentID:         t.PaymentID,
	}
}

// withdrawAPI builds the seed's withdrawal object.
func withdrawAPI(w store.Withdraw) gateway.Withdraw {
	asset, _ := gateway.LookupAsset(w.AssetID)
	out := gateway.Withdraw{
		WithdrawID:        w.ID,
		StoreID:           w.StoreID,
		AccountID:         w.AccountID,
		WithdrawNum:       strconv.FormatInt(w.Num, 10),
		StoreName:         w.StoreName,
		IsTest:            w.IsTest,
		Amount:            w.Amount,
		AssetID:           w.AssetID,
		Fee:               w.Fee,
		FeeAssetID:        w.FeeAssetID,
		CryptoNetwork:     asset.CryptoNetwork,
		CryptoNetworkName: asset.CryptoNetworkName,
		Status:            w.Status,
		StatusName:        gateway.StatusName(w.Status),
		Address:           w.Address,
		Confirms:          w.Confirms,
		StartDate:         unixTime(w.StartDate),
		EndDate:           unixTime(w.EndDate),
		WithdrawFields:    w.Fields,
		Timeout:           w.Timeout,
		RequestAmount:     w.RequestAmount,
		RequestAssetID:    w.RequestAssetID,
		Rate:              w.Rate,
		RateDate:          unixTime(w.RateDate),
		TrxHash:           w.TrxHash,
		TransactionLink:   asset.TransactionURL(w.TrxHash),
	}
	if w.CompleteDate != nil {
		t := unixTime(*w.CompleteDate)
		out.CompleteDate = &t
	}
	return out
}

// paymentTopics are the live topics a change of p concerns: the payment's, and its dedicated address's
// (whose page lists it) when it has one.
func paymentTopics(p store.Payment) []string {
	if p.DedicateID == "" {
		return []string{live.PaymentTopic(p.ID)}
	}
	return []string{live.PaymentTopic(p.ID), live.DedicateTopic(p.DedicateID)}
}
