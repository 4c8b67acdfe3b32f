package cache

import (
	"context"
	"strings"
	"time"

	"github.com/cryptocheckout/checkout/gateway/live"
)

// Publisher is a live hub's publishing side (live.Hub, live.RedisHub).
type Publisher interface {
	Publish(topic string)
}

// InvalidatingPublisher drops the cached copies of an object before announcing its change, so
// that pages woken by the signal read the new state. Put it where engine events are published when
// the cache fronts the embedded engine; webhooks and the poller invalidate by themselves.
type InvalidatingPublisher struct {
	Views *Views
	Next  Publisher
}

// invalidateTimeout bounds the invalidation that precedes a publish (one Redis DEL).
const invalidateTimeout = time.Second

// Publish invalidates the payment or dedicated address named by topic, then publishes it.
func (p InvalidatingPublisher) Publish(topic string) {
	ctx, cancel := context.WithTimeout(context.Background(), invalidateTimeout)
	defer cancel()
	switch {
	case strings.HasPrefix(topic, live.PaymentTopic("")):
		p.Views.InvalidatePayment(ctx, strings.TrimPrefix(topic, live.PaymentTopic("")))
	case strings.HasPrefix(topic, live.DedicateTopic("")):
		p.Views.InvalidateDedicate(ctx, strings.TrimPrefix(topic, live.DedicateTopic("")))
	}
	p.Next.Publish(topic)
}
