package cache_test

import (
	"context"
	"testing"
	"time"

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

// BenchmarkPayerNotFound compares what a prober sees in remote mode: a wrong code on a payment
// that exists, against an unknown id whose "not found" is kept (after the first request). Both
// are one cached read and one constant-time code comparison; the sub-benchmarks should be close.
// The two run alternately, A/B/A/B, on one store.
func BenchmarkPayerNotFound(b *testing.B) {
	for _, st := range []struct {
		name  string
		store func(b *testing.B) cache.Store
	}{
		{"memory", func(*testing.B) cache.Store { return cache.NewMemory(0) }},
		{"redis", func(b *testing.B) cache.Store {
			s, _ := newRedisStore(b, redistest.URL(b), cache.RedisConfig{})
			return s
		}},
	} {
		up := newFakeUpstream()
		up.set(seedLikePayment("p1"))
		gw := cache.NewPayerGateway(cache.NewViews(cache.ViewsConfig{Store: st.store(b), Upstream: up,
			LiveTTL: time.Hour, NotFoundTTL: time.Hour}), nil, nil) // nothing expires during the run
		ctx := context.Background()
		for _, id := range []string{"p1", unknownID} {
			gw.PaymentView(ctx, id, "c-wrong") // the first read of each id asks the gateway
		}
		for range 2 {
			for _, tc := range []struct{ name, id string }{{"wrong-code", "p1"}, {"unknown-id", unknownID}} {
				b.Run(st.name+"/"+tc.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						if _, err := gw.PaymentView(ctx, tc.id, "c-wrong"); gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
							b.Fatal(err)
						}
					}
				})
			}
		}
		// One call per id; a few more only when Redis missed its 100 ms deadline on a loaded
		// machine (the read then falls through to the gateway, as designed).
		if got := up.calls.Load(); got < 2 || got > 20 {
			b.Errorf("%s: upstream calls = %d, want 2 (one per id): the benchmark measured misses", st.name, got)
		}
	}
}

// seedLikePayment is a payment with the fields of the seed's example, the size of a real one.
func seedLikePayment(id string) gateway.Payment {
	p := payment(id, gateway.StatusOpen, "0")
	p.PaymentNum, p.StoreID, p.StoreName, p.AssetID, p.Amount = "1", "00000000-0000-4000-8000-000000000001", "Store", "USD", gateway.MustAmount("100")
	p.PaymentAssetID, p.RemainAmount, p.StatusName, p.CryptoNetwork = "BTC", gateway.MustAmount("0.00370885"), "Open", "BITCOIN"
	p.Address = "bc1qv2pqpdf3qq5q96djfgnlehn92a7e7n67wrcnqe"
	p.PaymentURL = "https://checkout.invalid/payment/00000000-0000-4000-8000-000000000000?code=0123456789abcdef0123456789abcdef"
	p.QRCodeURL = "https://checkout.invalid/int/payment/00000000-0000-4000-8000-000000000000/qrcode?code=0123456789abcdef0123456789abcdef"
	return p
}
