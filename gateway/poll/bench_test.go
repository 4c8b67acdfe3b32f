package poll_test

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
)

var (
	benchInterval = flag.Duration("poll.interval", 500*time.Millisecond, "polling interval of BenchmarkSharedPolling")
	benchWindow   = flag.Duration("poll.window", 5*time.Second, "how long BenchmarkSharedPolling counts upstream reads")
)

// BenchmarkSharedPolling counts the reads of one OPEN payment that reach the gateway while 1, 10
// or 100 payers watch it, spread over two replicas sharing Redis. The aim is a flat figure: one
// read per interval whatever the number of watchers. Reported as reads per minute and per interval.
func BenchmarkSharedPolling(b *testing.B) {
	for _, watchers := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("watchers=%d", watchers), func(b *testing.B) {
			fake := &fakeGateway{p: gateway.Payment{PaymentID: "11111111-2222-4333-8444-555555555555",
				Status: gateway.StatusOpen, PaymentAmount: gateway.MustAmount("0.001")}}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			prefix := redistest.Prefix(b)
			counter := &countingTransport{}
			a := newReplica(b, srv.URL+"/int", "k", "s", prefix, *benchInterval, counter)
			c := newReplica(b, srv.URL+"/int", "k", "s", prefix, *benchInterval, counter)
			id := fake.p.PaymentID
			for i := range watchers {
				r := a
				if i%2 == 1 {
					r = c
				}
				defer r.view(b, id).stop()
			}
			b.ResetTimer()
			var reads int
			var window time.Duration
			for range b.N {
				before := counter.total()
				time.Sleep(*benchWindow)
				reads += counter.total() - before
				window += *benchWindow
			}
			b.ReportMetric(float64(reads)/window.Minutes(), "reads/min")
			b.ReportMetric(float64(reads)/float64(window / *benchInterval), "reads/interval")
		})
	}
}
