package payer

import (
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/views"
)

// stateOf decides which screen a payment shows. The gateway's status says whether the payment is
// open, confirming or decided; its transactions tell a partial payment from none, and a late one
// (money that came after the payment was decided) from the rest.
func stateOf(p gateway.Payment, txs []gateway.Transaction, now time.Time) views.State {
	onTime, late := gateway.Zero, false
	for _, t := range txs {
		if t.Late {
			late = true
		} else {
			onTime = onTime.Add(t.Amount)
		}
	}
	switch p.Status {
	case gateway.StatusComplete:
		if late {
			return views.StateLate
		}
		return views.StatePaid
	case gateway.StatusCancel:
		switch {
		case late:
			return views.StateLate
		case onTime.IsPositive():
			return views.StateExpiredPartial
		}
		return views.StateExpired
	case gateway.StatusClosing:
		// A payment that expired while too little was still confirming is kept open only to be
		// decided (cancelled) when that confirms: the payer learns now that it fell short.
		if p.PaymentType == gateway.FixedAmount && !now.Before(p.EndDate.Time) && onTime.LessThan(needed(p)) {
			return views.StateExpiredPartial
		}
		return views.StateConfirming
	}
	// Still open past the deadline: the gateway is about to cancel it (its scheduler, or a remote
	// gateway's webhook, may lag a little). The page never invites a payment past end_date; it says
	// what checkout.js says at the deadline, and the gateway's decision follows.
	if !p.EndDate.IsZero() && !now.Before(p.EndDate.Time) {
		if onTime.IsPositive() && p.PaymentType == gateway.FixedAmount {
			return views.StateExpiredPartial
		}
		if !onTime.IsPositive() {
			return views.StateExpired
		}
	}
	if onTime.IsPositive() {
		return views.StatePartial
	}
	return views.StateWaiting
}

// expiredState is the screen a payable payment turns into at its deadline.
func expiredState(state views.State) views.State {
	if state == views.StatePartial {
		return views.StateExpiredPartial
	}
	return views.StateExpired
}

// needed is what on-time receipts must reach to complete a fixed payment: the gateway's threshold
// when it tells it (the embedded engine does), else the full amount.
func needed(p gateway.Payment) gateway.Amount {
	if p.MinCompleteAmount.IsPositive() {
		return p.MinCompleteAmount
	}
	return p.PaymentAmount
}
