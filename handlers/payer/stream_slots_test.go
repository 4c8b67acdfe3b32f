package payer

import (
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// streamEvents is a StreamObserver that reports every stream's end.
type streamEvents struct{ closed chan struct{} }

func (o *streamEvents) StreamOpened() func() { return func() { o.closed <- struct{}{} } }

// One client address may hold only so many streams: the next gets 429, not 503, and a stream its
// client closes frees its slot at once, not at the next heartbeat.
func TestStreamsPerClient(t *testing.T) {
	obs := &streamEvents{closed: make(chan struct{}, 8)}
	e := newEnv(t, func(c *Config, _ *fiberConfig) {
		c.MaxStreamsPerIP, c.Streams = 2, obs
		c.Heartbeat = time.Hour // only the connection's reader can notice a client that left
	})
	base := e.serve()
	p := e.payment(e.test, "BTC")
	a, b := e.openStream(base, p), e.openStream(base, p)
	defer b.close()
	a.next(2 * time.Second)
	b.next(2 * time.Second)

	resp := get(t, base+"/payment/"+p.PaymentID+"/events?code="+p.Code)
	if got, want := resp.StatusCode, http.StatusTooManyRequests; got != want {
		t.Fatalf("third stream of one client: status %d, want %d", got, want)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if got, want := e.h.slots.count(), 2; got != want {
		t.Errorf("%d streams open, want %d", got, want)
	}

	left := time.Now()
	a.close()
	select {
	case <-obs.closed:
		if d := time.Since(left); d > time.Second {
			t.Errorf("the slot was freed %s after the client left, want within 1 s", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stream of a client that left still holds its slot")
	}
	c := e.openStream(base, p)
	defer c.close()
	if ev, ok := c.next(2 * time.Second); !ok || ev.State != "waiting" {
		t.Errorf("a stream in the freed slot: %+v, %v", ev, ok)
	}
}

// get fetches url and returns the answer with its body read.
func get(t *testing.T, url string) *http.Response {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestDefaultMaxStreams(t *testing.T) {
	for nofile, want := range map[int]int{0: 10000, 1024: 768, 20000: 18000, 1048576: 943719} {
		if got := defaultMaxStreams(nofile); got != want {
			t.Errorf("defaultMaxStreams(%d) = %d, want %d", nofile, got, want)
		}
	}
	if got := New(Config{Gateway: nil}).cfg.MaxStreams; got != defaultMaxStreams(openFileLimit()) || got <= 16 {
		t.Errorf("default cap %d with an open-file limit of %d", got, openFileLimit())
	}
}

// Mounted on a group rather than on the app, the pages cannot tell the server to leave hijacked
// connections to them: a stream then keeps fasthttp's goroutine, and works the same.
func TestStreamsOnARouterGroup(t *testing.T) {
	e := newEnv(t)
	obs := &streamEvents{closed: make(chan struct{}, 1)}
	h := New(Config{Gateway: e.eng, Catalog: e.h.catalog, Log: e.h.log, PublicURL: testPublicURL, Now: e.clock.Now, Streams: obs})
	t.Cleanup(h.Close)
	app := fiber.New(fiber.Config{DisableStartupMessage: true, ErrorHandler: h.HandleError})
	h.Register(app.Group(""))
	if h.ownsHijacked {
		t.Fatal("a group claims the server's hijacked connections")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	p := e.payment(e.test, "BTC")
	s := e.openStream("http://"+ln.Addr().String(), p)
	if ev, ok := s.next(2 * time.Second); !ok || ev.State != "waiting" {
		t.Fatalf("first event %+v, %v", ev, ok)
	}
	e.send(p, "0.0001")
	if ev, ok := s.next(2 * time.Second); !ok || ev.State != "partial" {
		t.Fatalf("event after a transaction %+v, %v", ev, ok)
	}
	s.close()
	select {
	case <-obs.closed:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream of a client that left still holds its slot")
	}
}
