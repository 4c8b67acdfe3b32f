package poll_test

import (
	"flag"
	"fmt"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/poll"
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

var (
	scaleWindow = flag.Duration("poll.scalewindow", 30*time.Second, "how long BenchmarkPollerScale measures each size")
	scaleRPS    = flag.Int("poll.maxrps", poll.DefaultMaxRPS, "POLL_MAX_RPS of BenchmarkPollerScale's replicas")
)

// BenchmarkPollerScale watches 10, 100 and 1,000 different OPEN payments (one viewer each, half
// on each of two replicas sharing Redis) at the default interval and budget, in real time over
// HTTP, and reports the upstream calls per minute and the staleness p99: the longest time a
// payment went without a read, per payment, 99th percentile over the payments (the first read is
// counted from the start of the window).
func BenchmarkPollerScale(b *testing.B) {
	for _, n := range []int{10, 100, 1000} {
		b.Run(fmt.Sprintf("payments=%d", n), func(b *testing.B) {
			fake := &fakeGateway{anyID: true, p: gateway.Payment{Status: gateway.StatusOpen, PaymentAmount: gateway.MustAmount("0.001")}}
			srv := httptest.NewServer(fake)
			defer srv.Close()
			prefix := redistest.Prefix(b)
			counter := &countingTransport{times: map[string][]time.Time{}}
			a := newReplica(b, srv.URL+"/int", "k", "s", prefix, poll.DefaultInterval, counter, *scaleRPS)
			c := newReplica(b, srv.URL+"/int", "k", "s", prefix, poll.DefaultInterval, counter, *scaleRPS)
			ids := make([]string, n)
			for i := range ids {
				ids[i] = fmt.Sprintf("00000000-0000-4000-8000-%012d", i)
				r := a
				if i%2 == 1 {
					r = c
				}
				defer r.poller.Watch(ids[i])()
			}
			time.Sleep(poll.DefaultInterval) // every payment read once
			b.ResetTimer()
			var calls int
			var gaps []time.Duration
			for range b.N {
				before, began := counter.total(), time.Now()
				time.Sleep(*scaleWindow)
				end := time.Now()
				calls += counter.total() - before
				counter.mu.Lock()
				for _, id := range ids {
					last, worst := began, time.Duration(0)
					for _, at := range counter.times["/int/payment/"+id] {
						if at.After(began) && at.Before(end) {
							worst, last = max(worst, at.Sub(last)), at
						}
					}
					gaps = append(gaps, max(worst, end.Sub(last)))
				}
				counter.mu.Unlock()
			}
			slices.Sort(gaps)
			b.ReportMetric(float64(calls)/(scaleWindow.Minutes()*float64(b.N)), "calls/min")
			b.ReportMetric(gaps[len(gaps)*99/100].Seconds(), "staleness-p99-s")
		})
	}
}
