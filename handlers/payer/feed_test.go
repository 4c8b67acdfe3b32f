package payer

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// heldGateway holds its reads of payments while hold is set, until release is closed: a feed's read
// that is still running when more changes come.
type heldGateway struct {
	Gateway
	hold    atomic.Bool
	entered chan struct{}
	release chan struct{}
	reads   atomic.Int64
}

func (g *heldGateway) PaymentView(ctx context.Context, id, code string) (gateway.PaymentView, error) {
	g.reads.Add(1)
	if g.hold.CompareAndSwap(true, false) {
		g.entered <- struct{}{}
		<-g.release
	}
	return g.Gateway.PaymentView(ctx, id, code)
}

// Changes that come while a feed is reading merge into one read after it, which sees them all: none
// is lost, and a crowd of changes is not a crowd of reads.
func TestChangesDuringAFeedsReadMergeIntoOneReadAfterIt(t *testing.T) {
	var held *heldGateway
	e := newEnv(t, func(c *Config, _ *fiberConfig) {
		held = &heldGateway{Gateway: c.Gateway, entered: make(chan struct{}), release: make(chan struct{})}
		c.Gateway = held
	})
	base := e.serve()
	p := e.payment(e.test, "LTC")
	s := e.openStream(base, p)
	defer s.close()
	s.next(2 * time.Second)

	held.hold.Store(true)
	e.send(p, "0.01")
	select {
	case <-held.entered: // the feed's read of the first change is under way, and stays so
	case <-time.After(5 * time.Second):
		t.Fatal("the change started no read")
	}
	before := held.reads.Load()
	for range 3 {
		e.send(p, "0.01")
	}
	close(held.release)

	var ev paymentEvent
	for ev.Received == "" || !strings.HasPrefix(ev.Received, "0.04") {
		var ok bool
		if ev, ok = s.next(5 * time.Second); !ok {
			t.Fatal("the stream ended")
		}
	}
	if len(ev.Transactions) != 4 {
		t.Errorf("%d transactions on the stream, want 4", len(ev.Transactions))
	}
	if got := held.reads.Load() - before; got != 1 {
		t.Errorf("%d reads after the held one for 3 changes made during it, want 1", got)
	}
}

// A watched payment costs its stream's goroutine and nothing more: the feed waits for changes
// without one of its own.
func TestAWatchedPaymentCostsOneGoroutine(t *testing.T) {
	const n = 30
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.MaxStreamsPerIP = n })
	base := e.serve()
	addr := strings.TrimPrefix(base, "http://")
	payments := make([]gateway.Payment, n)
	for i := range payments {
		payments[i] = e.payment(e.test, "LTC")
	}
	before := runtime.NumGoroutine()
	for _, p := range payments {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "GET /payment/%s/events?code=%s HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n", p.PaymentID, p.Code, addr)
		// Read on this goroutine, up to the first event: the test adds no goroutine per client.
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		r := bufio.NewReader(c)
		for {
			line, err := r.ReadSlice('\n')
			if err != nil {
				t.Fatalf("stream of %s: %v", p.PaymentID, err)
			}
			if bytes.HasPrefix(line, []byte("data: ")) {
				break
			}
		}
	}
	e.h.feeds.mu.Lock()
	feeds := len(e.h.feeds.m)
	e.h.feeds.mu.Unlock()
	if feeds != n {
		t.Fatalf("%d feeds for %d watched payments", feeds, n)
	}
	// The server's idle request workers come and go; a goroutine per feed would stay.
	const slack = 8
	var extra int
	deadline := time.Now().Add(15 * time.Second)
	for extra = runtime.NumGoroutine() - before; extra > n+slack && time.Now().Before(deadline); extra = runtime.NumGoroutine() - before {
		time.Sleep(50 * time.Millisecond)
	}
	if extra > n+slack {
		t.Errorf("%d goroutines more with %d payments watched by a stream each, want at most %d", extra, n, n+slack)
	}
}
