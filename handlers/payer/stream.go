package payer

import (
	"bytes"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
)

// retryMillis tells browsers how soon to reconnect a dropped stream.
const retryMillis = 3000

// The one live-stream transport, for payment and dedicated-address pages alike. A stream takes its
// connection over (fasthttp's Hijack), writes the response head and then chunks itself, and runs on
// one goroutine that is both its reader and its writer:
//   - it sleeps in a Read of the connection, so a peer that closes is noticed at once (EOF) and its
//     slot freed, instead of at the next heartbeat;
//   - the read deadline is its only timer: it is set to the next heartbeat or the end of the
//     stream's lifetime, whichever comes first;
//   - a new event wakes it by moving that deadline into the past (wake), the one way to interrupt a
//     blocked Read.
//
// No ticker, timer, channel or second goroutine per stream, and the request's context and buffers
// go back to fasthttp as soon as the stream starts: an open stream costs a few KB.
type stream struct {
	h       *Handler
	feed    *feed
	variant eventVariant
	conn    net.Conn
	pending atomic.Bool // the feed has a state this stream has not looked at yet
	last    []byte      // the last event's frame: a change that alters nothing visible sends nothing
	writeBy time.Time   // the write deadline set last
	release func()      // gives the stream's slots back
}

// pastDeadline ends a blocked Read at once.
var pastDeadline = time.Unix(1, 0)

// wake tells the stream the feed has something new. Wake-ups that come while one is pending merge.
func (s *stream) wake() {
	s.pending.Store(true)
	s.conn.SetReadDeadline(pastDeadline)
}

// startStream answers c with a live stream of the feed for topic (started from seed, or with start,
// when it is the topic's first stream), in variant's language. Beyond the caps it answers 429 (this client
// holds too many streams) or 503 (the process does); the page goes on refreshing itself and its
// script retries later.
func (h *Handler) startStream(c *fiber.Ctx, topic string, variant eventVariant, start func() feedSource, seed *feedSeed) error {
	release, err := h.slots.take(strings.Clone(h.cfg.ClientIP(c)))
	if err != nil {
		seed.drop()
		c.Set(fiber.HeaderRetryAfter, "30")
		if errors.Is(err, errClientStreams) {
			return c.Status(fiber.StatusTooManyRequests).SendString("Too many live streams from this address.")
		}
		return c.Status(fiber.StatusServiceUnavailable).SendString("Too many live streams; try again later.")
	}
	c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set("X-Accel-Buffering", "no") // nginx: do not hold events back
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Response().Header.SetContentLength(-1) // chunked: events go out as they come
	head := append([]byte(nil), c.Response().Header.Header()...)
	c.Context().HijackSetNoResponse(true)
	c.Context().Hijack(func(conn net.Conn) {
		s := &stream{h: h, variant: variant, conn: conn, release: release}
		if raw, ok := conn.(interface{ UnsafeConn() net.Conn }); ok && h.ownsHijacked {
			// The server leaves hijacked connections to us (Register set KeepHijackedConns), so this
			// goroutine may return and fasthttp take back the request's memory. What the client
			// might have sent after its request is skipped with fasthttp's reader.
			s.conn = raw.UnsafeConn()
			s.feed = h.join(topic, s, start, seed)
			go s.run(head)
			return
		}
		s.feed = h.join(topic, s, start, seed)
		s.run(head)
	})
	return nil
}

var (
	retryFrame = frame([]byte("retry: " + strconv.Itoa(retryMillis) + "\n\n"))
	pingFrame  = frame([]byte(": ping\n\n"))
	lastChunk  = []byte("0\r\n\r\n") // the chunked body's end, for a clean close
)

// frame makes an SSE message one chunk of the chunked body.
func frame(msg []byte) []byte {
	b := strconv.AppendInt(make([]byte, 0, len(msg)+12), int64(len(msg)), 16)
	return append(append(append(b, "\r\n"...), msg...), "\r\n"...)
}

// eventFrame is the chunk carrying one event's data.
func eventFrame(data []byte) []byte {
	msg := make([]byte, 0, len(data)+8)
	return frame(append(append(append(msg, "data: "...), data...), "\n\n"...))
}

// junkLimit is how much a client may send after its request before the stream drops it: an
// EventSource sends nothing.
const junkLimit = 1024

func (s *stream) run(head []byte) {
	defer s.end()
	defer s.h.survive("live stream", s.feed.topic) // this runs outside the server's recovery
	now := time.Now()
	end, beat := now.Add(s.h.cfg.StreamLifetime), now.Add(s.h.cfg.Heartbeat)
	if !s.write(head) || !s.write(retryFrame) {
		return
	}
	var buf [64]byte
	junk := 0
	for {
		if s.h.closed.Load() {
			s.write(lastChunk)
			return
		}
		if s.pending.Swap(false) {
			f, ok := s.feed.frame(s.variant)
			if !ok {
				s.write(lastChunk) // the object is gone
				return
			}
			if f != nil && !bytes.Equal(f, s.last) {
				s.last = f
				if !s.write(f) {
					return
				}
			}
		}
		now = time.Now()
		if !now.Before(end) {
			s.write(lastChunk)
			return
		}
		if !now.Before(beat) {
			if !s.write(pingFrame) {
				return
			}
			beat = now.Add(s.h.cfg.Heartbeat)
		}
		// The deadline first, then the flags: a wake that comes after this check moves the deadline
		// back into the past, so the Read below returns at once (see wake).
		s.conn.SetReadDeadline(earlier(beat, end))
		if s.pending.Load() || s.h.closed.Load() {
			continue
		}
		n, err := s.conn.Read(buf[:])
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			return // the client closed the connection, or it broke
		}
		if junk += n; junk > junkLimit {
			return
		}
	}
}

// write sends bytes at once; a write error means the client is gone. The deadline leaves a slow
// client between one and two heartbeats (and some slack) to take them: it is moved only once less
// than one is left, which spares resetting a timer on every write of a fan-out to thousands.
func (s *stream) write(b []byte) bool {
	if now := time.Now(); now.Add(s.h.cfg.Heartbeat + 10*time.Second).After(s.writeBy) {
		s.writeBy = now.Add(2*s.h.cfg.Heartbeat + 10*time.Second)
		s.conn.SetWriteDeadline(s.writeBy)
	}
	_, err := s.conn.Write(b)
	return err == nil
}

func (s *stream) end() {
	s.h.leave(s.feed, s)
	if s.h.ownsHijacked {
		s.conn.Close()
	}
	s.release()
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
