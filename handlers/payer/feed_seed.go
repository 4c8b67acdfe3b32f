package payer

import "time"

// feedSeed is what the request that opens a stream learnt for a feed that did not exist yet: a
// subscription, and a state read after it was taken. A feed started from it needs no read of its
// own (the read a stream's request makes anyway, to check the payer may see the object), and any
// change after that read is signalled on the subscription. Unclaimed — the stream never started —
// it ends by itself.
type feedSeed struct {
	signals     <-chan struct{}
	unsubscribe func()
	state       feedState
	expiry      *time.Timer
}

// seedFeed subscribes to topic for a stream's request, which then reads the object and completes
// the seed with the state read (or, on failure, drops it).
func (h *Handler) seedFeed(topic string) *feedSeed {
	signals, unsubscribe := h.gw.Subscribe(topic)
	return &feedSeed{signals: signals, unsubscribe: unsubscribe, expiry: time.AfterFunc(seedLifetime, unsubscribe)}
}

// seedLifetime bounds how long a seed waits for its stream.
const seedLifetime = time.Minute

// claim takes the seed's subscription over; false if it ended already.
func (s *feedSeed) claim() bool { return s != nil && s.state != nil && s.expiry.Stop() }

// signalled reports whether the object changed since the seed's subscription began (once: the
// signal is taken).
func (s *feedSeed) signalled() bool {
	select {
	case <-s.signals:
		return true
	default:
		return false
	}
}

// drop ends a seed that is not used.
func (s *feedSeed) drop() {
	if s != nil && s.expiry.Stop() {
		s.unsubscribe()
	}
}
