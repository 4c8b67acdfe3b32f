package remote

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
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
	return AuthorizePayer(id, p, err, code)
}

// AuthorizePayer decides what a payer holding code may see of the read of payment id (p, err).
// An unknown id takes the same path as a wrong code: its code is compared, in constant time,
// against a dummy payment's, so the answer costs the same and says nothing more.
func AuthorizePayer(id string, p gateway.Payment, err error, code string) (gateway.Payment, error) {
	var rejected *gateway.Error
	switch {
	case errors.As(err, &rejected):
		// ERR_NO_PAYMENT, but also e.g. a malformed id: to the payer it is all "not found".
		CheckCode(dummyPayment, code)
		return gateway.Payment{}, NoPayment(id)
	case err != nil:
		return gateway.Payment{}, err
	case !CheckCode(p, code):
		return gateway.Payment{}, NoPayment(id)
	}
	return p, nil
}

// dummyPayment stands in for an unknown payment: a payment_url of the usual shape with a code
// nobody knows (random at each start).
var dummyPayment = func() gateway.Payment {
	var b [16]byte
	rand.Read(b[:])
	return gateway.Payment{PaymentURL: "https://checkout.invalid/payment/00000000-0000-4000-8000-000000000000?code=" + hex.EncodeToString(b[:])}
}()

// NoPayment is the one error for "no such payment (for you)", worded as the seed's example.
func NoPayment(id string) *gateway.Error {
	return gateway.Errorf(gateway.ErrCodeNoPayment, "Payment <%s> not found.", id)
}
