package onramp

import (
	"context"
	"testing"
)

// The cost of a click's link: MoonPay's signed URL against Banxa's unsigned one of the same
// order (the yardstick: the same query building without the HMAC).
func BenchmarkLink(b *testing.B) {
	s, err := New(Config{MoonPayAPIKey: "pk_test", MoonPaySecretKey: "sk_test", BanxaPartner: "acme"})
	if err != nil {
		b.Fatal(err)
	}
	o := order()
	for _, p := range []Provider{MoonPay, Banxa} {
		b.Run(string(p), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Link(context.Background(), p, o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
