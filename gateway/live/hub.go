// Package live tells interested parties that an object changed. The payer pages subscribe to a
// payment or dedicated address and re-read its whole state on every signal, so a signal carries no
// data and a lost or merged one does no harm.
package live

import "sync"

// Hub is an in-process broadcaster keyed by topic (for example "payment:<id>").
// It is safe for concurrent use; the zero value is not: use NewHub.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[*subscription]struct{}
}

// subscription is a channel (Subscribe) or a function (Notify).
type subscription struct {
	ch chan struct{}
	fn func()
}

func (s *subscription) signal() {
	if s.fn != nil {
		s.fn()
		return
	}
	select {
	case s.ch <- struct{}{}:
	default: // a signal is already pending; the reader will re-read the latest state
	}
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[string]map[*subscription]struct{}{}} }

// Subscribe returns a channel that receives a value after each Publish on topic (signals that
// arrive while one is pending are merged), and a function that ends the subscription.
func (h *Hub) Subscribe(topic string) (<-chan struct{}, func()) {
	s := &subscription{ch: make(chan struct{}, 1)}
	return s.ch, h.add(topic, s)
}

// Notify calls fn after each Publish on topic until the returned function is called: a
// subscription without a goroutine waiting on a channel, for those that keep thousands of them (the
// payer pages' live feeds). fn is called with the hub locked, so it must return at once and must not
// subscribe or unsubscribe.
func (h *Hub) Notify(topic string, fn func()) func() {
	return h.add(topic, &subscription{fn: fn})
}

func (h *Hub) add(topic string, s *subscription) func() {
	h.mu.Lock()
	set := h.subs[topic]
	if set == nil {
		set = map[*subscription]struct{}{}
		h.subs[topic] = set
	}
	set[s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.subs[topic], s)
			if len(h.subs[topic]) == 0 {
				delete(h.subs, topic)
			}
			h.mu.Unlock()
		})
	}
}

// Publish signals every subscriber of topic without blocking.
func (h *Hub) Publish(topic string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs[topic] {
		s.signal()
	}
}

// publishAll signals every subscriber of every topic: after a gap in which signals may have been
// lost, everyone re-reads.
func (h *Hub) publishAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, set := range h.subs {
		for s := range set {
			s.signal()
		}
	}
}

// Subscribers counts the subscriptions of topic.
func (h *Hub) Subscribers(topic string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs[topic])
}

// PaymentTopic and DedicateTopic name the topics of payments and dedicated addresses.
func PaymentTopic(id string) string  { return "payment:" + id }
func DedicateTopic(id string) string { return "dedicate:" + id }
