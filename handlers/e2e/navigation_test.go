package e2e

import (
	"strconv"
	"testing"
)

// Pages left behind keep no live stream open: the browser's back-forward cache once kept each
// page's stream, so after six visits in one tab (six connections per site) the next page never
// loaded. Coming back to a cached page reopens its stream, and it follows the payment again.
func TestManyVisitsInOneTab(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *suite) {
		p := s.newPayment(t, "BTC", nil)
		tb := s.tab(t)
		for i := range 8 {
			tb.open(t, p.PaymentURL+"&visit="+strconv.Itoa(i))
			tb.waitFor(t, "visit "+strconv.Itoa(i), `document.getElementById("checkout").dataset.state === "waiting"`)
		}
		eval[bool](t, tb, `history.back(), true`)
		tb.waitFor(t, "the previous visit", `location.search.endsWith("visit=6")`)
		s.send(t, p, part(t, p.PaymentAmount, "0.5"))
		tb.waitFor(t, "the page come back from the cache to follow the payment", `document.getElementById("checkout").dataset.state === "partial"`)
	})
}
