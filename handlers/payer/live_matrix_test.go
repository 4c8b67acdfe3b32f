package payer

import (
	"net/url"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// On both backends a payer's open stream follows the payment without a reload: each change on
// the gateway (a partial transaction, the rest, its confirmations) reaches the stream as an event
// with the new state, and its links keep the payer's code. In remote mode the change reaches the
// replica the way the shared poller brings it (settle stands in for its next read).
func TestLiveUpdatesOnBothBackends(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		base := e.serve()
		p := e.payment(e.test, "BTC")
		s := e.openStream(base, p)
		defer s.close()
		next := func(want string) paymentEvent {
			t.Helper()
			for {
				ev, ok := s.next(5 * time.Second)
				if !ok {
					t.Fatalf("the stream ended before state %q", want)
				}
				if ev.State == want {
					return ev
				}
			}
		}
		next("waiting")
		e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
		ev := next("partial")
		if u, err := url.Parse(ev.QRURL); err != nil || u.Query().Get("code") != p.Code {
			t.Errorf("the partial event's QR link %q does not carry the payer's code", ev.QRURL)
		}
		if got, want := ev.Remaining, e.current(p).RemainAmount.String()+" BTC"; got != want {
			t.Errorf("remaining %q, want %q", got, want)
		}
		e.send(p, e.current(p).RemainAmount.String())
		next("confirming")
		e.mine(p, 6)
		next("paid")
	})
}

// On both backends a dedicated address's open page hears of a deposit and of its confirmation.
func TestDedicateLiveDepositOnBothBackends(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		base := e.serve()
		d := e.dedicate(e.test, "ETH")
		events, stop := e.dedicateStreamOf(base, d.DedicateID)
		defer stop()
		first := nextDedicateEvent(t, events)
		if _, err := e.eng.EmulateDedicateTransaction(t.Context(), e.test, d.DedicateID,
			gateway.AmountInput{Value: gateway.MustAmount("0.25"), Set: true}); err != nil {
			t.Fatal(err)
		}
		e.settleDedicate(d.DedicateID)
		deposit := nextDedicateEvent(t, events)
		if deposit.Version == first.Version {
			t.Fatalf("after a deposit the event's version is still %q", first.Version)
		}
		doc, _ := e.page("/dedicate/"+d.DedicateID, 200)
		if got := byID(doc, "dedicate-payment").Length(); got != 1 {
			t.Errorf("the page lists %d payments after the deposit, want 1", got)
		}
		eq(t, "deposit", text(doc, "payment-amount"), "0.25 ETH")
		eq(t, "confirming", text(doc, "payment-status"), "0 of 10 confirmations")

		// It confirms: the stream says so, and the page shows it.
		if _, err := e.eng.MineBlocks(t.Context(), e.test, d.CryptoNetwork, gateway.IntInput{Value: 10, Set: true}); err != nil {
			t.Fatal(err)
		}
		e.settleDedicate(d.DedicateID)
		if confirmed := nextDedicateEvent(t, events); confirmed.Version == deposit.Version {
			t.Errorf("after the confirmations the event's version is still %q", deposit.Version)
		}
		doc, _ = e.page("/dedicate/"+d.DedicateID, 200)
		eq(t, "confirmed", text(doc, "payment-status"), "Confirmed")

		// Released: the stream and the page tell the client to stop sending.
		if _, err := e.eng.ReleaseDedicate(t.Context(), e.test.StoreID, d.DedicateID); err != nil {
			t.Fatal(err)
		}
		e.settleDedicate(d.DedicateID)
		if released := nextDedicateEvent(t, events); released.State != "released" {
			t.Errorf("after the release the stream says %q, want released", released.State)
		}
		doc, _ = e.page("/dedicate/"+d.DedicateID, 200)
		eq(t, "state", attr(doc, "dedicate", "data-state"), "released")
	})
}
