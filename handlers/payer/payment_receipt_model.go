package payer

import (
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

// receiptOf is the proof of a paid payment: its price in the store's money, what arrived, when it
// was paid, and the number and id the store finds it by.
func receiptOf(p gateway.Payment, a arrivals, asset gateway.Asset, links paymentURLs, loc *locales.Localizer) *views.Receipt {
	r := &views.Receipt{
		Paid:   money(a.onTime, asset),
		Number: p.PaymentNum,
		ID:     p.PaymentID,
		URL:    links.path("/receipt"),
		Rate:   unitPrice(p, asset, loc),
	}
	if priced, ok := gateway.LookupAsset(p.AssetID); ok && !priced.IsCrypto() && p.Amount.IsPositive() {
		r.Fiat = loc.Money(p.Amount.Decimal().StringFixed(priced.Precision), priced.Currency)
	}
	if p.CompleteDate != nil && !p.CompleteDate.Time.IsZero() {
		r.PaidAtISO, r.PaidAt = p.CompleteDate.Time.UTC().Format(time.RFC3339), loc.DateTime(p.CompleteDate.Time)
	}
	return r
}

// receiptPage is the printable receipt of a payment. Only a paid payment has one; for any other the
// page says what the payment came to instead, without a receipt.
func receiptPage(v gateway.PaymentView, loc *locales.Localizer, chosenLang string, now time.Time) views.ReceiptPage {
	p := v.Payment
	asset, _ := gateway.LookupAsset(p.PaymentAssetID)
	store := storeName(p.StoreName, loc)
	state := stateOf(p, v.Transactions, now)
	links := paymentLinks(p.PaymentID, p.Code, chosenLang)
	a := arrivalsOf(v.Transactions)
	m := views.ReceiptPage{
		Layout:      brandedLayout(loc, loc.T("screen.receipt.title", "Store", store), false, v.Page),
		Store:       store,
		Logo:        logoURL(v.Page),
		Description: p.Description,
		Payer:       p.PayerName,
		IsTest:      p.IsTest,
		Paid:        state == views.StatePaid,
		Total:       money(p.PaymentAmount, asset),
		Txs:         txList(v.Transactions, p.IsTest, loc),
		Contact:     contactOf(v.Page, store, loc),
		PageURL:     links.path(""),
	}
	m.Receipt = *receiptOf(p, a, asset, links, loc)
	if m.Paid {
		m.Status = loc.T("state.paid.title")
	} else {
		m.Status, _ = headline(state, p.PaymentType == gateway.OpenAmount, p, a, asset, store, loc)
		m.Receipt.PaidAt, m.Receipt.PaidAtISO = "", ""
	}
	if p.PaymentType == gateway.OpenAmount {
		m.Total = ""
	}
	return m
}
