package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

func TestListPayments(t *testing.T) {
	a := newTestAPI(t)
	a.addStore(t, "Other", "other-key", "other-secret-0123456789", true)

	// Day 1 (2026-03-04): #1 in BTC for USD, paid and confirmed.
	p1 := str(t, a.createPayment(t, `{"amount": 300, "asset_id": "USD", "payment_asset_id": "BTC"}`), "payment_id")
	a.call(t, "POST", "/int/test/payment/"+p1+"/tx", `{"amount": "0.01"}`).ok(t)
	a.call(t, "POST", "/int/test/blocks", `{"crypto_network": "BITCOIN", "count": 6}`).ok(t)
	// Day 2: #2 in ETH for USD, open.
	a.clk.Advance(24 * time.Hour)
	a.createPayment(t, `{"amount": 30, "asset_id": "USD", "payment_asset_id": "ETH"}`)
	// Day 3: #3 in USDT.TRC20 for EUR, expired; #4 in BTC for BTC, open.
	a.clk.Advance(24 * time.Hour)
	p3 := str(t, a.createPayment(t, `{"amount": 10, "asset_id": "EUR", "payment_asset_id": "USDT.TRC20"}`), "payment_id")
	a.call(t, "POST", "/int/test/payment/"+p3+"/expire", "").ok(t)
	a.createPayment(t, `{"amount": 1, "asset_id": "BTC", "payment_asset_id": "BTC"}`)

	tests := []struct {
		name, query string
		want        []string // payment_num in order
	}{
		{"every day", "from=2026-03-04&to=2026-03-06", []string{"1", "2", "3", "4"}},
		{"one day", "from=2026-03-05&to=2026-03-05", []string{"2"}},
		{"from the last day on", "from=2026-03-06&to=2026-12-31", []string{"3", "4"}},
		{"before anything", "from=2026-03-01&to=2026-03-03", nil},
		{"COMPLETE", "from=2026-03-01&to=2026-03-31&status=COMPLETE", []string{"1"}},
		{"OPEN", "from=2026-03-01&to=2026-03-31&status=OPEN", []string{"2", "4"}},
		{"CANCEL", "from=2026-03-01&to=2026-03-31&status=CANCEL", []string{"3"}},
		{"CLOSING", "from=2026-03-01&to=2026-03-31&status=CLOSING", nil},
		{"paid in BTC", "from=2026-03-01&to=2026-03-31&asset_id=BTC", []string{"1", "4"}},
		{"priced in USD", "from=2026-03-01&to=2026-03-31&asset_id=USD", []string{"1", "2"}},
		{"paid in USDT.TRC20", "from=2026-03-01&to=2026-03-31&asset_id=USDT.TRC20", []string{"3"}},
		{"open BTC", "from=2026-03-01&to=2026-03-31&status=OPEN&asset_id=BTC", []string{"4"}},
		{"a dedicated address with no payments", "from=2026-03-01&to=2026-03-31&dedicate_id=0c1c57ac-3f88-4a5f-b0ad-5ec94c10eae2", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := a.call(t, "GET", "/int/payments?"+tt.query, "").ok(t)
			list := res.array(t)
			var got []string
			for _, p := range list {
				got = append(got, str(t, p, "payment_num"))
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("payment_num = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("each entry is the payment", func(t *testing.T) {
		list := a.call(t, "GET", "/int/payments?from=2026-03-04&to=2026-03-04", "").ok(t).array(t)
		one := a.call(t, "GET", "/int/payment/"+p1, "").ok(t).object(t)
		for key, want := range one {
			if got := list[0][key]; got != want {
				t.Errorf("list %s = %v, GET says %v", key, got, want)
			}
		}
		if got, want := len(list[0]), len(one); got != want {
			t.Errorf("list entry has %d fields, GET %d", got, want)
		}
	})
	t.Run("another store sees none of them", func(t *testing.T) {
		list := a.callAs(t, "other-key", "other-secret-0123456789", "GET", "/int/payments?from=2026-03-01&to=2026-03-31", "").ok(t).array(t)
		if got := len(list); got != 0 {
			t.Errorf("another store lists %d payments", got)
		}
	})
	t.Run("the seed's example query", func(t *testing.T) {
		a.call(t, "GET", "/int/payments?from=2021-01-31&to=2025-01-31&status=COMPLETE&asset_id=USDT.TRC20&dedicate_id=0c1c57ac-3f88-4a5f-b0ad-5ec94c10eae2", "").ok(t).array(t)
	})
}

func TestListPaymentsRefused(t *testing.T) {
	a := newTestAPI(t)
	tests := []struct{ name, query, code, field string }{
		{"no from", "to=2026-03-04", gateway.ErrCodeRequiredField, "from"},
		{"no to", "from=2026-03-04", gateway.ErrCodeRequiredField, "to"},
		{"nothing", "", gateway.ErrCodeRequiredField, "from"},
		{"from not a date", "from=2026/03/04&to=2026-03-04", gateway.ErrCodeInvalidDate, "from"},
		{"to not a day", "from=2026-03-04&to=2026-02-30", gateway.ErrCodeInvalidDate, "to"},
		{"to before from", "from=2026-03-04&to=2026-03-03", gateway.ErrCodeInvalidDate, "to"},
		{"unknown status", "from=2026-03-04&to=2026-03-04&status=PAID", gateway.ErrCodeInvalidStatus, "status"},
		{"lowercase status", "from=2026-03-04&to=2026-03-04&status=open", gateway.ErrCodeInvalidStatus, "status"},
		{"unknown asset", "from=2026-03-04&to=2026-03-04&asset_id=XYZ", gateway.ErrCodeNoAsset, "asset_id"},
		{"malformed dedicate_id", "from=2026-03-04&to=2026-03-04&dedicate_id=abc", gateway.ErrCodeInvalidField, "dedicate_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.call(t, "GET", "/int/payments?"+tt.query, "").wantError(t, http.StatusUnprocessableEntity, tt.code, tt.field)
		})
	}
}
