package api_test

import (
	"net/http"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

func TestConvert(t *testing.T) {
	a := newTestAPI(t)
	tests := []struct {
		name, body                      string
		fromAmount, amount, asset, rate string
	}{
		// The seed's example. 100 USD = 0.00333… BTC, rounded half up at BTC's 8 decimals.
		{"seed example", `{"from_amount": 100, "from_asset_id": "USD", "asset_id": "BTC"}`, "100", "0.00333333", "BTC", "0.000033333333333333333333"},
		{"amount as a string", `{"from_amount": "100", "from_asset_id": "USD", "asset_id": "BTC"}`, "100", "0.00333333", "BTC", "0.000033333333333333333333"},
		{"rounds half up", `{"from_amount": 200, "from_asset_id": "USD", "asset_id": "BTC"}`, "200", "0.00666667", "BTC", "0.000033333333333333333333"},
		{"crypto to fiat", `{"from_amount": "0.5", "from_asset_id": "BTC", "asset_id": "EUR"}`, "0.5", "12500", "EUR", "25000"},
		{"0.1+0.2 in ETH", `{"from_amount": 0.3, "from_asset_id": "ETH", "asset_id": "USDT.TRC20"}`, "0.3", "900", "USDT.TRC20", "3000"},
		{"same asset", `{"from_amount": 1e-9, "from_asset_id": "ETH", "asset_id": "ETH"}`, "0.000000001", "0.000000001", "ETH", "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := a.call(t, "POST", "/int/convert", tt.body).ok(t).object(t)
			if got := str(t, m, "from_amount_str"); got != tt.fromAmount {
				t.Errorf("from_amount_str = %s, want %s", got, tt.fromAmount)
			}
			if got := num(t, m, "from_amount"); got != tt.fromAmount {
				t.Errorf("from_amount = %s, want %s", got, tt.fromAmount)
			}
			if got := str(t, m, "amount_str"); got != tt.amount {
				t.Errorf("amount_str = %s, want %s", got, tt.amount)
			}
			if got := num(t, m, "amount"); got != tt.amount {
				t.Errorf("amount = %s, want %s", got, tt.amount)
			}
			if got := str(t, m, "asset_id"); got != tt.asset {
				t.Errorf("asset_id = %s, want %s", got, tt.asset)
			}
			if got := num(t, m, "rate"); got != tt.rate {
				t.Errorf("rate = %s, want %s", got, tt.rate)
			}
			if got, want := str(t, m, "rate_date"), "2026-01-02T03:04:05Z"; got != want {
				t.Errorf("rate_date = %s, want %s", got, want)
			}
		})
	}
}

func TestConvertRefused(t *testing.T) {
	a := newTestAPI(t)
	tests := []struct {
		name, body, code, field string
	}{
		{"malformed JSON", `{"from_amount": 100, "from_asset_id": "USD",}`, gateway.ErrCodeInvalidRequest, ""},
		{"not an object", `[100, "USD", "BTC"]`, gateway.ErrCodeInvalidRequest, ""},
		{"empty body", ``, gateway.ErrCodeInvalidRequest, ""},
		{"unknown from asset", `{"from_amount": 100, "from_asset_id": "XYZ", "asset_id": "BTC"}`, gateway.ErrCodeNoAsset, "from_asset_id"},
		{"unknown asset", `{"from_amount": 100, "from_asset_id": "USD", "asset_id": "btc"}`, gateway.ErrCodeNoAsset, "asset_id"},
		{"missing asset", `{"from_amount": 100, "from_asset_id": "USD"}`, gateway.ErrCodeRequiredField, "asset_id"},
		{"missing amount", `{"from_asset_id": "USD", "asset_id": "BTC"}`, gateway.ErrCodeRequiredField, "from_amount"},
		{"zero", `{"from_amount": 0, "from_asset_id": "USD", "asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "from_amount"},
		{"negative", `{"from_amount": -5, "from_asset_id": "USD", "asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "from_amount"},
		{"huge", `{"from_amount": 1e15, "from_asset_id": "USD", "asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "from_amount"},
		{"absurd", `{"from_amount": 1e400, "from_asset_id": "USD", "asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "from_amount"},
		{"more decimals than USD", `{"from_amount": 1.001, "from_asset_id": "USD", "asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "from_amount"},
		{"not a number", `{"from_amount": "ten", "from_asset_id": "USD", "asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "from_amount"},
		{"asset of the wrong type", `{"from_amount": 1, "from_asset_id": 840, "asset_id": "BTC"}`, gateway.ErrCodeInvalidField, "from_asset_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.call(t, "POST", "/int/convert", tt.body).wantError(t, http.StatusUnprocessableEntity, tt.code, tt.field)
		})
	}
}
