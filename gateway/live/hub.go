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

type subscription struct{ ch chan struct{} }

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[string]map[*subscription]struct{}{}} }

// Subscribe returns a channel that receives a value after each Publish on topic (signals that
// arrive while one is pending are merged), and a function that ends the subscription.
func (h *Hub) Subscribe(topic string) (<-chan struct{}, func()) {
	s := &subscription{ch: make(chan struct{}, 1)}
	h.mu.Lock()
	set := h.subs[topic]
	if set == nil {
		set = map[*subscription]struct{}{}
		h.subs[topic] = set
	}
	set[s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
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
		select {
		case s.ch <- struct{}{}:
		default: // a signal is already pending; the reader will re-read the latest state
		}
	}
}

// publishAll signals every subscriber of every topic: after a gap in which signals may have been
// lost, everyone re-reads.
func (h *Hub) publishAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, set := range h.subs {
		for s := range set {
			select {
			case s.ch <- struct{}{}:
			default:
			}
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
