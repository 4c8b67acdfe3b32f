package cache_test

import (
	"context"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
)

// BenchmarkViewsPaymentHit measures cached reads of one payment, the read every page load and
// every live refresh makes: from Redis (one GET and a JSON decode) and from the in-process store.
func BenchmarkViewsPaymentHit(b *testing.B) {
	for _, tc := range []struct {
		name  string
		store func(b *testing.B) cache.Store
	}{
		{"memory", func(*testing.B) cache.Store { return cache.NewMemory(0) }},
		{"redis", func(b *testing.B) cache.Store {
			s, _ := newRedisStore(b, redistest.URL(b), cache.RedisConfig{Timeout: cache.DefaultCommandTimeout})
			return s
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			up := newFakeUpstream()
			up.set(payment("p1", gateway.StatusOpen, "0"))
			v := cache.NewViews(cache.ViewsConfig{Store: tc.store(b), Upstream: up})
			if _, err := v.Payment(ctx, "p1"); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := v.Payment(ctx, "p1"); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reads/s")
			if got := up.calls.Load(); got != 1 {
				b.Errorf("upstream calls = %d, want 1: the benchmark measured misses", got)
			}
		})
	}
}
