package remote

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
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
		// ERR_NO_PAYMENT, but also e.g. a malformed id: to the payer it is all "not found". The
		// work of a wrong code is done too: decoding a payment (what reading a cached one costs,
		// the bulk of it) and comparing the code.
		var p gateway.Payment
		json.Unmarshal(dummyPaymentJSON, &p)
		CheckCode(p, code)
		return gateway.Payment{}, gateway.NoPayment(id)
	case err != nil:
		return gateway.Payment{}, err
	case !CheckCode(p, code):
		return gateway.Payment{}, gateway.NoPayment(id)
	}
	return p, nil
}

// dummyPaymentJSON stands in for an unknown payment: a payment of the usual shape and size (the
// seed's example) whose payment_url holds a code nobody knows (random at each start).
var dummyPaymentJSON = func() []byte {
	var b [16]byte
	rand.Read(b[:])
	p := gateway.Payment{
		PaymentID: "00000000-0000-4000-8000-000000000000", PaymentNum: "1", StoreID: "00000000-0000-4000-8000-000000000001",
		StoreName: "Store", AssetID: "USD", Amount: gateway.MustAmount("100"), PaymentAssetID: "BTC",
		PaymentAmount: gateway.MustAmount("0.00370885"), IPAmount: gateway.Zero, RemainAmount: gateway.MustAmount("0.00370885"),
		Status: gateway.StatusOpen, StatusName: "Open", CryptoNetwork: "BITCOIN", Address: "bc1qv2pqpdf3qq5q96djfgnlehn92a7e7n67wrcnqe",
		PaymentURL: "https://checkout.invalid/payment/00000000-0000-4000-8000-000000000000?code=" + hex.EncodeToString(b[:]),
		QRCodeURL:  "https://checkout.invalid/int/payment/00000000-0000-4000-8000-000000000000/qrcode?code=" + hex.EncodeToString(b[:]),
	}
	out, err := json.Marshal(p)
	if err != nil {
		panic(err)
	}
	return out
}()
