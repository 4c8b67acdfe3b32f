package payer

import (
	"bufio"
	"context"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/locales"
)

// retryMillis tells browsers how soon to reconnect a dropped stream.
const retryMillis = 3000

// paymentEvents answers GET /payment/{id}/events?code=… with a Server-Sent Events stream: one event
// with the whole state at once and after every change of the payment, a comment line as heartbeat.
// The stream is written by fasthttp's body stream writer after this handler returns, so it must not
// touch c there; it renews the connection's write deadline before each write, which lets it outlive
// the server's WriteTimeout while a client that stops reading is still dropped.
func (h *Handler) paymentEvents(c *fiber.Ctx) error {
	id, code := c.Params("id"), c.Query("code")
	ctx, cancel := h.callContext(c)
	v, err := h.gw.PaymentView(ctx, id, code)
	cancel()
	if err != nil {
		return err
	}
	if h.streams.Add(1) > int64(h.cfg.MaxStreams) {
		h.streams.Add(-1)
		c.Set(fiber.HeaderRetryAfter, "30")
		return c.SendStatus(fiber.StatusServiceUnavailable)
	}
	s := &paymentStream{h: h, id: id, code: code, loc: h.language(c, v.Payment.PayerLang), lang: h.chosenLanguage(c), conn: c.Context().Conn()}
	c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("X-Accel-Buffering", "no") // nginx: do not hold events back
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Context().SetBodyStreamWriter(s.run)
	return nil
}

// paymentStream is one client's live stream of one payment.
type paymentStream struct {
	h        *Handler
	id, code string
	loc      *locales.Localizer
	lang     string // chosen with ?lang=, carried on in the URLs the events hold
	conn     net.Conn
	last     []byte // the last event sent: a signal that changes nothing visible sends nothing
}

func (s *paymentStream) run(w *bufio.Writer) {
	defer s.h.streams.Add(-1)
	// Subscribe before the first read: a change between the two is then both read and signalled,
	// never lost.
	signals, unsubscribe := s.h.gw.Subscribe(live.PaymentTopic(s.id))
	defer unsubscribe()
	heartbeat := time.NewTicker(s.h.cfg.Heartbeat)
	defer heartbeat.Stop()
	lifetime := time.NewTimer(s.h.cfg.StreamLifetime)
	defer lifetime.Stop()

	if !s.write(w, []byte("retry: "+itoa(retryMillis)+"\n\n")) || !s.sendState(w) {
		return
	}
	for {
		select {
		case <-signals:
			if !s.sendState(w) {
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

// sendState reads the payment and sends it as an event. It reports whether the stream goes on: a
// payment that vanished or a client that left ends it; a gateway hiccup only skips this event.
func (s *paymentStream) sendState(w *bufio.Writer) bool {
	v, err := s.h.sharedView(s.id, s.code)
	if gateway.NotFound(err) {
		return false
	}
	if err != nil {
		s.h.log.Warn("live stream: reading payment", "payment_id", s.id, "err", err)
		return true
	}
	data, err := encodeEvent(paymentPage(v, s.loc, s.lang, s.h.now()))
	if err != nil {
		s.h.log.Error("live stream: encoding event", "payment_id", s.id, "err", err)
		return true
	}
	if string(data) == string(s.last) {
		return true
	}
	s.last = data
	msg := make([]byte, 0, len(data)+8)
	msg = append(append(append(msg, "data: "...), data...), "\n\n"...)
	return s.write(w, msg)
}

// write sends b at once. The deadline leaves a slow client two heartbeats (and some slack) to take
// it; a write error means the client is gone.
func (s *paymentStream) write(w *bufio.Writer, b []byte) bool {
	if s.conn != nil {
		s.conn.SetWriteDeadline(time.Now().Add(2*s.h.cfg.Heartbeat + 10*time.Second))
	}
	if _, err := w.Write(b); err != nil {
		return false
	}
	return w.Flush() == nil
}

// sharedView reads a payment for a live stream; the streams of every viewer of a payment, woken by
// the same change, share one read.
func (h *Handler) sharedView(id, code string) (gateway.PaymentView, error) {
	v, err, _ := h.views.Do(id+"\x00"+code, func() (any, error) {
		ctx, cancel := context.WithTimeout(context.Background(), h.cfg.CallTimeout)
		defer cancel()
		return h.gw.PaymentView(ctx, id, code)
	})
	if err != nil {
		return gateway.PaymentView{}, err
	}
	return v.(gateway.PaymentView), nil
}
