package payer

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
)

// serve runs the app on a loopback port until the test ends.
func (e *testEnv) serve() string {
	e.t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.app.Listener(ln)
	}()
	e.t.Cleanup(func() {
		e.h.Close()
		e.app.ShutdownWithTimeout(5 * time.Second)
		<-done
	})
	return "http://" + ln.Addr().String()
}

// sseClient reads a live stream.
type sseClient struct {
	t     testing.TB
	resp  *http.Response
	lines chan string
	tr    *http.Transport
}

func (e *testEnv) openStream(base string, p gateway.Payment) *sseClient {
	e.t.Helper()
	tr := &http.Transport{DisableKeepAlives: true, DisableCompression: true}
	req, _ := http.NewRequest(http.MethodGet, base+"/payment/"+p.PaymentID+"/events?code="+p.Code, nil)
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Accept-Encoding", "gzip, br")
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	c := &sseClient{t: e.t, resp: resp, lines: make(chan string, 64), tr: tr}
	go func() {
		defer close(c.lines)
		r := bufio.NewReader(resp.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			c.lines <- strings.TrimRight(line, "\n")
		}
	}()
	return c
}

// next returns the next event's data, skipping comments and the retry line; ok is false when the
// stream ended.
func (c *sseClient) next(timeout time.Duration) (paymentEvent, bool) {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case line, open := <-c.lines:
			if !open {
				return paymentEvent{}, false
			}
			if data, ok := strings.CutPrefix(line, "data: "); ok {
				var ev paymentEvent
				if err := json.Unmarshal([]byte(data), &ev); err != nil {
					c.t.Fatalf("event is not JSON: %v\n%s", err, data)
				}
				return ev, true
			}
		case <-deadline:
			c.t.Fatalf("no event within %s", timeout)
		}
	}
}

func (c *sseClient) close() {
	c.resp.Body.Close()
	c.tr.CloseIdleConnections()
}

// waitFor polls cond for up to 5 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestPaymentEventsStream(t *testing.T) {
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.Heartbeat = 20 * time.Millisecond })
	base := e.serve()
	p := e.payment(e.test, "BTC")
	topic := live.PaymentTopic(p.PaymentID)
	// Warm up: the server's first connection starts goroutines that stay (its date ticker, an idle
	// worker that later connections reuse). The baseline is the server at rest after that.
	tr := &http.Transport{DisableKeepAlives: true}
	warm, err := (&http.Client{Transport: tr}).Get(base + pageURL(p))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, warm.Body)
	warm.Body.Close()
	tr.CloseIdleConnections()
	time.Sleep(50 * time.Millisecond)
	baseline := runtime.NumGoroutine()
	// The page just served sits in the page cache with its own subscription; the stream adds one.
	baseSubs := e.hub.Subscribers(topic)

	s := e.openStream(base, p)
	for h, want := range map[string]string{
		"Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", "X-Accel-Buffering": "no",
		"Content-Encoding": "", "Etag": "",
	} {
		eq(t, h, s.resp.Header.Get(h), want)
	}
	first := <-s.lines
	eq(t, "first line", first, "retry: 3000")

	ev, _ := s.next(2 * time.Second)
	eq(t, "state", ev.State, "waiting")
	eq(t, "amount", ev.Amount, p.PaymentAmount.String())
	if got := e.hub.Subscribers(topic); got != baseSubs+1 {
		t.Errorf("%d subscribers, want %d", got, baseSubs+1)
	}

	// A payer sends part of the amount: the event carries the whole new state.
	half := gateway.EmulatedAmount(p, gateway.TestPayPart)
	e.send(p, half.String())
	now := e.current(p)
	ev, _ = s.next(2 * time.Second)
	eq(t, "state", ev.State, "partial")
	eq(t, "remaining", ev.Remaining, now.RemainAmount.String()+" BTC")
	eq(t, "amount to send", ev.Amount, now.RemainAmount.String())
	eq(t, "received", ev.Received, half.String()+" BTC")
	if len(ev.Transactions) != 1 || ev.Transactions[0].Status != "0 of 6 confirmations" {
		t.Errorf("transactions = %+v", ev.Transactions)
	}
	if !strings.Contains(ev.QRURL, "/qr.png?code="+p.Code) {
		t.Errorf("QR URL %q", ev.QRURL)
	}

	e.mine(p, 1)
	ev, _ = s.next(2 * time.Second)
	eq(t, "confirmations", ev.Transactions[0].Status, "1 of 6 confirmations")

	// The client leaves: its stream notices at the next heartbeat and lets everything go.
	s.close()
	waitFor(t, "the subscription to end", func() bool { return e.hub.Subscribers(topic) == baseSubs })
	waitFor(t, "the stream count to drop", func() bool { return e.h.slots.count() == 0 })
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if runtime.NumGoroutine() > baseline {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Fatalf("%d goroutines, baseline %d\n%s", runtime.NumGoroutine(), baseline, buf[:n])
	}
}

