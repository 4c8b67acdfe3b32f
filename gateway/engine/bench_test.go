package engine

import (
	"context"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

// BenchmarkCreatePayment is the engine's share of POST /int/payment: pricing, numbering, a new HD
// address and the outbox row, in one write transaction.
func BenchmarkCreatePayment(b *testing.B) {
	e, _ := newTestEngine(b)
	store := newTestStore(b, e, NewStore{})
	req := gateway.CreatePaymentRequest{Amount: amountIn("100"), AssetID: "USD", PaymentAssetID: "BTC"}
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if _, err := e.CreatePayment(ctx, store, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreatePaymentSync is BenchmarkCreatePayment with the writer on synchronous=NORMAL (the
// old setting: the WAL is synced only at checkpoints) and on FULL (synced at every commit), as A/B
// in one run: -count alternates the two. Creates run from 8 goroutines, as an HTTP server's do.
func BenchmarkCreatePaymentSync(b *testing.B) {
	for _, mode := range []string{"NORMAL", "FULL"} {
		b.Run(mode, func(b *testing.B) {
			e, _ := newTestEngine(b)
			if err := e.db.SetWriterSynchronous(mode); err != nil {
				b.Fatal(err)
			}
			store := newTestStore(b, e, NewStore{})
			req := gateway.CreatePaymentRequest{Amount: amountIn("100"), AssetID: "USD", PaymentAssetID: "BTC"}
			b.SetParallelism(4) // 8 goroutines on the 2 cores
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := e.CreatePayment(context.Background(), store, req); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "creates/s")
		})
	}
}

// BenchmarkPayment is the engine's share of GET /int/payment/{id}.
func BenchmarkPayment(b *testing.B) {
	e, _ := newTestEngine(b)
	store := newTestStore(b, e, NewStore{})
	p, err := e.CreatePayment(context.Background(), store, gateway.CreatePaymentRequest{Amount: amountIn("100"), AssetID: "USD", PaymentAssetID: "BTC"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		if _, err := e.Payment(ctx, store.StoreID, p.PaymentID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreatePaymentParallel is BenchmarkCreatePayment from 64 goroutines, with group commit
// and with one transaction per call (as before it), in the same run:
//
//	go test ./gateway/engine/ -run '^$' -bench CreatePaymentParallel -count 6
func BenchmarkCreatePaymentParallel(b *testing.B) {
	for _, mode := range []string{"group", "per-call"} {
		b.Run(mode, func(b *testing.B) {
			e, _ := newTestEngine(b)
			e.db.CommitEachCall(mode == "per-call")
			store := newTestStore(b, e, NewStore{})
			req := gateway.CreatePaymentRequest{Amount: amountIn("100"), AssetID: "USD", PaymentAssetID: "BTC"}
			b.SetParallelism(32) // 64 goroutines on 2 cores, like wrk's 64 connections
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := e.CreatePayment(context.Background(), store, req); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
