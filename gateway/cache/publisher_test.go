package cache_test

import (
	"context"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/live"
)

func TestInvalidatingPublisher(t *testing.T) {
	ctx := context.Background()
	up := newFakeUpstream()
	up.set(payment("p1", gateway.StatusOpen, "0"))
	v := cache.NewViews(cache.ViewsConfig{Store: cache.NewMemory(0), Upstream: up})
	hub := live.NewHub()
	signals, stop := hub.Subscribe(live.PaymentTopic("p1"))
	defer stop()
	pub := cache.InvalidatingPublisher{Views: v, Next: hub}

	v.Payment(ctx, "p1")
	up.set(payment("p1", gateway.StatusComplete, "1"))
	pub.Publish(live.PaymentTopic("p1")) // an engine event
	select {
	case <-signals:
	default:
		t.Fatal("the topic was not published")
	}
	p, err := v.Payment(ctx, "p1")
	if err != nil || p.Status != gateway.StatusComplete {
		t.Fatalf("after the event the page reads %s, %v; want COMPLETE", p.Status, err)
	}
	if got, want := up.calls.Load(), int32(2); got != want {
		t.Errorf("upstream calls = %d, want %d", got, want)
	}
}
