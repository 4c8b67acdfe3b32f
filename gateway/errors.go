package gateway

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes of the Integration API. The seed shows ERR_NO_PAYMENT; the rest follow its pattern.
// Every code is answered with HTTP 422 except the few mapped otherwise in HTTPStatus
// (authentication, unknown route, internal).
const (
	ErrCodeInvalidRequest      = "ERR_INVALID_REQUEST"  // body is not JSON / not an object
	ErrCodeInvalidField        = "ERR_INVALID_FIELD"    // a field has the wrong type or format
	ErrCodeRequiredField       = "ERR_REQUIRED_FIELD"   // a required field is missing
	ErrCodeInvalidAmount       = "ERR_INVALID_AMOUNT"   // not a number, ≤ 0, too large, too precise
	ErrCodeAmountTooSmall      = "ERR_AMOUNT_TOO_SMALL" // below the asset's min_size / min withdrawal
	ErrCodeAmountTooLarge      = "ERR_AMOUNT_TOO_LARGE" // above the max withdrawal
	ErrCodeNoAsset             = "ERR_NO_ASSET"         // unknown asset_id
	ErrCodeNotCrypto           = "ERR_NOT_CRYPTO"       // a fiat asset where a crypto one is needed
	ErrCodeInvalidTimeout      = "ERR_INVALID_TIMEOUT"  // timeout outside 0..1440
	ErrCodeInvalidPaymentType  = "ERR_INVALID_PAYMENT_TYPE"
	ErrCodeInvalidURL          = "ERR_INVALID_URL"
	ErrCodeInvalidDate         = "ERR_INVALID_DATE"
	ErrCodeInvalidStatus       = "ERR_INVALID_STATUS"
	ErrCodeInvalidFiatProvider = "ERR_INVALID_FIAT_PROVIDER"
	ErrCodeNoRate              = "ERR_NO_RATE"
	ErrCodeNoPayment           = "ERR_NO_PAYMENT"
	ErrCodeNoDedicate          = "ERR_NO_DEDICATE"
	ErrCodeNoWithdraw          = "ERR_NO_WITHDRAW"
	ErrCodeNoStore             = "ERR_NO_STORE"
	ErrCodeNoNetwork           = "ERR_NO_NETWORK"
	ErrCodeNotTestStore        = "ERR_NOT_TEST_STORE"
	ErrCodePaymentFinal        = "ERR_PAYMENT_FINAL"
	ErrCodeDedicateReleased    = "ERR_DEDICATE_RELEASED"
	ErrCodeDedicateNotAssign   = "ERR_DEDICATE_NOT_ASSIGN"
	ErrCodeDedicateInUse       = "ERR_DEDICATE_IN_USE"
	ErrCodeDedicateAsset       = "ERR_DEDICATE_ASSET"
	ErrCodeInsufficientFunds   = "ERR_INSUFFICIENT_FUNDS"
	ErrCodeInvalidAddress      = "ERR_INVALID_ADDRESS"
	ErrCodeInvalidTOTP         = "ERR_INVALID_TOTP"
	ErrCodeTransferNotAllowed  = "ERR_TRANSFER_NOT_ALLOWED"
	ErrCodeUnauthorized        = "ERR_UNAUTHORIZED"
	ErrCodeNotFound            = "ERR_NOT_FOUND" // unknown route
	ErrCodeBodyTooLarge        = "ERR_BODY_TOO_LARGE"
	ErrCodeTooManyRequests     = "ERR_TOO_MANY_REQUESTS" // too many failed attempts from one client: wait
	ErrCodeTimeout             = "ERR_TIMEOUT"           // could not finish in time: outcome unknown
	ErrCodeInternal            = "ERR_INTERNAL"
)

// Error is the one application error type. Code is one of the ERR_… codes, Message is safe to
// show to the caller, Field names the request field at fault when there is one.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf builds an *Error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError builds an *Error about one request field.
func FieldError(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of an *Error anywhere in err's chain, ERR_INTERNAL for any other error
// and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ErrCodeInternal
}

// HTTPStatus is the one place that maps error codes to HTTP statuses: 422 for every business or
// validation error, as the seed says, and a few protocol-level exceptions. The /int API answers
// with it; the payer pages read it to tell the client's fault from the gateway's.
func HTTPStatus(code string) int {
	switch code {
	case ErrCodeUnauthorized:
		return http.StatusUnauthorized
	case ErrCodeNotFound:
		return http.StatusNotFound
	case ErrCodeBodyTooLarge:
		return http.StatusRequestEntityTooLarge
	case ErrCodeTooManyRequests:
		return http.StatusTooManyRequests
	case ErrCodeTimeout, ErrCodeInternal:
		return http.StatusInternalServerError
	}
	return http.StatusUnprocessableEntity
}

// NoPayment is the one error for "no such payment (for you)", worded as the seed's example: an
// unknown id and a wrong code get the same answer.
func NoPayment(id string) *Error {
	return Errorf(ErrCodeNoPayment, "Payment <%s> not found.", id)
}

// NoDedicate is the one error for "no such dedicated address".
func NoDedicate(id string) *Error {
	return Errorf(ErrCodeNoDedicate, "Dedicate <%s> not found.", id)
}

// NoWithdraw is the one error for "no such withdrawal".
func NoWithdraw(id string) *Error {
	return Errorf(ErrCodeNoWithdraw, "Withdraw <%s> not found.", id)
}

// NoStore is the one error for "no such store".
func NoStore(id string) *Error {
	return Errorf(ErrCodeNoStore, "Store <%s> not found.", id)
}

// NotFound reports whether err says an object does not exist.
func NotFound(err error) bool {
	switch ErrorCode(err) {
	case ErrCodeNoPayment, ErrCodeNoDedicate, ErrCodeNoWithdraw, ErrCodeNoStore:
		return true
	}
	return false
}
