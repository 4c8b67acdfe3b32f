package payer

import (
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/views"
)

// arrivals sums a payment's transactions: what came in time and what came after the payment was
// decided or expired (late).
type arrivals struct {
	onTime, late gateway.Amount
	anyLate      bool
}

func arrivalsOf(txs []gateway.Transaction) arrivals {
	a := arrivals{onTime: gateway.Zero, late: gateway.Zero}
	for _, t := range txs {
		if t.Late {
			a.late, a.anyLate = a.late.Add(t.Amount), true
		} else {
			a.onTime = a.onTime.Add(t.Amount)
		}
	}
	return a
}

// stateOf decides which screen a payment shows. The gateway's status says whether the payment is
// open, confirming or decided; its transactions tell a partial payment from none, and a late one
// (money that came after the payment was decided) from the rest.
//
// One screen, one outcome: a paid payment stays paid whatever arrives later (the page adds a note
// about the extra money). After expiry, money that arrived late is told apart by whether it made
// up the amount (late) or not (late_partial).
func stateOf(p gateway.Payment, txs []gateway.Transaction, now time.Time) views.State {
	a := arrivalsOf(txs)
	switch p.Status {
	case gateway.StatusComplete:
		return views.StatePaid
	case gateway.StatusCancel:
		switch {
		case a.anyLate && (p.PaymentType == gateway.OpenAmount || !a.onTime.Add(a.late).LessThan(needed(p))):
			return views.StateLate
		case a.anyLate:
			return views.StateLatePartial
		case a.onTime.IsPositive():
			return views.StateExpiredPartial
		}
		return views.StateExpired
	case gateway.StatusClosing:
		// A payment that expired while too little was still confirming is kept open only to be
		// decided (cancelled) when that confirms: the payer learns now that it fell short.
		if p.PaymentType == gateway.FixedAmount && !now.Before(p.EndDate.Time) && a.onTime.LessThan(needed(p)) {
			return views.StateExpiredPartial
		}
		return views.StateConfirming
	}
	// Still open past the deadline: the gateway is about to cancel it (its scheduler, or a remote
	// gateway's webhook, may lag a little). The page never invites a payment past end_date; it says
	// what checkout.js says at the deadline, and the gateway's decision follows.
	if !p.EndDate.IsZero() && !now.Before(p.EndDate.Time) {
		if a.onTime.IsPositive() && p.PaymentType == gateway.FixedAmount {
			return views.StateExpiredPartial
		}
		if !a.onTime.IsPositive() {
			return views.StateExpired
		}
	}
	if a.onTime.IsPositive() {
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
