package payer

import (
	"strings"
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
	store := p.StoreName
	if store == "" {
		store = loc.T("page.store_fallback")
	}
	links := paymentLinks(p.PaymentID, p.Code, chosenLang)
	m := views.PaymentPage{
		Layout:      layout(loc, loc.T("page.title", "Store", store), !gateway.IsFinal(p.Status)),
		PaymentID:   p.PaymentID,
		Number:      p.PaymentNum,
		State:       state,
		Status:      p.Status,
		OpenAmount:  p.PaymentType == gateway.OpenAmount,
		Store:       store,
		Description: p.Description,
		Payer:       p.PayerName,
		IsTest:      p.IsTest,
		Txs:         txList(v.Transactions, loc),
		SuccessURL:  httpURL(p.SuccessURL),
		CancelURL:   httpURL(p.CancelURL),
		Live: views.Live{
			EventsURL: links.path("/events"),
			PageURL:   links.path(""),
			Origins:   messageOrigins(v.FrameAncestors),
		},
	}
	m.Headline, m.Detail = headline(state, m.OpenAmount, p, asset, store, loc)
	if state.Payable() {
		m.Pay = payPanel(p, asset, links, loc, now)
		// What the page says by itself at the deadline, before the gateway's decision arrives.
		m.Live.ExpiredState = string(expiredState(state))
		m.Live.ExpiredHeadline, m.Live.ExpiredDetail = headline(expiredState(state), m.OpenAmount, p, asset, store, loc)
	}
	if state != views.StateWaiting && state != views.StateExpired {
		m.Progress = progress(p, asset, state, v.Transactions, loc)
	}
	if p.IsTest {
		m.Test = testTools(p, v.Transactions, links, loc)
	}
	return m
}

// paymentPage is the payment page's model as this handler shows it: without test tools where the
// pages offer none.
func (h *Handler) paymentPage(v gateway.PaymentView, loc *locales.Localizer, chosenLang string) views.PaymentPage {
	m := paymentPage(v, loc, chosenLang, h.now())
	if !h.testTools() {
		m.Test = nil
	}
	return m
}

func headline(state views.State, open bool, p gateway.Payment, asset gateway.Asset, store string, loc *locales.Localizer) (string, string) {
	key := "state." + string(state)
	switch state {
	case views.StateWaiting:
		if open {
			key = "state.open"
		}
	case views.StatePaid, views.StateLate:
		return loc.T(key + ".title"), loc.T(key+".detail", "Store", store)
	case views.StateExpiredPartial:
		return loc.T(key + ".title"), loc.T(key+".detail", "Store", store,
			"Received", money(p.IPAmount, asset), "Total", money(p.PaymentAmount, asset))
	}
	return loc.T(key + ".title"), loc.T(key + ".detail")
}

func payPanel(p gateway.Payment, asset gateway.Asset, links paymentURLs, loc *locales.Localizer, now time.Time) *views.PayPanel {
	due := gateway.Zero
	if p.PaymentType == gateway.FixedAmount {
		due = p.RemainAmount
	}
	uri := qrContent(p)
	pp := &views.PayPanel{
		Currency:   asset.Currency,
		AssetLabel: assetLabel(asset),
		Network:    asset.CryptoNetworkName,
		Fiat:       fiatEquivalent(p, due, loc),
		Address:    p.Address,
		QRURL:      links.path("/qr.png") + "&v=" + shortHash(uri),
		Countdown:  countdown(p.EndDate.Time, now, loc),
	}
	if due.IsPositive() {
		pp.Amount = due.String()
	}
	// TRON has no wallet URI scheme (its QR code is the bare address), and a link is only offered
	// for an address that cannot smuggle anything into the URI.
	if asset.CryptoNetwork != gateway.NetworkTron && plainAddress(p.Address) {
		pp.WalletURI = uri
	}
	return pp
}

// fiatEquivalent is "About 100.00 USD": the price while nothing arrived, what remains at the
// payment's own rate after a partial payment. Empty when the price is not in fiat.
func fiatEquivalent(p gateway.Payment, due gateway.Amount, loc *locales.Localizer) string {
	priced, ok := gateway.LookupAsset(p.AssetID)
	if !ok || priced.IsCrypto() || !due.IsPositive() || !p.Amount.IsPositive() {
		return ""
	}
	value := p.Amount
	if p.IPAmount.IsPositive() {
		value = gateway.PaidAmount(due, p.Rate, priced.Precision)
	}
	return loc.T("pay.fiat", "Amount", loc.Money(value.Decimal().StringFixed(priced.Precision), priced.Currency))
}

func countdown(end, now time.Time, loc *locales.Localizer) views.Countdown {
	c := views.Countdown{
		EndISO:  end.UTC().Format(time.RFC3339),
		EndUnix: end.Unix(),
		Forms:   loc.PluralForms("countdown.minutes"),
		Seconds: loc.PluralForms("countdown.seconds"),
		Over:    loc.T("countdown.over"),
	}
	// The time goes into the sentence as a marker, so the page can put it in a <time> element
	// wherever the language places it.
	const marker = "\uE000"
	c.DeadlineBefore, c.DeadlineAfter, _ = strings.Cut(loc.T("countdown.deadline", "Time", marker), marker)
	c.DeadlineText = loc.DateTime(end)
	switch left := end.Sub(now); {
	case left <= 0:
		c.Text = c.Over
	case left < time.Minute:
		c.Text = loc.N("countdown.seconds", int((left+time.Second-1)/time.Second))
	default:
		c.Text = loc.N("countdown.minutes", int(left/time.Minute))
	}
	return c
}

func progress(p gateway.Payment, asset gateway.Asset, state views.State, txs []gateway.Transaction, loc *locales.Localizer) *views.Progress {
	pr := &views.Progress{Received: money(p.IPAmount, asset)}
	if p.PaymentType == gateway.FixedAmount {
		pr.Total = money(p.PaymentAmount, asset)
		if p.RemainAmount.IsPositive() && state != views.StatePaid && state != views.StateLate {
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

func txList(txs []gateway.Transaction, loc *locales.Localizer) views.TxList {
	l := views.TxList{Heading: loc.N("tx.heading", len(txs)), Rows: make([]views.TxRow, 0, len(txs))}
	for _, t := range txs {
		asset, _ := gateway.LookupAsset(t.AssetID)
		r := views.TxRow{
			Hash:        t.TrxHash,
			ShortHash:   shortenHash(t.TrxHash),
			Amount:      money(t.Amount, asset),
			Confirmed:   t.Confirmations >= t.Confirms,
			Late:        t.Late,
			ExplorerURL: explorerURL(t.TransactionLink, t.TrxHash),
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

func testTools(p gateway.Payment, txs []gateway.Transaction, links paymentURLs, loc *locales.Localizer) *views.TestTools {
	confirming := false
	for _, t := range txs {
		if t.Confirmations < t.Confirms {
			confirming = true
		}
	}
	tt := &views.TestTools{}
	for _, a := range gateway.TestActions {
		switch {
		case (a == gateway.TestConfirm || a == gateway.TestConfirmAll) && !confirming,
			a == gateway.TestExpire && gateway.IsFinal(p.Status):
			continue
		}
		tt.Buttons = append(tt.Buttons, views.TestButton{Action: string(a), Label: loc.T("test." + string(a)), URL: links.path("/test/" + string(a))})
	}
	return tt
}
