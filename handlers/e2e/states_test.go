package e2e

import "testing"

// screen is one of the payment page's screens, with how to bring a fresh payment to it through
// the API and the English headline it shows.
type screen struct {
	state    string
	headline string
	reach    func(t *testing.T, s *suite, p payment)
}

var screens = []screen{
	{"waiting", "Waiting for your payment", func(*testing.T, *suite, payment) {}},
	{"partial", "Partially paid", func(t *testing.T, s *suite, p payment) {
		s.send(t, p, part(t, p.PaymentAmount, "0.4"))
	}},
	{"confirming", "Payment received, waiting for confirmations", func(t *testing.T, s *suite, p payment) {
		s.send(t, p, p.PaymentAmount)
	}},
	{"paid", "Paid", func(t *testing.T, s *suite, p payment) {
		s.send(t, p, p.PaymentAmount)
		s.mine(t, p, 6)
	}},
	{"expired", "This payment has expired", func(t *testing.T, s *suite, p payment) {
		s.expire(t, p)
	}},
	{"expired_partial", "Expired before the full amount arrived", func(t *testing.T, s *suite, p payment) {
		s.send(t, p, part(t, p.PaymentAmount, "0.25"))
		s.mine(t, p, 6)
		s.expire(t, p)
	}},
	{"late", "Your payment arrived after the time ran out", func(t *testing.T, s *suite, p payment) {
		s.expire(t, p)
		s.send(t, p, p.PaymentAmount)
	}},
	{"late_partial", "Part of the amount arrived after the time ran out", func(t *testing.T, s *suite, p payment) {
		s.expire(t, p)
		s.send(t, p, part(t, p.PaymentAmount, "0.3"))
	}},
}

// paymentIn is a new BTC payment brought to the screen's state; it returns the payment as the
// API then describes it.
func (s *suite) paymentIn(t *testing.T, sc screen, more map[string]any) payment {
	t.Helper()
	p := s.newPayment(t, "BTC", more)
	sc.reach(t, s, p)
	now := s.payment(t, p.PaymentID)
	now.PaymentURL = p.PaymentURL
	return now
}
