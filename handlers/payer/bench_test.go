package payer

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/static"
)

// serveOnce runs one request through the whole Fiber app (routing, middleware, handler, error
// handler) without a network, and returns the status and body size.
func serveOnce(handler fasthttp.RequestHandler, ctx *fasthttp.RequestCtx, req *fasthttp.Request) (int, int) {
	ctx.Init(req, nil, nil)
	handler(ctx)
	return ctx.Response.StatusCode(), len(ctx.Response.Body())
}

func benchRequest(target, acceptEncoding string) *fasthttp.Request {
	req := &fasthttp.Request{}
	req.Header.SetMethod(fiber.MethodGet)
	req.SetRequestURI(target)
	if acceptEncoding != "" {
		req.Header.Set(fiber.HeaderAcceptEncoding, acceptEncoding)
	}
	return req
}

// benchCodings are the Accept-Encoding headers the page benchmarks send: none, gzip only, and what
// browsers send.
var benchCodings = []struct{ name, header string }{{"identity", ""}, {"gzip", "gzip"}, {"br", browserAcceptEncoding}}

// BenchmarkPaymentPage serves a partially paid payment page through the whole Fiber app, in each
// coding: "warm" from the page cache (its compressed forms made once), "uncached" with the cache
// emptied before every request, so that each one reads the engine, renders the page and, for gzip
// and br, compresses it.
func BenchmarkPaymentPage(b *testing.B) {
	e := newEnv(b)
	p := e.payment(e.test, "BTC")
	e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String()) // a partial payment: the fullest screen
	for _, warm := range []bool{true, false} {
		for _, enc := range benchCodings {
			name := "uncached/" + enc.name
			if warm {
				name = "warm/" + enc.name
			}
			b.Run(name, func(b *testing.B) {
				handler, req, ctx := e.app.Handler(), benchRequest(pageURL(p), enc.header), &fasthttp.RequestCtx{}
				status, size := serveOnce(handler, ctx, req)
				if status != http.StatusOK {
					b.Fatalf("status %d", status)
				}
				if got := string(ctx.Response.Header.ContentEncoding()); got != map[string]string{"identity": "", "gzip": "gzip", "br": "br"}[enc.name] {
					b.Fatalf("Content-Encoding %q", got)
				}
				b.SetBytes(int64(size))
				b.ReportAllocs()
				for b.Loop() {
					if !warm {
						e.h.pages.forget(p.PaymentID)
					}
					serveOnce(handler, ctx, req)
				}
			})
		}
	}
}

// BenchmarkStaticCSS serves the content-hashed stylesheet (precompressed at start) through the same
// app and in the same codings: the yardstick of the warm page.
func BenchmarkStaticCSS(b *testing.B) {
	e := newEnv(b)
	for _, enc := range benchCodings {
		b.Run(enc.name, func(b *testing.B) {
			handler, req, ctx := e.app.Handler(), benchRequest(static.URL("checkout.css"), enc.header), &fasthttp.RequestCtx{}
			status, n := serveOnce(handler, ctx, req)
			if status != http.StatusOK {
				b.Fatalf("status %d", status)
			}
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				serveOnce(handler, ctx, req)
			}
		})
	}
}

// BenchmarkSSEFanout connects N live-stream clients to one payment over loopback, then measures
// how long one change (an emulated confirmation or transaction, committed and published) takes to
// reach all of them. It reports the memory and goroutines each client costs, server and client side together
// (both run in this process).
func BenchmarkSSEFanout(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) {
			e := newEnv(b, func(c *Config, _ *fiberConfig) { c.MaxStreamsPerIP = n }) // all from 127.0.0.1
			base := e.serve()
			addr := strings.TrimPrefix(base, "http://")
			p := e.payment(e.test, "TRX")

			var received atomic.Int64 // events seen by all clients in this round
			var ready sync.WaitGroup
			ready.Add(n)
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			goroutines := runtime.NumGoroutine()
			conns := make([]net.Conn, 0, n)
			for i := 0; i < n; i++ {
				c, err := net.Dial("tcp", addr)
				if err != nil {
					b.Fatal(err)
				}
				conns = append(conns, c)
				fmt.Fprintf(c, "GET /payment/%s/events?code=%s HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n", p.PaymentID, p.Code, addr)
				go func(c net.Conn) {
					r := bufio.NewReaderSize(c, 4096)
					first, atLineStart := true, true
					for {
						line, err := r.ReadSlice('\n')
						if err != nil && err != bufio.ErrBufferFull {
							return
						}
						if atLineStart && bytes.HasPrefix(line, []byte("data: ")) {
							if first {
								first = false
								ready.Done()
							} else {
								received.Add(1)
							}
						}
						atLineStart = err == nil // a line longer than the buffer comes in pieces
					}
				}(c)
			}
			ready.Wait()
			runtime.GC()
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			perClient := float64(after.HeapInuse+after.StackInuse-before.HeapInuse-before.StackInuse) / float64(n)
			perClientG := float64(runtime.NumGoroutine()-goroutines) / float64(n)

			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				received.Store(0)
				// Mostly confirmations, now and then a new transaction: the mix of a real payment,
				// and events that do not grow without bound.
				if i%20 == 0 {
					e.send(p, "1")
				} else {
					e.mine(p, 1)
				}
				deadline := time.Now().Add(30 * time.Second)
				for received.Load() < int64(n) {
					if time.Now().After(deadline) {
						b.Fatalf("only %d of %d clients got the update", received.Load(), n)
					}
					time.Sleep(50 * time.Microsecond)
				}
			}
			b.StopTimer()
			b.ReportMetric(perClient, "B/client")
			b.ReportMetric(perClientG, "goroutines/client")
			for _, c := range conns {
				c.Close()
			}
		})
	}
}
