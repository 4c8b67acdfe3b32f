package api_test

import (
	"fmt"
	"net/http"
	"testing"
)

// Issue 11 finding 12: 1e18 was "must be a decimal number" (refused while parsing) and 1e17 "too
// large" (refused after). An amount out of range now gets one answer, wherever it was refused.
func TestAmountsOutOfRangeGetOneMessage(t *testing.T) {
	a := newTestAPI(t)
	for _, tt := range []struct{ path, field, body string }{
		{"/int/payment", "amount", `{"amount": %s, "asset_id": "USD", "payment_asset_id": "BTC"}`},
		{"/int/convert", "from_amount", `{"from_amount": %s, "from_asset_id": "USD", "asset_id": "BTC"}`},
	} {
		var first string
		for _, amount := range []string{`1e13`, `1e17`, `1e18`, `"1e18"`, `"1000000000000000000"`, `1e40`, `1e41`, `1e300`} {
			r := a.call(t, http.MethodPost, tt.path, fmt.Sprintf(tt.body, amount))
			r.wantError(t, http.StatusUnprocessableEntity, "ERR_INVALID_AMOUNT", tt.field)
			msg := str(t, r.object(t), "message")
			if first == "" {
				first = msg
			}
			if msg != first {
				t.Errorf("%s %s %s: %q, while 1e13 gets %q", tt.path, tt.field, amount, msg, first)
			}
		}
		// Too many decimals, whether parsing or the asset refused them, is one answer too.
		var precise string
		for _, amount := range []string{`0.001`, `1e-31`, `"0.0000000000000000000000000000001"`} {
			r := a.call(t, http.MethodPost, tt.path, fmt.Sprintf(tt.body, amount))
			r.wantError(t, http.StatusUnprocessableEntity, "ERR_INVALID_AMOUNT", tt.field)
			msg := str(t, r.object(t), "message")
			if precise == "" {
				precise = msg
			}
			if msg != precise {
				t.Errorf("%s %s %s: %q, while 0.001 gets %q", tt.path, tt.field, amount, msg, precise)
			}
		}
		// Not a number at all stays its own answer.
		r := a.call(t, http.MethodPost, tt.path, fmt.Sprintf(tt.body, `"12abc"`))
		r.wantError(t, http.StatusUnprocessableEntity, "ERR_INVALID_AMOUNT", tt.field)
		if msg := str(t, r.object(t), "message"); msg == first || msg == precise {
			t.Errorf("%s: a non-number is told %q", tt.path, msg)
		}
	}
}
