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

// BenchmarkPaymentPage renders a warm payment page (one read of the engine, the view model, the
// templ components) through the Fiber app: plain, and gzipped as browsers ask for it.
func BenchmarkPaymentPage(b *testing.B) {
	e := newEnv(b)
	p := e.payment(e.test, "BTC")
	e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String()) // a partial payment: the fullest screen
	for _, enc := range []string{"", "gzip"} {
		name := "identity"
		if enc != "" {
			name = enc
		}
		b.Run(name, func(b *testing.B) {
			handler, req, ctx := e.app.Handler(), benchRequest(pageURL(p), enc), &fasthttp.RequestCtx{}
			status, size := serveOnce(handler, ctx, req)
			if status != http.StatusOK {
				b.Fatalf("status %d", status)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				serveOnce(handler, ctx, req)
			}
		})
	}
}

// BenchmarkStaticFileSameSize answers with a fixed body as large as the payment page, through the
// same app: the floor of serving those bytes, against which the page's rendering cost shows.
func BenchmarkStaticFileSameSize(b *testing.B) {
	e := newEnv(b)
	p := e.payment(e.test, "BTC")
	e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
	handler, ctx := e.app.Handler(), &fasthttp.RequestCtx{}
	_, size := serveOnce(handler, ctx, benchRequest(pageURL(p), ""))
	body := []byte(strings.Repeat("x", size))
	e.app.Get("/bench/same-size", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		return c.Send(body)
	})
	handler = e.app.Handler()
	b.Run("same-size", func(b *testing.B) {
		req := benchRequest("/bench/same-size", "")
		b.SetBytes(int64(size))
		b.ReportAllocs()
		for b.Loop() {
			serveOnce(handler, ctx, req)
		}
	})
	b.Run("checkout.js", func(b *testing.B) {
		req := benchRequest(static.URL("checkout.js"), "gzip")
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

// BenchmarkSSEFanout connects N live-stream clients to one payment over loopback, then measures
// how long one change (an emulated confirmation or transaction, committed and published) takes to
// reach all of them. It reports the memory and goroutines each client costs, server and client side together
// (both run in this process).
func BenchmarkSSEFanout(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(fmt.Sprintf("clients=%d", n), func(b *testing.B) {
			e := newEnv(b)
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
