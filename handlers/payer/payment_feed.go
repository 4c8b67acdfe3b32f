package payer

import (
	"context"
	"sync"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/locales"
)

// paymentFeed is the live state of one payment, shared by every stream of it in this process: one
// subscription to the gateway, one read per change, one encoding per change and language, however
// many payers (or tabs) watch. Each read starts after the signal it answers, so no change is lost.
type paymentFeed struct {
	h        *Handler
	id, code string

	mu      sync.Mutex
	view    gateway.PaymentView
	gen     int                     // changes read so far; 0 until the first read
	gone    bool                    // the payment cannot be found any more: streams end
	events  map[eventVariant][]byte // encoded events of the current generation
	streams map[*paymentStream]struct{}
	stop    func()
}

// eventVariant is what makes two streams' events differ: the language, and whether ?lang= was given
// (it is carried in the URLs an event holds).
type eventVariant struct {
	loc  *locales.Localizer
	lang string
}

// feeds are the payments being watched, by payment id.
type feeds struct {
	mu sync.Mutex
	m  map[string]*paymentFeed
}

// join adds s to the feed of its payment, starting the feed for the first viewer. The stream's
// wake channel fires once the feed has a state to send.
func (h *Handler) join(s *paymentStream) *paymentFeed {
	h.feeds.mu.Lock()
	defer h.feeds.mu.Unlock()
	if h.feeds.m == nil {
		h.feeds.m = map[string]*paymentFeed{}
	}
	f, ok := h.feeds.m[s.id]
	if !ok {
		f = &paymentFeed{h: h, id: s.id, code: s.code, streams: map[*paymentStream]struct{}{}}
		signals, unsubscribe := h.gw.Subscribe(live.PaymentTopic(s.id))
		unwatch := func() {}
		if h.cfg.Watcher != nil {
			// Final payments too: the poller reads them rarely, for a late transaction.
			unwatch = h.cfg.Watcher.Watch(s.id)
		}
		done := make(chan struct{})
		f.stop = func() { unwatch(); unsubscribe(); close(done) }
		h.feeds.m[s.id] = f
		go f.follow(signals, done)
	}
	f.mu.Lock()
	f.streams[s] = struct{}{}
	ready := f.gen > 0 || f.gone
	f.mu.Unlock()
	if ready {
		s.wakeUp()
	}
	return f
}

// leave removes s; the last stream to leave ends the feed.
func (h *Handler) leave(f *paymentFeed, s *paymentStream) {
	h.feeds.mu.Lock()
	defer h.feeds.mu.Unlock()
	f.mu.Lock()
	delete(f.streams, s)
	empty := len(f.streams) == 0
	f.mu.Unlock()
	if empty && h.feeds.m[f.id] == f {
		delete(h.feeds.m, f.id)
		f.stop()
	}
}

// follow reads the payment once now (the subscription is already in place, so nothing between is
// missed) and again after every signal, and wakes the streams.
func (f *paymentFeed) follow(signals <-chan struct{}, done <-chan struct{}) {
	defer f.h.survive("live feed", f.id)
	f.refresh()
	for {
		select {
		case <-signals:
			f.refresh()
		case <-done:
			return
		}
	}
}

func (f *paymentFeed) refresh() {
	ctx, cancel := context.WithTimeout(context.Background(), f.h.cfg.CallTimeout)
	v, err := f.h.gw.PaymentView(ctx, f.id, f.code)
	cancel()
	f.mu.Lock()
	switch {
	case gateway.NotFound(err):
		f.gone = true
	case err != nil:
		f.mu.Unlock()
		f.h.log.Warn("live stream: reading payment", "payment_id", f.id, "err", err)
		return // keep showing the last state; the next signal tries again
	default:
		f.view, f.events = v, map[eventVariant][]byte{}
		f.gen++
	}
	streams := make([]*paymentStream, 0, len(f.streams))
	for s := range f.streams {
		streams = append(streams, s)
	}
	f.mu.Unlock()
	for _, s := range streams {
		s.wakeUp()
	}
}

// event returns the current state encoded for a variant, encoding it once per change; ok is false
// when the payment is gone.
func (f *paymentFeed) event(v eventVariant) (data []byte, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gone {
		return nil, false
	}
	if data, cached := f.events[v]; cached {
		return data, true
	}
	data, err := encodeEvent(f.h.paymentPage(f.view, f.code, v.loc, v.lang))
	if err != nil {
		f.h.log.Error("live stream: encoding event", "payment_id", f.id, "err", err)
		return nil, true
	}
	f.events[v] = data
	return data, true
}
