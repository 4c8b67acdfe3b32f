package remote

import (
	"context"
	"errors"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

func TestCheckCode(t *testing.T) {
	const url = "https://pay.example.com/payment/p1?code=689b4a81-2a38-4fce-94c3-87b430d80d74&l=0"
	tests := []struct {
		name, url, code string
		want            bool
	}{
		{"right code", url, "689b4a81-2a38-4fce-94c3-87b430d80d74", true},
		{"wrong code", url, "689b4a81-2a38-4fce-94c3-87b430d80d75", false},
		{"prefix", url, "689b4a81", false},
		{"empty code", url, "", false},
		{"no code in url", "https://pay.example.com/payment/p1", "", false},
		{"no code in url, any given", "https://pay.example.com/payment/p1", "x", false},
		{"bad url", "://", "x", false},
	}
	for _, tc := range tests {
		if got := CheckCode(gateway.Payment{PaymentURL: tc.url}, tc.code); got != tc.want {
			t.Errorf("%s: CheckCode = %v, want %v", tc.name, got, tc.want)
		}
	}
}

type payments map[string]gateway.Payment

func (m payments) Payment(_ context.Context, id string) (gateway.Payment, error) {
	if id == "down" {
		return gateway.Payment{}, ErrUnavailable
	}
	if id == "malformed" {
		return gateway.Payment{}, gateway.FieldError(gateway.ErrCodeInvalidField, "id", "id must be a UUID.")
	}
	p, ok := m[id]
	if !ok {
		return gateway.Payment{}, gateway.Errorf(gateway.ErrCodeNoPayment, "Payment <%s> does not exist upstream.", id)
	}
	return p, nil
}

func TestPaymentForPayerHidesWhyNotFound(t *testing.T) {
	src := payments{"p1": {PaymentID: "p1", PaymentURL: "https://x/payment/p1?code=c1"}}
	ctx := context.Background()

	p, err := PaymentForPayer(ctx, src, "p1", "c1")
	if err != nil || p.PaymentID != "p1" {
		t.Fatalf("right code: %v, %v", p.PaymentID, err)
	}
	// The same id asked with a wrong code, and unknown ids, must fail identically.
	_, wrong := PaymentForPayer(ctx, src, "p1", "c2")
	_, missing := PaymentForPayer(ctx, payments{}, "p1", "c1")
	_, malformed := PaymentForPayer(ctx, src, "malformed", "c1")
	if wrong == nil || missing == nil {
		t.Fatal("want errors")
	}
	if got, want := wrong.Error(), missing.Error(); got != want {
		t.Errorf("wrong code error %q differs from unknown payment error %q", got, want)
	}
	if got, want := gateway.ErrorCode(wrong), gateway.ErrCodeNoPayment; got != want {
		t.Errorf("code = %s, want %s", got, want)
	}
	if got, want := gateway.ErrorCode(malformed), gateway.ErrCodeNoPayment; got != want {
		t.Errorf("malformed id code = %s, want %s", got, want)
	}
	if _, err := PaymentForPayer(ctx, src, "down", "c1"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("gateway down: err = %v, want ErrUnavailable passed through", err)
	}
}
