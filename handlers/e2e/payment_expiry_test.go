package e2e

import "testing"

// A payment whose time runs out shows the expired screen by itself, with the way back to the
// store's cancel_url and nothing left to pay; after a partial payment it says what happened to
// the money that did arrive.
func TestPaymentExpiry(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *suite) {
		tests := []struct {
			name     string
			partial  bool
			state    string
			headline string
		}{
			{"nothing paid", false, "expired", "This payment has expired"},
			{"after a partial payment", true, "expired_partial", "Expired before the full amount arrived"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := s.newPayment(t, "LTC", nil)
				tb := s.tab(t)
				tb.open(t, p.PaymentURL)
				tb.waitFor(t, "the waiting screen", `document.getElementById("checkout").dataset.state === "waiting"`)
				if tt.partial {
					s.send(t, p, part(t, p.PaymentAmount, "0.25"))
					s.mine(t, p, 6)
					tb.waitFor(t, "the partial screen", `document.getElementById("checkout").dataset.state === "partial"`)
				}
				eval[bool](t, tb, `window.notReloaded = true`)
				s.expire(t, p)
				tb.waitFor(t, "the "+tt.state+" screen", `document.getElementById("checkout").dataset.state === `+quote(tt.state)+
					` && document.getElementById("headline").textContent === `+quote(tt.headline))
				tb.waitFor(t, "the expiry announced", `document.getElementById("announce").textContent === `+quote(tt.headline))
				if !eval[bool](t, tb, `window.notReloaded === true`) {
					t.Error("the page reloaded instead of updating itself")
				}
				if eval[bool](t, tb, `document.querySelector("[data-testid=pay]") !== null || document.getElementById("countdown") !== null`) {
					t.Error("an expired payment still asks for money")
				}
				if got, want := eval[string](t, tb, `document.querySelector("[data-testid=cancel-link]").href`), s.merchant.origin()+"/back?cancelled=1"; got != want {
					t.Errorf("back-to-store link %q, want cancel_url %q", got, want)
				}
				if tt.partial {
					now := s.payment(t, p.PaymentID)
					detail := eval[string](t, tb, `document.getElementById("detail").textContent`)
					for _, want := range []string{now.IPAmount + " LTC", now.PaymentAmount + " LTC", "contact"} {
						if !contains(detail, want) {
							t.Errorf("detail %q does not say %q", detail, want)
						}
					}
					if got, want := eval[string](t, tb, `document.getElementById("received").textContent`), now.IPAmount+" LTC"; got != want {
						t.Errorf("received %q, want %q", got, want)
					}
				}
				// The payer follows the way back to the store.
				tb.do(t, clickSelector("[data-testid=cancel-link]"))
				tb.waitFor(t, "the store's cancel page", `location.href === `+quote(s.merchant.origin()+"/back?cancelled=1"))
				if problems := tb.consoleProblems(); len(problems) > 0 {
					t.Errorf("the page logged problems:\n%v", problems)
				}
			})
		}
	})
}
