package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

func TestEmulationLifecycle(t *testing.T) {
	a := newTestAPI(t)
	p := a.createPayment(t, `{"amount": 300, "asset_id": "USD", "payment_asset_id": "BTC"}`)
	id := str(t, p, "payment_id")
	status := func() map[string]any { return a.call(t, "GET", "/int/payment/"+id, "").ok(t).object(t) }

	tx := a.call(t, "POST", "/int/test/payment/"+id+"/tx", `{"amount": "0.004"}`).ok(t).object(t)
	for key, want := range map[string]string{"amount": "0.004", "status": "OPEN", "asset_id": "BTC", "address": str(t, p, "address")} {
		if got := str(t, tx, key); got != want {
			t.Errorf("tx %s = %q, want %q", key, got, want)
		}
	}
	if len(str(t, tx, "trx_hash")) != 64 {
		t.Errorf("trx_hash %q is not 32 bytes of hex", tx["trx_hash"])
	}
	if got, want := num(t, tx, "confirmations"), "0"; got != want {
		t.Errorf("confirmations = %s, want %s", got, want)
	}
	if got, want := str(t, status(), "status"), "OPEN"; got != want {
		t.Errorf("after a partial tx: status %s, want %s", got, want)
	}

	// A number is as good as a string; 0.006 more makes it enough.
	a.call(t, "POST", "/int/test/payment/"+id+"/tx", `{"amount": 0.006}`).ok(t)
	if got, want := str(t, status(), "status"), "CLOSING"; got != want {
		t.Errorf("after enough was sent: status %s, want %s", got, want)
	}

	blocks := a.call(t, "POST", "/int/test/blocks", `{"crypto_network": "BITCOIN", "count": "5"}`).ok(t).object(t)
	if got, want := num(t, blocks, "transactions"), "2"; got != want {
		t.Errorf("blocks touched %s transactions, want %s", got, want)
	}
	if got, want := num(t, blocks, "count"), "5"; got != want {
		t.Errorf("blocks count = %s, want %s", got, want)
	}
	if got, want := str(t, status(), "status"), "CLOSING"; got != want {
		t.Errorf("after 5 of 6 blocks: status %s, want %s", got, want)
	}
	blocks = a.call(t, "POST", "/int/test/blocks", `{"crypto_network": "BITCOIN"}`).ok(t).object(t) // count defaults to 1
	if got, want := num(t, blocks, "count"), "1"; got != want {
		t.Errorf("default count = %s, want %s", got, want)
	}
	done := status()
	for key, want := range map[string]string{"status": "COMPLETE", "status_name": "Completed", "ip_amount": "0.01", "remain_amount": "0", "paid_amount": "300"} {
		if got := str(t, done, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if _, ok := done["complete_date"].(string); !ok {
		t.Errorf("complete_date = %v, want a date", done["complete_date"])
	}
	a.call(t, "POST", "/int/test/payment/"+id+"/expire", "").wantError(t, http.StatusUnprocessableEntity, gateway.ErrCodePaymentFinal, "")

	// Late: recorded, the status stays.
	late := a.call(t, "POST", "/int/test/payment/"+id+"/tx", `{"amount": "0.001"}`).ok(t).object(t)
	if got, want := late["late"], true; got != want {
		t.Errorf("late = %v, want %v", got, want)
	}
	after := status()
	if got, want := str(t, after, "status"), "COMPLETE"; got != want {
		t.Errorf("after a late tx: status %s, want %s", got, want)
	}
	if got, want := str(t, after, "ip_amount"), "0.011"; got != want {
		t.Errorf("after a late tx: ip_amount %s, want %s", got, want)
	}
}

func TestExpireEndpoint(t *testing.T) {
	a := newTestAPI(t)
	id := str(t, a.createPayment(t, `{"amount": 300, "asset_id": "USD", "payment_asset_id": "BTC"}`), "payment_id")
	p := a.call(t, "POST", "/int/test/payment/"+id+"/expire", "").ok(t).object(t)
	for key, want := range map[string]string{"status": "CANCEL", "status_name": "Cancelled", "end_date": "2026-03-04T10:00:00Z", "ip_amount": "0"} {
		if got := str(t, p, key); got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
}

func TestEmulationRefused(t *testing.T) {
	a := newTestAPI(t)
	id := str(t, a.createPayment(t, `{"amount": 300, "asset_id": "USD", "payment_asset_id": "BTC"}`), "payment_id")
	a.addStore(t, "Other", "other-key", "other-secret-0123456789", true)
	live := a.addStore(t, "Live", "live-key", "live-secret-0123456789", false)
	livePayment, err := a.eng.CreatePayment(t.Context(), live, gateway.CreatePaymentRequest{
		Amount: gateway.AmountInput{Value: gateway.MustAmount("1"), Set: true}, AssetID: "BTC", PaymentAssetID: "BTC"})
	if err != nil {
		t.Fatal(err)
	}
	lp := livePayment.PaymentID

	tests := []struct {
		name, key, secret, path, body, code, field string
	}{
		{"tx on a live store", "live-key", "live-secret-0123456789", "/int/test/payment/" + lp + "/tx", `{"amount": "0.1"}`, gateway.ErrCodeNotTestStore, ""},
		{"expire on a live store", "live-key", "live-secret-0123456789", "/int/test/payment/" + lp + "/expire", "", gateway.ErrCodeNotTestStore, ""},
		{"blocks on a live store", "live-key", "live-secret-0123456789", "/int/test/blocks", `{"crypto_network": "BITCOIN", "count": 1}`, gateway.ErrCodeNotTestStore, ""},
		{"tx to an unknown payment", apiKey, apiSecret, "/int/test/payment/" + unknownID + "/tx", `{"amount": "0.1"}`, gateway.ErrCodeNoPayment, ""},
		{"tx to another store's payment", "other-key", "other-secret-0123456789", "/int/test/payment/" + id + "/tx", `{"amount": "0.1"}`, gateway.ErrCodeNoPayment, ""},
		{"expire an unknown payment", apiKey, apiSecret, "/int/test/payment/" + unknownID + "/expire", "", gateway.ErrCodeNoPayment, ""},
		{"expire another store's payment", "other-key", "other-secret-0123456789", "/int/test/payment/" + id + "/expire", "", gateway.ErrCodeNoPayment, ""},
		{"tx malformed JSON", apiKey, apiSecret, "/int/test/payment/" + id + "/tx", `{"amount": }`, gateway.ErrCodeInvalidRequest, ""},
		{"tx without an amount", apiKey, apiSecret, "/int/test/payment/" + id + "/tx", `{}`, gateway.ErrCodeRequiredField, "amount"},
		{"tx amount not a number", apiKey, apiSecret, "/int/test/payment/" + id + "/tx", `{"amount": "lots"}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"tx amount negative", apiKey, apiSecret, "/int/test/payment/" + id + "/tx", `{"amount": -0.1}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"tx more decimals than BTC", apiKey, apiSecret, "/int/test/payment/" + id + "/tx", `{"amount": "0.000000001"}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"blocks on an unknown network", apiKey, apiSecret, "/int/test/blocks", `{"crypto_network": "DOGECOIN", "count": 1}`, gateway.ErrCodeNoNetwork, "crypto_network"},
		{"blocks without a network", apiKey, apiSecret, "/int/test/blocks", `{"count": 1}`, gateway.ErrCodeNoNetwork, "crypto_network"},
		{"zero blocks", apiKey, apiSecret, "/int/test/blocks", `{"crypto_network": "BITCOIN", "count": 0}`, gateway.ErrCodeInvalidField, "count"},
		{"too many blocks", apiKey, apiSecret, "/int/test/blocks", `{"crypto_network": "BITCOIN", "count": 1001}`, gateway.ErrCodeInvalidField, "count"},
		{"count not a number", apiKey, apiSecret, "/int/test/blocks", `{"crypto_network": "BITCOIN", "count": "many"}`, gateway.ErrCodeInvalidField, "count"},
		{"blocks body not JSON", apiKey, apiSecret, "/int/test/blocks", `crypto_network=BITCOIN`, gateway.ErrCodeInvalidRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.callAs(t, tt.key, tt.secret, "POST", tt.path, tt.body).wantError(t, http.StatusUnprocessableEntity, tt.code, tt.field)
		})
	}
	p := a.call(t, "GET", "/int/payment/"+id, "").ok(t).object(t)
	if got, want := str(t, p, "ip_amount"), "0"; got != want {
		t.Errorf("refused transactions changed ip_amount to %s", got)
	}
	if got, want := str(t, p, "status"), "OPEN"; got != want {
		t.Errorf("refused calls changed the status to %s", got)
	}
}

// TestParallelTransactionsOverHTTP sends 100 transactions to one payment at once through the API:
// ip_amount is their exact sum and the payment completes once its blocks are mined.
func TestParallelTransactionsOverHTTP(t *testing.T) {
	a := newTestAPI(t)
	id := str(t, a.createPayment(t, `{"amount": "0.1", "asset_id": "ETH", "payment_asset_id": "ETH"}`), "payment_id")
	const n = 100
	var wg sync.WaitGroup
	statuses := make(chan int, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// (0.001 + (2i − 99)·10⁻¹⁸) ETH: all different, adding up to exactly 0.1.
			amount := fmt.Sprintf("0.%018d", 1_000_000_000_000_000+2*i-99)
			req := httptest.NewRequest("POST", "/int/test/payment/"+id+"/tx", strings.NewReader(`{"amount": "`+amount+`"}`))
			req.SetBasicAuth(apiKey, apiSecret)
			res, err := a.app.Test(req, -1)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			statuses <- res.StatusCode
		}(i)
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != http.StatusOK {
			t.Fatalf("a transaction was answered %d", s)
		}
	}
	p := a.call(t, "GET", "/int/payment/"+id, "").ok(t).object(t)
	if got, want := str(t, p, "ip_amount"), "0.1"; got != want {
		t.Errorf("ip_amount = %s, want %s", got, want)
	}
	if got, want := str(t, p, "status"), "CLOSING"; got != want {
		t.Errorf("status = %s, want %s", got, want)
	}
	if got := len(a.call(t, "GET", "/int/payment/"+id+"/txs", "").ok(t).array(t)); got != n {
		t.Errorf("transactions = %d, want %d", got, n)
	}
	a.call(t, "POST", "/int/test/blocks", `{"crypto_network": "ETHEREUM", "count": 10}`).ok(t)
	if got, want := str(t, a.call(t, "GET", "/int/payment/"+id, "").ok(t).object(t), "status"), "COMPLETE"; got != want {
		t.Errorf("status after mining = %s, want %s", got, want)
	}
}
