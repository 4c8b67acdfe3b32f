package gateway

import (
	"net/http"
	"testing"
)

// The /int API and the payer pages both read HTTPStatus: a code moved by mistake changes both.
func TestHTTPStatus(t *testing.T) {
	for code, want := range map[string]int{
		ErrCodeUnauthorized:      http.StatusUnauthorized,
		ErrCodeNotFound:          http.StatusNotFound,
		ErrCodeBodyTooLarge:      http.StatusRequestEntityTooLarge,
		ErrCodeTooManyRequests:   http.StatusTooManyRequests,
		ErrCodeTimeout:           http.StatusInternalServerError,
		ErrCodeInternal:          http.StatusInternalServerError,
		ErrCodeNoPayment:         http.StatusUnprocessableEntity, // the seed answers "not found" with 422
		ErrCodeNoDedicate:        http.StatusUnprocessableEntity,
		ErrCodeInvalidField:      http.StatusUnprocessableEntity,
		ErrCodeInsufficientFunds: http.StatusUnprocessableEntity,
	} {
		if got := HTTPStatus(code); got != want {
			t.Errorf("HTTPStatus(%s) = %d, want %d", code, got, want)
		}
	}
}

// The not-found constructors are worded as the seed's example and read as not found.
func TestNotFoundConstructors(t *testing.T) {
	for _, c := range []struct {
		err        *Error
		code, want string
	}{
		{NoPayment("p1"), ErrCodeNoPayment, "Payment <p1> not found."},
		{NoDedicate("d1"), ErrCodeNoDedicate, "Dedicate <d1> not found."},
		{NoWithdraw("w1"), ErrCodeNoWithdraw, "Withdraw <w1> not found."},
		{NoStore("s1"), ErrCodeNoStore, "Store <s1> not found."},
	} {
		if c.err.Code != c.code || c.err.Message != c.want || !NotFound(c.err) {
			t.Errorf("%+v: want code %s, message %q, NotFound", c.err, c.code, c.want)
		}
	}
}
