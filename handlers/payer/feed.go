package payer

import (
	"context"
	"sync"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
)

// feed is the live state of one topic (a payment, a dedicated address) shared by every stream of it
// in this process: one subscription to the gateway, one read per change, one encoding per change and
// language, however many payers (or tabs) watch. Each read starts after the signal it answers, so no
// change is lost. The feed's goroutine only waits for signals; reads run on short-lived goroutines,
// one at a time per feed, so an idle feed keeps a small stack.
type feed struct {
	h      *Handler
	topic  string
	source feedSource

	mu         sync.Mutex
	state      feedState // nil until the first read
	gone       bool      // the object cannot be found any more: streams end
	frames     map[eventVariant][]byte
	streams    map[*stream]struct{}
	refreshing bool // a read runs
	again      bool // a signal came during that read: read once more
	stop       func()
}

// feedSource reads a topic's object for its streams.
type feedSource interface {
	// read returns the object's current state; an error gateway.NotFound reports ends the streams.
	read(ctx context.Context) (feedState, error)
	// watch is called once when the feed starts; the returned function when it ends.
	watch() (stop func())
}

// feedState is one read of the object, which encodes itself as an event in a language.
type feedState interface {
	encode(v eventVariant) ([]byte, error)
}

// eventVariant is what makes two streams' events differ: the language, and whether ?lang= was given
// (it is carried in the URLs a payment event holds).
type eventVariant struct {
	loc  *locales.Localizer
	lang string
}

// feeds are the topics being watched.
type feeds struct {
	mu sync.Mutex
	m  map[string]*feed
}

// join adds s to the feed of topic, starting the feed (with a source from newSource) for the first
// stream. The stream is woken once the feed has a state to send.
func (h *Handler) join(topic string, s *stream, newSource func() feedSource) *feed {
	h.feeds.mu.Lock()
	if h.feeds.m == nil {
		h.feeds.m = map[string]*feed{}
	}
	f, ok := h.feeds.m[topic]
	if !ok {
		f = &feed{h: h, topic: topic, source: newSource(), frames: map[eventVariant][]byte{}, streams: map[*stream]struct{}{}}
		signals, unsubscribe := h.gw.Subscribe(topic)
		unwatch := f.source.watch()
		done := make(chan struct{})
		f.stop = func() { unwatch(); unsubscribe(); close(done) }
		h.feeds.m[topic] = f
		go f.follow(signals, done)
	}
	h.feeds.mu.Unlock()

	f.mu.Lock()
	f.streams[s] = struct{}{}
	ready := f.state != nil || f.gone
	if f.state != nil {
		f.frameLocked(s.variant) // encoded here, on the request's goroutine, not on the stream's
	}
	f.mu.Unlock()
	if ready {
		s.wake()
	}
	return f
}

// leave removes s; the last stream to leave ends the feed.
func (h *Handler) leave(f *feed, s *stream) {
	h.feeds.mu.Lock()
	defer h.feeds.mu.Unlock()
	f.mu.Lock()
	delete(f.streams, s)
	empty := len(f.streams) == 0
	f.mu.Unlock()
	if empty && h.feeds.m[f.topic] == f {
		delete(h.feeds.m, f.topic)
		f.stop()
	}
}

// wakeAll wakes every stream of every feed (Close does, so that they end).
func (h *Handler) wakeAll() {
	h.feeds.mu.Lock()
	defer h.feeds.mu.Unlock()
	for _, f := range h.feeds.m {
		f.mu.Lock()
		for s := range f.streams {
			s.wake()
		}
		f.mu.Unlock()
	}
}

// follow reads the object once now (the subscription is already in place, so nothing between is
// missed) and again after every signal.
func (f *feed) follow(signals <-chan struct{}, done <-chan struct{}) {
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

// refresh starts a read unless one runs; then that one reads again when it is done.
func (f *feed) refresh() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.refreshing {
		f.again = true
		return
	}
	f.refreshing = true
	go f.read()
}

func (f *feed) read() {
	defer f.h.survive("live feed", f.topic)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), f.h.cfg.CallTimeout)
		state, err := f.source.read(ctx)
		cancel()
		f.mu.Lock()
		switch {
		case gateway.NotFound(err):
			f.gone = true
		case err != nil:
			f.h.log.Warn("live stream: reading", "topic", f.topic, "err", err)
		default:
			f.state, f.frames = state, map[eventVariant][]byte{}
			for s := range f.streams {
				f.frameLocked(s.variant) // once per variant: the streams only write
			}
		}
		if err == nil || gateway.NotFound(err) {
			for s := range f.streams {
				s.wake()
			}
		}
		if !f.again {
			f.refreshing = false
			f.mu.Unlock()
			return
		}
		f.again = false
		f.mu.Unlock()
	}
}

// frame returns the current state's event frame for a variant (nil while there is none yet); ok is
// false once the object is gone.
func (f *feed) frame(v eventVariant) (frame []byte, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gone {
		return nil, false
	}
	if f.state == nil {
		return nil, true
	}
	return f.frameLocked(v), true
}

func (f *feed) frameLocked(v eventVariant) []byte {
	if b, ok := f.frames[v]; ok {
		return b
	}
	data, err := f.state.encode(v)
	if err != nil {
		f.h.log.Error("live stream: encoding event", "topic", f.topic, "err", err)
		return nil
	}
	b := eventFrame(data)
	f.frames[v] = b
	return b
}
