package engine

import (
	"context"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

// BenchmarkReceivePayerMail is what e-mails to payers add to an incoming transaction: a payment
// with a payer_email receiving one part of its amount, on a store with payer e-mails off (nothing
// queued) and on (the partial notice and its snapshot written in the same transaction).
func BenchmarkReceivePayerMail(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := "off"
		if on {
			name = "on"
		}
		b.Run(name, func(b *testing.B) {
			e, _ := newTestEngine(b)
			store := newTestStore(b, e, NewStore{Page: StorePageChange{PayerEmails: &on}})
			req := fixed("1", "BTC", "BTC")
			req.MerchantFields = payerFields("ana@example.com")
			ctx := context.Background()
			ids := make([]string, b.N)
			for i := range ids {
				ids[i] = createPayment(b, e, store, req).PaymentID
			}
			b.ResetTimer()
			for i := range b.N {
				if _, err := e.EmulatePaymentTransaction(ctx, store, ids[i], gateway.AmountInput{Value: gateway.MustAmount("0.1"), Set: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
