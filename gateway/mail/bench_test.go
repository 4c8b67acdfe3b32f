package mail_test

import (
	"testing"

	gmail "github.com/cryptocheckout/checkout/gateway/mail"
)

// BenchmarkCompose is the sender's work per e-mail before SMTP: the view, both bodies, the QR
// code (dedicated address, partial notice) and the MIME message.
func BenchmarkCompose(b *testing.B) {
	for _, kind := range kinds {
		b.Run(string(kind), func(b *testing.B) {
			n := notice(kind, "ana@example.com", "ar")
			for range b.N {
				if _, err := gmail.Compose(n, from, renderer); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
