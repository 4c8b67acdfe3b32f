package payer

import (
	"bufio"
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// retryMillis tells browsers how soon to reconnect a dropped stream.
const retryMillis = 3000

// paymentEvents answers GET /payment/{id}/events?code=… with a Server-Sent Events stream: one event
// with the whole state at once and after every change of the payment, a comment line as heartbeat.
// The stream is written by fasthttp's body stream writer after this handler returns, so it must not
// touch c there; it renews the connection's write deadline before each write, which lets it outlive
// the server's WriteTimeout while a client that stops reading is still dropped.
func (h *Handler) paymentEvents(c *fiber.Ctx) error {
	// The stream outlives the handler, and fasthttp reuses the request's memory after it: every
	// string the stream keeps is copied out of it.
	id, code := strings.Clone(c.Params("id")), strings.Clone(c.Query("code"))
	ctx, cancel := h.callContext(c)
	v, err := h.gw.PaymentView(ctx, id, code)
	cancel()
	if err != nil {
		return err
	}
	closed, ok := h.openStream()
	if !ok {
		c.Set(fiber.HeaderRetryAfter, "30")
		return c.SendStatus(fiber.StatusServiceUnavailable)
	}
	s := &paymentStream{
		h: h, id: id, code: code, closed: closed,
		variant: eventVariant{loc: h.language(c, v.Payment.PayerLang), lang: strings.Clone(h.chosenLanguage(c))},
		conn:    c.Context().Conn(),
		wake:    make(chan struct{}, 1),
	}
	setStreamHeaders(c)
	c.Context().SetBodyStreamWriter(s.run)
	return nil
}

func setStreamHeaders(c *fiber.Ctx) {
	c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("X-Accel-Buffering", "no") // nginx: do not hold events back
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
}

// openStream counts a new live stream, refusing it beyond MaxStreams; the stream calls the
// returned function when it ends.
func (h *Handler) openStream() (closed func(), ok bool) {
	if h.streams.Add(1) > int64(h.cfg.MaxStreams) {
		h.streams.Add(-1)
		return nil, false
	}
	observed := func() {}
	if h.cfg.Streams != nil {
		observed = h.cfg.Streams.StreamOpened()
	}
	return func() { h.streams.Add(-1); observed() }, true
}

// paymentStream is one client's live stream of one payment.
type paymentStream struct {
	h        *Handler
	id, code string
	closed   func() // ends the stream's count
	variant  eventVariant
	conn     net.Conn
	wake     chan struct{} // the feed has a new state
	last     []byte        // the last event sent: a change that alters nothing visible sends nothing
}

// wakeUp tells the stream to send the feed's state; wake-ups that come while one is pending merge.
func (s *paymentStream) wakeUp() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *paymentStream) run(w *bufio.Writer) {
	defer s.closed()
	defer s.h.survive("live stream", s.id) // this runs outside the server's recovery
	feed := s.h.join(s)
	defer s.h.leave(feed, s)
	heartbeat := time.NewTicker(s.h.cfg.Heartbeat)
	defer heartbeat.Stop()
	lifetime := time.NewTimer(s.h.cfg.StreamLifetime)
	defer lifetime.Stop()

	if !s.write(w, []byte("retry: "+itoa(retryMillis)+"\n\n")) {
		return
	}
	for {
		select {
		case <-s.wake:
			data, ok := feed.event(s.variant)
			if !ok || !s.send(w, data) {
				return
			}
		case <-heartbeat.C:
			if !s.write(w, []byte(": ping\n\n")) {
				return
			}
		case <-lifetime.C:
			return
		case <-s.h.done:
			return
		}
	}
}

// send writes an event unless it is the one sent last; false means the client is gone.
func (s *paymentStream) send(w *bufio.Writer, data []byte) bool {
	if data == nil || string(data) == string(s.last) {
		return true
	}
	s.last = data
	msg := make([]byte, 0, len(data)+8)
	msg = append(append(append(msg, "data: "...), data...), "\n\n"...)
	return s.write(w, msg)
}

// write sends b at once. The deadline leaves a slow client two heartbeats (and some slack) to take
// it; a write error means the client is gone.
func (s *paymentStream) write(w *bufio.Writer, b []byte) bool { return s.h.writeEvent(s.conn, w, b) }

// writeEvent writes b to a live stream at once; false means the client is gone.
func (h *Handler) writeEvent(conn net.Conn, w *bufio.Writer, b []byte) bool {
	if conn != nil {
		conn.SetWriteDeadline(time.Now().Add(2*h.cfg.Heartbeat + 10*time.Second))
	}
	if _, err := w.Write(b); err != nil {
		return false
	}
	return w.Flush() == nil
}
