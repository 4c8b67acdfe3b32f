package api_test

import (
	"net/http"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

const unknownID = "e5792528-d265-4813-8b59-055cdfef31b1" // the seed's example of ERR_NO_PAYMENT

func TestGetPayment(t *testing.T) {
	a := newTestAPI(t)
	created := a.createPayment(t, seedPaymentCustomObject)
	id := str(t, created, "payment_id")
	a.call(t, "POST", "/int/test/payment/"+id+"/tx", `{"amount": "0.001"}`).ok(t)

	p := a.call(t, "GET", "/int/payment/"+id, "").ok(t).object(t)
	for key, want := range map[string]string{
		"payment_id": id, "status": "OPEN", "ip_amount": "0.001", "remain_amount": "0.00233334",
		"paid_amount":    "30", // 0.001 BTC at the payment's rate of 30000 USD/BTC
		"payment_amount": "0.00333334", "address": str(t, created, "address"), "payment_url": str(t, created, "payment_url"),
	} {
		if got := str(t, p, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
}

func TestGetPaymentRefused(t *testing.T) {
	a := newTestAPI(t)
	other := a.addStore(t, "Other", "other-key", "other-secret-0123456789", true)
	mine := str(t, a.createPayment(t, seedPaymentCustomObject), "payment_id")
	theirs, err := a.eng.CreatePayment(t.Context(), other, gateway.CreatePaymentRequest{
		Amount: gateway.AmountInput{Value: gateway.MustAmount("1"), Set: true}, AssetID: "BTC", PaymentAssetID: "BTC"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, message string
	}{
		{"unknown id (the seed's example)", "/int/payment/" + unknownID, "Payment <" + unknownID + "> not found."},
		{"not a UUID", "/int/payment/164", "Payment <164> not found."},
		{"another store's payment", "/int/payment/" + theirs.PaymentID, "Payment <" + theirs.PaymentID + "> not found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := a.call(t, "GET", tt.path, "")
			res.wantError(t, http.StatusUnprocessableEntity, gateway.ErrCodeNoPayment, "")
			if got := res.object(t)["message"]; got != tt.message {
				t.Errorf("message = %v, want %s", got, tt.message)
			}
		})
	}
	t.Run("the other store cannot see mine either", func(t *testing.T) {
		a.callAs(t, "other-key", "other-secret-0123456789", "GET", "/int/payment/"+mine, "").
			wantError(t, http.StatusUnprocessableEntity, gateway.ErrCodeNoPayment, "")
	})
	t.Run("wrong secret", func(t *testing.T) {
		a.callAs(t, apiKey, "other-secret-0123456789", "GET", "/int/payment/"+mine, "").
			wantError(t, http.StatusUnauthorized, gateway.ErrCodeUnauthorized, "")
	})
}
