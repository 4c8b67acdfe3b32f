package payer

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
)

// feed is the live state of one topic (a payment, a dedicated address) shared by every stream of it
// in this process: one subscription to the gateway, one read per change, one encoding per change and
// language, however many payers (or tabs) watch. Each read starts after the signal it answers, so no
// change is lost. A feed has no goroutine of its own while nothing changes: the gateway calls its
// signal, which starts a short-lived goroutine that reads (on the read pool) until no signal is left
// unanswered. A payment watched by one payer costs its stream's goroutine and no second one.
type feed struct {
	h      *Handler
	topic  string
	source feedSource

	dirty   atomic.Bool // a signal came that no read has started after yet
	reading atomic.Bool // a refresh goroutine is running; at most one reads at a time

	mu      sync.Mutex
	state   feedState // nil until the first read
	gone    bool      // the object cannot be found any more: streams end
	streams map[*stream]struct{}
	stop    func()
	// frames are the current state's events, framed, by variant: replaced whole (under mu) on every
	// read and when a new variant joins, read without a lock by the streams, thousands of which
	// wake at once after a change.
	frames atomic.Pointer[frameSet]
}

// frameSet is one state's frames, one per variant the feed's streams asked for (a handful: the
// languages of its payers), in a slice, which costs a few hundred bytes less per feed than a map.
type frameSet struct {
	gone   bool
	frames []variantFrame
}

type variantFrame struct {
	variant eventVariant
	frame   []byte
}

func (s *frameSet) lookup(v eventVariant) ([]byte, bool) {
	for _, f := range s.frames {
		if f.variant == v {
			return f.frame, true
		}
	}
	return nil, false
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

// join adds s to the feed of topic, starting the feed for the first stream: from seed when it is
// given and still valid, otherwise with a source from newSource, a subscription and a first read.
// The stream is woken once the feed has a state to send.
func (h *Handler) join(topic string, s *stream, newSource func() feedSource, seed *feedSeed) *feed {
	h.feeds.mu.Lock()
	if h.feeds.m == nil {
		h.feeds.m = map[string]*feed{}
	}
	f, ok := h.feeds.m[topic]
	if ok {
		seed.drop()
	} else {
		f = &feed{h: h, topic: topic, source: newSource(), streams: map[*stream]struct{}{}}
		unnotify := h.gw.Notify(topic, f.signal)
		if seed.claim() {
			// The seed's state was read after its subscription: a change since is pending on it,
			// and later ones reach the feed's own.
			f.state = seed.state
			if seed.signalled() {
				f.signal()
			}
			seed.unsubscribe()
		} else {
			seed.drop()
			f.signal() // the first read
		}
		unwatch := f.source.watch()
		f.stop = func() { unwatch(); unnotify() }
		h.feeds.m[topic] = f
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

// watched returns the current state of topic's feed, nil when no feed has one.
func (h *Handler) watched(topic string) feedState {
	h.feeds.mu.Lock()
	f := h.feeds.m[topic]
	h.feeds.mu.Unlock()
	if f == nil {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gone {
		return nil
	}
	return f.state
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

// signal tells the feed its object changed (the gateway calls it, and must not wait): a read
// starts unless one is running, which then reads again when it is done. Signals that come during a
// read merge into one read after it.
func (f *feed) signal() {
	f.dirty.Store(true)
	if f.reading.CompareAndSwap(false, true) {
		go f.refresh()
	}
}

// refresh reads until no signal is left that came after the start of the last read. Only one runs
// at a time, so a slower, older read never overwrites a newer state.
func (f *feed) refresh() {
	defer f.h.survive("live feed", f.topic)
	for {
		f.dirty.Store(false)
		f.read()
		f.reading.Store(false)
		// A signal after the read started set dirty; whoever wins the flag back reads for it (a
		// signal after the Store above may have started a refresh of its own already).
		if !f.dirty.Load() || !f.reading.CompareAndSwap(false, true) {
			return
		}
	}
}

// read reads the object on the read pool, encodes it for the streams' variants there too (this
// goroutine stays shallow), and wakes the streams.
func (f *feed) read() {
	ctx, cancel := context.WithTimeout(context.Background(), f.h.cfg.CallTimeout)
	defer cancel()
	var streams []*stream
	err := f.h.reads.do(ctx, func(ctx context.Context) {
		state, err := f.source.read(ctx)
		f.mu.Lock()
		defer f.mu.Unlock()
		switch {
		case gateway.NotFound(err):
			f.gone = true
			f.frames.Store(&frameSet{gone: true})
		case err != nil:
			f.h.log.Warn("live stream: reading", "topic", f.topic, "err", err)
			return // keep showing the last state; the next signal tries again
		default:
			f.state = state
			set := &frameSet{}
			for s := range f.streams {
				if _, done := set.lookup(s.variant); !done { // once per variant: the streams only write
					set.frames = append(set.frames, variantFrame{s.variant, f.encode(s.variant)})
				}
			}
			f.frames.Store(set)
		}
		streams = make([]*stream, 0, len(f.streams))
		for s := range f.streams {
			streams = append(streams, s)
		}
	})
	for _, s := range streams {
		s.wake()
	}
	if err != nil && !errors.Is(err, errClosed) {
		f.h.log.Warn("live stream: reading", "topic", f.topic, "err", err)
	}
}

// frame returns the current state's event frame for a variant (nil while there is none yet); ok is
// false once the object is gone.
func (f *feed) frame(v eventVariant) (frame []byte, ok bool) {
	if set := f.frames.Load(); set == nil || set.gone {
		return nil, set == nil
	} else if b, found := set.lookup(v); found {
		return b, true
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gone {
		return nil, false
	}
	return f.frameLocked(v), true
}

// frameLocked returns the frame of a variant, encoding it and publishing a new frame set when the
// variant is new.
func (f *feed) frameLocked(v eventVariant) []byte {
	if f.state == nil {
		return nil
	}
	old := f.frames.Load()
	set := &frameSet{}
	if old != nil {
		if b, ok := old.lookup(v); ok {
			return b
		}
		set.frames = append(make([]variantFrame, 0, len(old.frames)+1), old.frames...)
	}
	b := f.encode(v)
	set.frames = append(set.frames, variantFrame{v, b})
	f.frames.Store(set)
	return b
}

// encode frames the current state's event for a variant; nil (nothing to send) if it cannot.
func (f *feed) encode(v eventVariant) []byte {
	data, err := f.state.encode(v)
	if err != nil {
		f.h.log.Error("live stream: encoding event", "topic", f.topic, "err", err)
		return nil
	}
	return eventFrame(data)
}
