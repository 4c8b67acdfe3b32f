package payer

import (
	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

// testTools are the test store's buttons that make sense on this screen: sending while the payer
// still has to pay (the rest after a partial payment; one sample payment for an open amount),
// confirming while something confirms, expiring while the payment is open. A decided payment
// offers nothing to send: the screen's outcome stands.
func testTools(p gateway.Payment, state views.State, txs []gateway.Transaction, links paymentURLs, loc *locales.Localizer) *views.TestTools {
	confirming := false
	for _, t := range txs {
		if t.Confirmations < t.Confirms {
			confirming = true
		}
	}
	open := p.PaymentType == gateway.OpenAmount
	tt := &views.TestTools{}
	add := func(a gateway.TestAction, label string) {
		tt.Buttons = append(tt.Buttons, views.TestButton{Action: string(a), Label: loc.T(label), URL: links.path("/test/" + string(a))})
	}
	switch {
	case state == views.StateWaiting && open:
		add(gateway.TestPayFull, "test.send")
	case state == views.StateWaiting:
		add(gateway.TestPayFull, "test.pay")
		add(gateway.TestPayPart, "test.pay-part")
	case state == views.StatePartial:
		add(gateway.TestPayFull, "screen.pay_rest")
		add(gateway.TestPayPart, "test.pay-part")
	}
	if confirming {
		add(gateway.TestConfirm, "test.confirm")
		add(gateway.TestConfirmAll, "test.confirm-all")
	}
	if p.Status == gateway.StatusOpen {
		add(gateway.TestExpire, "test.expire")
	}
	if len(tt.Buttons) == 0 {
		return nil
	}
	return tt
}