// A stream lives on past the server's WriteTimeout, which only bounds ordinary answers.
func TestStreamOutlivesWriteTimeout(t *testing.T) {
	const writeTimeout = 300 * time.Millisecond
	e := newEnv(t, func(c *Config, f *fiberConfig) {
		c.Heartbeat = 50 * time.Millisecond
		f.WriteTimeout, f.ReadTimeout, f.IdleTimeout = writeTimeout, writeTimeout, writeTimeout
	})
	base := e.serve()
	p := e.payment(e.test, "ETH")
	s := e.openStream(base, p)
	defer s.close()
	if ev, _ := s.next(2 * time.Second); ev.State != "waiting" {
		t.Fatalf("state %q", ev.State)
	}
	time.Sleep(4 * writeTimeout)
	e.send(p, p.PaymentAmount.String())
	ev, ok := s.next(2 * time.Second)
	if !ok {
		t.Fatal("the stream ended at the write timeout")
	}
	eq(t, "state after the write timeout", ev.State, "confirming")
}

func TestStreamsEnd(t *testing.T) {
	t.Run("on Close", func(t *testing.T) {
		e := newEnv(t)
		base := e.serve()
		p := e.payment(e.test, "BTC")
		s := e.openStream(base, p)
		defer s.close()
		s.next(2 * time.Second)
		e.h.Close()
		if _, ok := s.next(2 * time.Second); ok {
			t.Error("an event after Close")
		}
	})
	t.Run("after their lifetime", func(t *testing.T) {
		e := newEnv(t, func(c *Config, _ *fiberConfig) { c.StreamLifetime = 200 * time.Millisecond })
		base := e.serve()
		p := e.payment(e.test, "BTC")
		s := e.openStream(base, p)
		defer s.close()
		s.next(2 * time.Second)
		if _, ok := s.next(2 * time.Second); ok {
			t.Error("the stream outlived its lifetime")
		}
	})
	t.Run("when the payment cannot be read", func(t *testing.T) {
		e := newEnv(t)
		base := e.serve()
		p := e.payment(e.test, "BTC")
		s := e.openStream(base, p)
		defer s.close()
		s.next(2 * time.Second)
		e.eng.Close() // the database is gone: reads fail, the stream skips and waits
		e.hub.Publish(live.PaymentTopic(p.PaymentID))
		select {
		case line, ok := <-s.lines:
			if ok && strings.HasPrefix(line, "data:") {
				t.Errorf("an event without a readable payment: %s", line)
			}
		case <-time.After(200 * time.Millisecond):
		}
	})
}

func TestStreamLimit(t *testing.T) {
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.MaxStreams = 1 })
	base := e.serve()
	p := e.payment(e.test, "BTC")
	s := e.openStream(base, p)
	defer s.close()
	s.next(2 * time.Second)
	resp, err := http.Get(base + "/payment/" + p.PaymentID + "/events?code=" + p.Code)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if got, want := resp.StatusCode, http.StatusServiceUnavailable; got != want {
		t.Errorf("status %d, want %d", got, want)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
}

// countingGateway counts reads of payments.
type countingGateway struct {
	Gateway
	reads atomic.Int64
}

func (g *countingGateway) PaymentView(ctx context.Context, id, code string) (gateway.PaymentView, error) {
	g.reads.Add(1)
	return g.Gateway.PaymentView(ctx, id, code)
}

// Every viewer of a payment is served by one read per change, not one each.
func TestStreamsOfOnePaymentShareReads(t *testing.T) {
	var counting *countingGateway
	e := newEnv(t, func(c *Config, _ *fiberConfig) {
		counting = &countingGateway{Gateway: c.Gateway}
		c.Gateway, c.Heartbeat = counting, 20*time.Millisecond
	})
	base := e.serve()
	p := e.payment(e.test, "LTC")
	var streams []*sseClient
	for i := 0; i < 3; i++ {
		s := e.openStream(base, p)
		defer s.close()
		s.next(2 * time.Second)
		streams = append(streams, s)
	}
	before := counting.reads.Load()
	e.send(p, "0.01")
	for _, s := range streams {
		if ev, _ := s.next(2 * time.Second); ev.State != "partial" {
			t.Fatalf("state %q", ev.State)
		}
	}
	if got, want := counting.reads.Load()-before, int64(1); got != want {
		t.Errorf("%d reads for one change seen by 3 streams, want %d", got, want)
	}
	e.h.feeds.mu.Lock()
	feeds := len(e.h.feeds.m)
	e.h.feeds.mu.Unlock()
	if feeds != 1 {
		t.Errorf("%d feeds for one payment", feeds)
	}
	for _, s := range streams {
		s.close()
	}
	waitFor(t, "the feed to end with its last stream", func() bool {
		e.h.feeds.mu.Lock()
		defer e.h.feeds.mu.Unlock()
		return len(e.h.feeds.m) == 0 && e.hub.Subscribers(live.PaymentTopic(p.PaymentID)) == 0
	})
}
