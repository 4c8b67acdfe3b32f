package remote

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/url"

	"github.com/cryptocheckout/checkout/gateway"
)

// CheckCode reports whether code is the payer code of p, the `code` parameter of its payment_url.
// The comparison takes the same time whatever the inputs: both sides are hashed first, so not even
// the length of the expected code leaks. A payment without a code in its URL accepts no code.
func CheckCode(p gateway.Payment, code string) bool {
	u, err := url.Parse(p.PaymentURL)
	if err != nil {
		return false
	}
	want := u.Query().Get("code")
	if want == "" || code == "" {
		return false
	}
	w, g := sha256.Sum256([]byte(want)), sha256.Sum256([]byte(code))
	return subtle.ConstantTimeCompare(w[:], g[:]) == 1
}

// PaymentReader reads one payment: the client itself, or the cache in front of it.
type PaymentReader interface {
	Payment(ctx context.Context, id string) (gateway.Payment, error)
}

// PaymentForPayer returns the payment id when code is its payer code. An unknown payment and a
// wrong code give the very same ERR_NO_PAYMENT error, so ids cannot be probed from the payer page.
// Any other 422 of the gateway is "not found" too. Errors that are not the gateway's answer
// (unreachable, misconfigured) are returned as they are: they are not about the payment.
func PaymentForPayer(ctx context.Context, r PaymentReader, id, code string) (gateway.Payment, error) {
	p, err := r.Payment(ctx, id)
	var rejected *gateway.Error
	switch {
	case errors.As(err, &rejected):
		// ERR_NO_PAYMENT, but also e.g. a malformed id: to the payer it is all "not found".
		return gateway.Payment{}, NoPayment(id)
	case err != nil:
		return gateway.Payment{}, err
	case !CheckCode(p, code):
		return gateway.Payment{}, NoPayment(id)
	}
	return p, nil
}

// NoPayment is the one error for "no such payment (for you)", worded as the seed's example.
func NoPayment(id string) *gateway.Error {
	return gateway.Errorf(gateway.ErrCodeNoPayment, "Payment <%s> not found.", id)
}
