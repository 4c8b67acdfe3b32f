package payer

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/locales"
)

// dedicateEvent is one message of a dedicated address's live stream. The page has no figures that
// tick, so the event only says what changed; the script fetches the page again when the version
// differs from the one it shows.
type dedicateEvent struct {
	State    string `json:"state"`
	Headline string `json:"headline"`
	Version  string `json:"version"`
}

// dedicateEvents answers GET /dedicate/{id}/events with a Server-Sent Events stream: an event now
// and after every change of the address or of one of its payments, a comment line as heartbeat.
// As for payments, it is written after the handler returns and must not touch c there.
func (h *Handler) dedicateEvents(c *fiber.Ctx) error {
	id := param(c, "id") // the stream outlives the request

	ctx, cancel := h.callContext(c)
	_, err := h.gw.DedicateView(ctx, id)
	cancel()
	if err != nil {
		return err
	}
	closed, ok := h.openStream()
	if !ok {
		c.Set(fiber.HeaderRetryAfter, "30")
		return c.SendStatus(fiber.StatusServiceUnavailable)
	}
	s := &dedicateStream{h: h, id: id, closed: closed, loc: h.language(c, ""), conn: c.Context().Conn()}
	setStreamHeaders(c)
	c.Context().SetBodyStreamWriter(s.run)
	return nil
}

// dedicateStream is one client's live stream of one dedicated address: its own subscription and
// one read per change (dedicated addresses are watched by their one client, not by crowds).
type dedicateStream struct {
	h      *Handler
	id     string
	closed func() // ends the stream's count
	loc    *locales.Localizer
	conn   net.Conn
	last   string
}

func (s *dedicateStream) run(w *bufio.Writer) {
	defer s.closed()
	defer s.h.survive("dedicate stream", s.id)
	signals, unsubscribe := s.h.gw.Subscribe(live.DedicateTopic(s.id))
	defer unsubscribe()
	heartbeat := time.NewTicker(s.h.cfg.Heartbeat)
	defer heartbeat.Stop()
	lifetime := time.NewTimer(s.h.cfg.StreamLifetime)
	defer lifetime.Stop()

	if !s.write(w, []byte("retry: "+itoa(retryMillis)+"\n\n")) || !s.send(w) {
		return
	}
	for {
		select {
		case <-signals:
			if !s.send(w) {
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

// send reads the address and writes its event unless nothing visible changed; false ends the
// stream (the client left, or the address is gone). A failed read keeps the stream: the next
// signal tries again.
func (s *dedicateStream) send(w *bufio.Writer) bool {
	ctx, cancel := context.WithTimeout(context.Background(), s.h.cfg.CallTimeout)
	v, err := s.h.gw.DedicateView(ctx, s.id)
	cancel()
	switch {
	case gateway.NotFound(err):
		return false
	case err != nil:
		s.h.log.Warn("live stream: reading dedicated address", "dedicate_id", s.id, "err", err)
		return true
	}
	e := dedicateEvent{State: "open", Headline: s.loc.T("state.open.title"), Version: dedicateVersion(v)}
	if v.Released() {
		e.State, e.Headline = "released", s.loc.T("dedicate.released.title")
	}
	if e.Version == s.last {
		return true
	}
	s.last = e.Version
	data, _ := json.Marshal(e) // three strings always encode
	return s.write(w, append(append([]byte("data: "), data...), "\n\n"...))
}

// write sends b at once. The deadline leaves a slow client two heartbeats (and some slack) to take
// it; a write error means the client is gone.
func (s *dedicateStream) write(w *bufio.Writer, b []byte) bool {
	if s.conn != nil {
		s.conn.SetWriteDeadline(time.Now().Add(2*s.h.cfg.Heartbeat + 10*time.Second))
	}
	if _, err := w.Write(b); err != nil {
		return false
	}
	return w.Flush() == nil
}
