package payer

import (
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

// paymentPage builds the payment page's view model: the one place that turns a payment into what
// the payer reads. The live stream sends the same model, so page and updates never disagree.
// chosenLang is the language the payer picked with ?lang=, carried on in the page's links; without
// one, every part of the page makes the same choice again from the payment and the browser.
func paymentPage(v gateway.PaymentView, loc *locales.Localizer, chosenLang string, now time.Time) views.PaymentPage {
	p := v.Payment
	asset, _ := gateway.LookupAsset(p.PaymentAssetID)
	state := stateOf(p, v.Transactions, now)
	store := storeName(p.StoreName, loc)
	links := paymentLinks(p.PaymentID, p.Code, chosenLang)
	m := views.PaymentPage{
		Layout:      brandedLayout(loc, loc.T("page.title", "Store", store), !gateway.IsFinal(p.Status), v.Page),
		PaymentID:   p.PaymentID,
		Number:      p.PaymentNum,
		State:       state,
		Status:      p.Status,
		OpenAmount:  p.PaymentType == gateway.OpenAmount,
		Store:       store,
		Description: p.Description,
		Payer:       p.PayerName,
		IsTest:      p.IsTest,
		Logo:        logoURL(v.Page),
		Txs:         txList(v.Transactions, p.IsTest, loc),
		SuccessURL:  httpURL(p.SuccessURL),
		CancelURL:   httpURL(p.CancelURL),
		Live: views.Live{
			EventsURL: links.path("/events"),
			PageURL:   links.path(""),
			Origins:   messageOrigins(v.FrameAncestors),
		},
	}
	a := arrivalsOf(v.Transactions)
	m.Headline, m.Detail = headline(state, m.OpenAmount, p, a, asset, store, loc)
	if state == views.StatePaid && a.anyLate {
		m.Note = loc.T("screen.paid_extra", "Amount", money(a.late, asset), "Store", store)
	}
	if sendsToStore(state, a) {
		m.Contact = contactOf(v.Page, store, loc)
	}
	if state.Payable() {
		m.Pay = payPanel(p, asset, links, loc, now)
		// What the page says by itself at the deadline, before the gateway's decision arrives.
		m.Live.ExpiredState = string(expiredState(state))
		m.Live.ExpiredHeadline, m.Live.ExpiredDetail = headline(expiredState(state), m.OpenAmount, p, a, asset, store, loc)
	}
	if state != views.StateWaiting && state != views.StateExpired {
		m.Progress = progress(p, asset, state, v.Transactions, loc)
	}
	if state == views.StatePaid {
		m.Receipt = receiptOf(p, a, asset, links, loc)
	}
	if p.IsTest {
		m.Test = testTools(p, state, v.Transactions, links, loc)
	}
	return m
}

// paymentPage is the payment page's model as this handler shows it: without test tools where the
// pages offer none, without a logo where there is none to serve.
func (h *Handler) paymentPage(v gateway.PaymentView, loc *locales.Localizer, chosenLang string) views.PaymentPage {
	m := paymentPage(v, loc, chosenLang, h.now())
	m.Card = h.cardPanel(v.Payment, m.State, paymentLinks(v.Payment.PaymentID, v.Payment.Code, chosenLang), loc)
	if !h.testTools() {
		m.Test = nil
	}
	m.Logo = h.logoURL(v.Page)
	return m
}

// sendsToStore reports whether the screen tells the payer to contact the store: whenever money
// reached the store without completing the payment, or beyond it.
func sendsToStore(state views.State, a arrivals) bool {
	switch state {
	case views.StateExpiredPartial, views.StateLate, views.StateLatePartial:
		return true
	case views.StatePaid:
		return a.anyLate
	}
	return false
}

func storeName(name string, loc *locales.Localizer) string {
	if name == "" {
		return loc.T("page.store_fallback")
	}
	return name
}

// brandedLayout is a page's frame with the store's colours.
func brandedLayout(loc *locales.Localizer, title string, refresh bool, sp gateway.PageSettings) views.Layout {
	l := layout(loc, title, refresh)
	l.BrandCSS = brandCSS(sp)
	return l
}

// headline is the screen's one outcome, and the sentence that explains it.
func headline(state views.State, open bool, p gateway.Payment, a arrivals, asset gateway.Asset, store string, loc *locales.Localizer) (string, string) {
	key := "state." + string(state)
	switch state {
	case views.StateWaiting:
		if open {
			return loc.T("state.waiting.title"), loc.T("state.open.detail")
		}
	case views.StatePaid:
		return loc.T(key + ".title"), loc.T(key+".detail", "Store", store)
	case views.StateExpiredPartial:
		return loc.T(key + ".title"), loc.T(key+".detail", "Store", store,
			"Received", money(a.onTime, asset), "Total", money(p.PaymentAmount, asset))
	case views.StateLate:
		return loc.T("screen.late.title"), loc.T("screen.late.detail", "Store", store, "Received", money(a.onTime.Add(a.late), asset))
	case views.StateLatePartial:
		return loc.T("screen.late_partial.title"), loc.T("screen.late_partial.detail", "Store", store,
			"Received", money(a.onTime.Add(a.late), asset), "Total", money(p.PaymentAmount, asset))
	}
	return loc.T(key + ".title"), loc.T(key + ".detail")
}

func progress(p gateway.Payment, asset gateway.Asset, state views.State, txs []gateway.Transaction, loc *locales.Localizer) *views.Progress {
	pr := &views.Progress{Received: money(p.IPAmount, asset)}
	if p.PaymentType == gateway.FixedAmount {
		pr.Total = money(p.PaymentAmount, asset)
		// Only a screen that still asks for money tells what is left to pay.
		if p.RemainAmount.IsPositive() && state.Payable() {
			pr.Remaining = money(p.RemainAmount, asset)
		}
	}
	if state == views.StateConfirming {
		// The payment is final when its least-confirmed transaction is.
		least, need := -1, asset.Confirmations
		for _, t := range txs {
			if !t.Late && t.Confirmations < t.Confirms && (least < 0 || t.Confirmations < least) {
				least, need = t.Confirmations, t.Confirms
			}
		}
		if least >= 0 {
			pr.Confirmations = loc.N("progress.confirmations", need, "Done", least)
		}
	}
	return pr
}

// txList lists the transactions. A test store's are emulated, their hashes made up: they are shown
// but never linked to a live explorer.
func txList(txs []gateway.Transaction, emulated bool, loc *locales.Localizer) views.TxList {
	l := views.TxList{Heading: loc.N("tx.heading", len(txs)), Rows: make([]views.TxRow, 0, len(txs))}
	for _, t := range txs {
		asset, _ := gateway.LookupAsset(t.AssetID)
		r := views.TxRow{
			Hash:      t.TrxHash,
			ShortHash: shortenHash(t.TrxHash),
			Amount:    money(t.Amount, asset),
			Confirmed: t.Confirmations >= t.Confirms,
			Late:      t.Late,
			Emulated:  emulated,
		}
		if when := t.TrxReceived.Time; !when.IsZero() {
			r.DateISO, r.Date = when.UTC().Format(time.RFC3339), loc.DateTime(when)
		}
		if !emulated {
			r.ExplorerURL = explorerURL(t.TransactionLink, t.TrxHash)
		}
		switch {
		case t.Late:
			r.Status = loc.T("tx.late")
		case r.Confirmed:
			r.Status = loc.T("tx.confirmed")
		default:
			r.Status = loc.N("progress.confirmations", t.Confirms, "Done", t.Confirmations)
		}
		l.Rows = append(l.Rows, r)
	}
	return l
}
