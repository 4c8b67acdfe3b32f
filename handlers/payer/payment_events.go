package payer

import (
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// retryMillis tells browsers how soon to reconnect a dropped stream.
const retryMillis = 3000

// paymentEvents answers GET /payment/{id}/events?code=… with a Server-Sent Events stream: one event
// with the whole state at once and after every change of the payment, a comment line as heartbeat.
// The stream takes the connection over (fasthttp's Hijack) once this handler returns: it writes the
// head and then chunks itself, on one goroutine and without the body-stream pipe and buffers, which
// keeps an open stream to a few KB. It must not touch c there. It renews the write deadline before
// each write, so it outlives the server's timeouts while a client that stops reading is dropped.
func (h *Handler) paymentEvents(c *fiber.Ctx) error {
	// The stream outlives the handler, and fasthttp reuses the request's memory after it: every
	// string the stream keeps is copied out of it.
	id, code := param(c, "id"), query(c, "code")
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
		h: h, id: id, code: code, closed: closed, open: !gateway.IsFinal(v.Payment.Status),
		variant: eventVariant{loc: h.language(c, v.Payment.PayerLang), lang: strings.Clone(h.chosenLanguage(c))},
		wake:    make(chan struct{}, 1),
	}
	setStreamHeaders(c)
	c.Response().Header.SetContentLength(-1) // chunked: events go out as they come
	head := append([]byte(nil), c.Response().Header.Header()...)
	c.Context().HijackSetNoResponse(true)
	c.Context().Hijack(func(conn net.Conn) {
		s.conn = conn
		s.run(head)
	})
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
	open     bool   // the payment was OPEN or CLOSING when the stream began: worth polling
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

func (s *paymentStream) run(head []byte) {
	defer s.closed()
	defer s.h.survive("live stream", s.id) // this runs outside the server's recovery
	feed := s.h.join(s)
	defer s.h.leave(feed, s)
	heartbeat := time.NewTicker(s.h.cfg.Heartbeat)
	defer heartbeat.Stop()
	lifetime := time.NewTimer(s.h.cfg.StreamLifetime)
	defer lifetime.Stop()

	if !s.writeRaw(head) || !s.write([]byte("retry: "+itoa(retryMillis)+"\n\n")) {
		return
	}
	defer s.writeRaw([]byte("0\r\n\r\n")) // the chunked body's end, for a clean close
	for {
		select {
		case <-s.wake:
			data, ok := feed.event(s.variant)
			if !ok || !s.send(data) {
				return
			}
		case <-heartbeat.C:
			if !s.write([]byte(": ping\n\n")) {
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
func (s *paymentStream) send(data []byte) bool {
	if data == nil || string(data) == string(s.last) {
		return true
	}
	s.last = data
	msg := make([]byte, 0, len(data)+8)
	msg = append(append(append(msg, "data: "...), data...), "\n\n"...)
	return s.write(msg)
}

// write sends b at once as one chunk of the body.
func (s *paymentStream) write(b []byte) bool {
	chunk := make([]byte, 0, len(b)+12)
	chunk = strconv.AppendInt(chunk, int64(len(b)), 16)
	chunk = append(append(append(chunk, "\r\n"...), b...), "\r\n"...)
	return s.writeRaw(chunk)
}

// writeRaw sends bytes as they are. The deadline leaves a slow client two heartbeats (and some
// slack) to take them; a write error means the client is gone.
func (s *paymentStream) writeRaw(b []byte) bool {
	s.conn.SetWriteDeadline(time.Now().Add(2*s.h.cfg.Heartbeat + 10*time.Second))
	_, err := s.conn.Write(b)
	return err == nil
}
