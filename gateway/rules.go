package gateway

import "time"

// Markup is a store's markup for one crypto asset: a percentage of the converted amount and/or
// an absolute amount in that crypto. Nil fields are unset.
type Markup struct {
	Percent *Amount
	Amount  *Amount
}

// Of returns the markup to add to converted: the larger of the two settings (seed: "If you have
// stated both, the maximum"), zero when neither is set.
func (m Markup) Of(converted Amount) Amount {
	out := Zero
	if m.Amount != nil {
		out = out.Max(*m.Amount)
	}
	if m.Percent != nil {
		out = out.Max(converted.Percent(*m.Percent))
	}
	return out
}

// PaymentAmount is what the payer owes: converted plus markup, rounded up at the asset's
// precision so the merchant never receives less than the price.
func PaymentAmount(converted Amount, m Markup, precision int32) Amount {
	return converted.Add(m.Of(converted)).RoundUp(precision)
}

// Underpayment is a store's tolerance for FIXED payments: a percentage of payment_amount and/or an
// amount already converted into the payment's crypto. Nil fields are unset.
type Underpayment struct {
	Percent *Amount
	Amount  *Amount
}

// Allowance is how much less than payment_amount completes the payment: the smaller of the two
// settings (seed: "the minimum of either"), only the one set when one is unset, zero when none is.
// It is rounded down at precision so the tolerance is never larger than configured.
func (u Underpayment) Allowance(paymentAmount Amount, precision int32) Amount {
	var out *Amount
	if u.Amount != nil {
		v := *u.Amount
		out = &v
	}
	if u.Percent != nil {
		v := paymentAmount.Percent(*u.Percent)
		if out == nil || v.LessThan(*out) {
			out = &v
		}
	}
	if out == nil || out.IsNegative() {
		return Zero
	}
	return out.RoundDown(precision).Min(paymentAmount)
}

// MinCompleteAmount is what confirmed receipts must reach to complete a payment of this type.
// OPEN payments complete on any amount, so theirs is the asset's smallest unit.
func MinCompleteAmount(paymentType string, paymentAmount Amount, u Underpayment, asset Asset) Amount {
	smallest := Amount{asset.MinSize.d}
	if paymentType == OpenAmount {
		return smallest
	}
	return paymentAmount.Sub(u.Allowance(paymentAmount, asset.Precision)).Max(smallest)
}

// Receipt is what the status decision needs to know of one transaction.
type Receipt struct {
	Amount        Amount
	Confirmations int
	Confirms      int  // required confirmations
	Late          bool // arrived after end_date or after the payment was decided
}

// Confirmed reports whether the receipt has its required confirmations.
func (r Receipt) Confirmed() bool { return r.Confirmations >= r.Confirms }

// Totals are the sums the API reports for a payment.
type Totals struct {
	Received  Amount // every transaction, late ones included (ip_amount)
	OnTime    Amount // transactions that count towards completion
	Confirmed Amount // on-time transactions with their confirmations
	Pending   int    // on-time transactions still confirming
}

// Sum adds up receipts.
func Sum(rs []Receipt) Totals {
	var t Totals
	for _, r := range rs {
		t.Received = t.Received.Add(r.Amount)
		if r.Late {
			continue
		}
		t.OnTime = t.OnTime.Add(r.Amount)
		if r.Confirmed() {
			t.Confirmed = t.Confirmed.Add(r.Amount)
		} else {
			t.Pending++
		}
	}
	return t
}

// PaymentState is the part of a payment that decides its status.
type PaymentState struct {
	Status            string
	MinCompleteAmount Amount
	EndDate           time.Time
}

// NextStatus decides a payment's status from its receipts at time now:
//   - final statuses never change;
//   - COMPLETE once confirmed on-time receipts reach MinCompleteAmount;
//   - before end_date: CLOSING once on-time receipts (confirmed or not) reach it, else OPEN;
//   - from end_date: CLOSING while on-time receipts are still confirming (decided when they
//     confirm), else CANCEL.
func NextStatus(p PaymentState, t Totals, now time.Time) string {
	if IsFinal(p.Status) {
		return p.Status
	}
	if t.Confirmed.IsPositive() && t.Confirmed.Cmp(p.MinCompleteAmount) >= 0 {
		return StatusComplete
	}
	if now.Before(p.EndDate) {
		if t.OnTime.IsPositive() && t.OnTime.Cmp(p.MinCompleteAmount) >= 0 {
			return StatusClosing
		}
		return StatusOpen
	}
	if t.Pending > 0 {
		return StatusClosing
	}
	return StatusCancel
}

// RemainAmount is what the payer still has to send: max(0, payment_amount − received) for FIXED,
// zero for OPEN.
func RemainAmount(paymentType string, paymentAmount, received Amount) Amount {
	if paymentType == OpenAmount {
		return Zero
	}
	return paymentAmount.Sub(received).Max(Zero)
}

// PaidAmount converts what was received back into the price's currency at the payment's own rate,
// rounded down at that currency's precision (never report more than arrived).
func PaidAmount(received Amount, rate Rate, precision int32) Amount {
	if rate.IsZero() {
		return Zero
	}
	return Amount{received.d.DivRound(rate.d, precision+8)}.RoundDown(precision)
}

// PaymentEndDate is start + timeout minutes, where 0 means the asset's default window.
func PaymentEndDate(start time.Time, timeout int, asset Asset) time.Time {
	if timeout <= 0 {
		timeout = asset.TimeoutToTrx
	}
	return start.Add(time.Duration(timeout) * time.Minute)
}
