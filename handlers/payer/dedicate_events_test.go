package payer

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
)

// dedicateStreamOf opens a dedicated address's live stream and returns its events.
func (e *testEnv) dedicateStreamOf(base, id string) (<-chan dedicateEvent, func()) {
	e.t.Helper()
	tr := &http.Transport{DisableKeepAlives: true, DisableCompression: true}
	resp, err := (&http.Client{Transport: tr}).Get(base + "/dedicate/" + id + "/events")
	if err != nil {
		e.t.Fatal(err)
	}
	if got, want := resp.Header.Get("Content-Type"), "text/event-stream; charset=utf-8"; got != want {
		e.t.Fatalf("Content-Type %q, want %q", got, want)
	}
	events := make(chan dedicateEvent, 16)
	go func() {
		defer close(events)
		r := bufio.NewReader(resp.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if data, ok := strings.CutPrefix(strings.TrimRight(line, "\n"), "data: "); ok {
				var ev dedicateEvent
				if json.Unmarshal([]byte(data), &ev) == nil {
					events <- ev
				}
			}
		}
	}()
	return events, func() { resp.Body.Close(); tr.CloseIdleConnections() }
}

func nextDedicateEvent(t *testing.T, events <-chan dedicateEvent) dedicateEvent {
	t.Helper()
	select {
	case ev, ok := <-events:
		if !ok {
			t.Fatal("the stream ended")
		}
		return ev
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5 s")
	}
	return dedicateEvent{}
}

// The stream sends the page's version now and a new one after every change of the address or of
// one of its payments (a deposit, a confirmation by mining, a release), and nothing for the rest.
func TestDedicateEventsStream(t *testing.T) {
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.Heartbeat = 50 * time.Millisecond })
	base := e.serve()
	d := e.dedicate(e.test, "LTC")
	doc, _ := e.page("/dedicate/"+d.DedicateID, http.StatusOK)
	eq(t, "events URL", attr(doc, "dedicate", "data-events"), "/dedicate/"+d.DedicateID+"/events")

	events, stop := e.dedicateStreamOf(base, d.DedicateID)
	defer stop()
	first := nextDedicateEvent(t, events)
	eq(t, "first version", first.Version, attr(doc, "dedicate", "data-version"))
	eq(t, "first state", first.State, "open")
	waitFor(t, "the stream's subscription", func() bool { return e.hub.Subscribers(live.DedicateTopic(d.DedicateID)) == 1 })

	ctx := context.Background()
	other := e.dedicate(e.test, "LTC")
	if _, err := e.eng.EmulateDedicateTransaction(ctx, e.test, other.DedicateID, gateway.AmountInput{Value: gateway.MustAmount("1"), Set: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.eng.EmulateDedicateTransaction(ctx, e.test, d.DedicateID, gateway.AmountInput{Value: gateway.MustAmount("0.3"), Set: true}); err != nil {
		t.Fatal(err)
	}
	deposit := nextDedicateEvent(t, events)
	doc, _ = e.page("/dedicate/"+d.DedicateID, http.StatusOK)
	eq(t, "version after the deposit", deposit.Version, attr(doc, "dedicate", "data-version"))
	if deposit.Version == first.Version {
		t.Fatal("the deposit did not change the version")
	}

	// Mining publishes the payment's topic and its address's: the confirmation reaches the page.
	if _, err := e.eng.MineBlocks(ctx, e.test, gateway.NetworkLitecoin, gateway.IntInput{Value: 1, Set: true}); err != nil {
		t.Fatal(err)
	}
	mined := nextDedicateEvent(t, events)
	doc, _ = e.page("/dedicate/"+d.DedicateID, http.StatusOK)
	eq(t, "version after mining", mined.Version, attr(doc, "dedicate", "data-version"))
	eq(t, "status after mining", text(doc, "payment-status"), "1 of 6 confirmations")

	if _, err := e.eng.ReleaseDedicate(ctx, e.test.StoreID, d.DedicateID); err != nil {
		t.Fatal(err)
	}
	released := nextDedicateEvent(t, events)
	eq(t, "state", released.State, "released")
	eq(t, "headline", released.Headline, "This address no longer accepts payments")

	stop()
	waitFor(t, "the subscription to end", func() bool { return e.hub.Subscribers(live.DedicateTopic(d.DedicateID)) == 0 })
	waitFor(t, "the stream count to drop", func() bool { return e.h.slots.count() == 0 })
}
