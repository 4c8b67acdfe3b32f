package payer

import (
	"strconv"
	"strings"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

// dedicatePage builds the dedicated-address page's view model, the one place that turns a
// dedicated address into what the payer reads. testTools is false where the pages offer none.
// since is when the payer opened the page (Unix seconds): a deposit from then on that covers the
// link's amount is acknowledged, and the page stops asking.
func dedicatePage(v gateway.DedicateView, due dedicateDue, since int64, links dedicateURLs, loc *locales.Localizer, testTools bool) views.DedicatePage {
	asset, _ := gateway.LookupAsset(v.AssetID)
	store := storeName(v.StoreName, loc)
	m := views.DedicatePage{
		Layout:      brandedLayout(loc, loc.T("dedicate.title", "Store", store), !v.Released(), v.Page),
		DedicateID:  v.DedicateID,
		State:       views.DedicateOpen,
		Store:       store,
		Description: v.Description,
		IsTest:      v.IsTest,
		Logo:        logoURL(v.Page),
		Payments:    dedicatePayments(v.Payments, v.IsTest, loc),
		Live: views.Live{
			EventsURL: links.path("/events"),
			PageURL:   links.path(""),
			Origins:   messageOrigins(v.FrameAncestors),
		},
		Version: dedicateVersion(v),
	}
	m.Layout.RefreshURL = links.path("")
	received := due.amount.IsPositive() && covered(v.Payments, due.amount, since)
	switch {
	case v.Released():
		m.State = views.DedicateReleased
		m.Headline, m.Detail = loc.T("dedicate.released.title"), loc.T("dedicate.released.detail", "Store", store)
		m.Contact = contactOf(v.Page, store, loc)
	case received:
		m.State = views.DedicateReceived
		m.Headline = loc.T("screen.dedicate_received.title", "Amount", money(due.amount, asset))
		m.Detail = loc.T("screen.dedicate_received.detail", "Store", store)
	case due.amount.IsPositive():
		m.Headline, m.Detail = loc.T("state.waiting.title"), loc.T("state.waiting.detail")
	default:
		m.Headline, m.Detail = loc.T("state.open.title"), loc.T("dedicate.open.detail", "Store", store)
	}
	if due.bad && !v.Released() {
		m.Notice = loc.T("dedicate.bad_amount")
	}
	if m.State == views.DedicateOpen {
		m.Pay = dedicatePayPanel(v, asset, due, links, loc)
	}
	if v.IsTest && testTools {
		m.Test = dedicateTestTools(v, m.State == views.DedicateOpen, links, loc)
	}
	return m
}

func dedicatePayPanel(v gateway.DedicateView, asset gateway.Asset, due dedicateDue, links dedicateURLs, loc *locales.Localizer) *views.PayPanel {
	uri := gateway.WalletURI(asset, v.Address, due.amount)
	pp := &views.PayPanel{
		Currency:   asset.Currency,
		AssetLabel: assetLabel(asset),
		Network:    asset.CryptoNetworkName,
		Address:    v.Address,
		QRURL:      links.with("/qr.png", "v", shortHash(uri)),
	}
	if due.amount.IsPositive() {
		pp.Amount = due.amount.String()
		if due.fiat != "" {
			pp.Fiat = loc.T("pay.fiat", "Amount", loc.Money(due.fiat, due.fiatCode))
		}
		if due.quote != "" {
			pp.Quote = "≈ " + due.quote
		}
	}
	pp.QRAlt = qrAlt(asset, pp.Amount != "", loc)
	pp.Guidance = guidance(asset, pp.Amount, loc)
	if asset.CryptoNetwork != gateway.NetworkTron && plainAddress(v.Address) {
		pp.WalletURI = uri
	}
	return pp
}

// dedicatePayments lists the address's payments: what arrived, and how far it is confirmed.
func dedicatePayments(ps []gateway.DedicatePayment, emulated bool, loc *locales.Localizer) views.DedicatePayments {
	l := views.DedicatePayments{Heading: loc.N("dedicate.payments", len(ps)), Rows: make([]views.DedicatePaymentRow, 0, len(ps))}
	for _, dp := range ps {
		p := dp.Payment
		asset, _ := gateway.LookupAsset(p.PaymentAssetID)
		r := views.DedicatePaymentRow{
			Number:  p.PaymentNum,
			DateISO: p.StartDate.Time.UTC().Format(time.RFC3339),
			Date:    loc.DateTime(p.StartDate.Time),
			Amount:  money(p.IPAmount, asset),
		}
		// The payment is final when its least-confirmed transaction is.
		least, need := -1, asset.Confirmations
		for _, t := range dp.Transactions {
			if t.Confirmations < t.Confirms && (least < 0 || t.Confirmations < least) {
				least, need = t.Confirmations, t.Confirms
			}
		}
		if n := len(dp.Transactions); n > 0 {
			last := dp.Transactions[n-1]
			r.ShortHash = shortenHash(last.TrxHash)
			if !emulated { // a test store's hashes are made up: no live explorer knows them
				r.ExplorerURL = explorerURL(last.TransactionLink, last.TrxHash)
			}
		}
		switch {
		case p.Status == gateway.StatusCancel:
			r.Status = loc.T("dedicate.cancelled")
		case least >= 0:
			r.Status = loc.N("progress.confirmations", need, "Done", least)
		default:
			r.Status, r.Confirmed = loc.T("tx.confirmed"), true
		}
		l.Rows = append(l.Rows, r)
	}
	return l
}

func dedicateTestTools(v gateway.DedicateView, asking bool, links dedicateURLs, loc *locales.Localizer) *views.TestTools {
	confirming := false
	for _, dp := range v.Payments {
		for _, t := range dp.Transactions {
			if t.Confirmations < t.Confirms {
				confirming = true
			}
		}
	}
	tt := &views.TestTools{}
	if asking {
		tt.Buttons = append(tt.Buttons, views.TestButton{Action: string(gateway.TestPayFull), Label: loc.T("test.send"), URL: links.path("/test/" + string(gateway.TestPayFull))})
	}
	if confirming {
		for _, a := range []gateway.TestAction{gateway.TestConfirm, gateway.TestConfirmAll} {
			tt.Buttons = append(tt.Buttons, views.TestButton{Action: string(a), Label: loc.T("test." + string(a)), URL: links.path("/test/" + string(a))})
		}
	}
	if len(tt.Buttons) == 0 {
		return nil
	}
	return tt
}

// covered reports whether a payment of the address that started after the page was opened brought
// at least amount: the deposit the link asked for arrived, and the page stops asking. An earlier
// deposit, for an earlier request, does not answer this one. Times are whole seconds, so a
// deposit in the very second the page opened is not taken (nor one that a remote gateway's clock,
// running behind, dates before it): the page then keeps asking, the safe way to be wrong.
func covered(ps []gateway.DedicatePayment, amount gateway.Amount, since int64) bool {
	opened := time.Unix(since, 0)
	for _, dp := range ps {
		p := dp.Payment
		if p.Status != gateway.StatusCancel && p.StartDate.Time.After(opened) && !p.IPAmount.LessThan(amount) {
			return true
		}
	}
	return false
}

// dedicateVersion is a digest of what the page shows of the address (its status, its payments and
// their confirmations), whatever the language: the live stream sends it, and a page whose version
// differs fetches itself again.
func dedicateVersion(v gateway.DedicateView) string {
	var b strings.Builder
	b.WriteString(v.Status)
	for _, dp := range v.Payments {
		p := dp.Payment
		b.WriteString("|" + p.PaymentID + ":" + p.Status + ":" + p.IPAmount.String())
		for _, t := range dp.Transactions {
			b.WriteString(":" + t.TrxHash + "/" + strconv.Itoa(t.Confirmations))
		}
	}
	return shortHash(b.String())
}
