package api_test

import (
	"encoding/json"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

const dedicateKeys = `dedicate_id dedicate_num dedicate_type store_id store_name account_id is_test asset_id status status_name
	crypto_network crypto_network_name crypto_address_link address_id address address_alloc start_date end_date payment_url
	qrcode_url payer_email payer_name payer_lang description custom custom1 custom2 custom3 custom4 custom5 custom6 custom7
	custom8 custom9 webhook_url success_url`

func TestAPICreateDedicate(t *testing.T) {
	h := newHarness(t)
	body := h.ok(t, "POST", "/int/dedicate", `{"asset_id":"BTC","payer_email":"name@email.com","payer_name":"Customer name",
		"payer_lang":"en","description":"The payment for item in store","address_alloc":"NEW","dedicate_type":"USES",
		"custom":"{\"client_id\":\"9a33\",\"org_id\":3}","custom1":"some value 1",
		"webhook_url":"https://yourserver.com/payment/webhook","success_url":"https://yoursite.com/payment/success"}`, nil)
	m := wantKeys(t, "dedicate", body, dedicateKeys)
	id, _ := m["dedicate_id"].(string)
	want := map[string]any{
		"dedicate_num": "1", "dedicate_type": "USES", "status": "OPEN", "status_name": "Open", "asset_id": "BTC",
		"address": "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "address_alloc": "NEW", "is_test": true,
		"payment_url": "https://pay.example/dedicate/" + id, "qrcode_url": "https://pay.example/int/dedicate/" + id + "/qrcode?oi=" + m["store_id"].(string),
		"custom": `{"client_id":"9a33","org_id":3}`, "store_name": "Main",
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}

	bad := []struct {
		name, body string
		code       string
	}{
		{"unknown asset", `{"asset_id":"DOGE"}`, gateway.ErrCodeNoAsset},
		{"fiat asset", `{"asset_id":"USD"}`, gateway.ErrCodeNotCrypto},
		{"no asset", `{}`, gateway.ErrCodeRequiredField},
		{"bad type", `{"asset_id":"BTC","dedicate_type":"FOREVER"}`, gateway.ErrCodeInvalidField},
		{"bad allocation", `{"asset_id":"BTC","address_alloc":"OLD"}`, gateway.ErrCodeInvalidField},
		{"asset as a number", `{"asset_id":5}`, gateway.ErrCodeInvalidField},
		{"not an object", `["BTC"]`, gateway.ErrCodeInvalidRequest},
	}
	for _, b := range bad {
		status, body := h.do(t, "POST", "/int/dedicate", b.body)
		wantError(t, b.name, status, body, 422, b.code)
	}
	status, body := h.doAs(t, "", "", "POST", "/int/dedicate", `{"asset_id":"BTC"}`)
	wantError(t, "no credentials", status, body, 401, gateway.ErrCodeUnauthorized)
}

func TestAPIGetAndReleaseDedicate(t *testing.T) {
	h := newHarness(t)
	var d gateway.Dedicate
	h.ok(t, "POST", "/int/dedicate", `{"asset_id":"ETH","dedicate_type":"ASSIGN"}`, &d)
	var got gateway.Dedicate
	wantKeys(t, "GET dedicate", h.ok(t, "GET", "/int/dedicate/"+d.DedicateID, "", &got), dedicateKeys)
	if got.Address != d.Address || got.DedicateType != "ASSIGN" {
		t.Errorf("GET = %+v, want %+v", got, d)
	}
	var released gateway.Dedicate
	h.ok(t, "POST", "/int/dedicate/"+d.DedicateID+"/release", "", &released)
	if released.Status != "COMPLETE" || released.StatusName != "Complete" {
		t.Errorf("released: %s/%s", released.Status, released.StatusName)
	}
	h.addStore(t, "other", engine.NewStore{IsTest: true})
	for _, tt := range []struct{ name, method, path string }{
		{"GET unknown", "GET", "/int/dedicate/2c1d0e6c-4a4e-4b8e-9f43-5c8e7a1b2c3d"},
		{"GET not an id", "GET", "/int/dedicate/abc"},
		{"release unknown", "POST", "/int/dedicate/2c1d0e6c-4a4e-4b8e-9f43-5c8e7a1b2c3d/release"},
		{"release not an id", "POST", "/int/dedicate/abc/release"},
	} {
		status, body := h.do(t, tt.method, tt.path, "")
		wantError(t, tt.name, status, body, 422, gateway.ErrCodeNoDedicate)
	}
	status, body := h.doAs(t, "other", "other-secret-0123456789", "GET", "/int/dedicate/"+d.DedicateID, "")
	wantError(t, "another store's dedicate", status, body, 422, gateway.ErrCodeNoDedicate)
}

// USES through the API as a merchant would drive it: the emulated transaction makes a payment of the
// dedicate that GET /payments?dedicate_id finds.
func TestAPIDedicateUsesTransaction(t *testing.T) {
	h := newHarness(t)
	var d gateway.Dedicate
	h.ok(t, "POST", "/int/dedicate", `{"asset_id":"USDT.TRC20"}`, &d)
	var tx struct {
		PaymentID  string `json:"payment_id"`
		DedicateID string `json:"dedicate_id"`
		TrxHash    string `json:"trx_hash"`
		Amount     string `json:"amount"`
		Address    string `json:"address"`
	}
	h.ok(t, "POST", "/int/test/dedicate/"+d.DedicateID+"/tx", `{"amount":"25"}`, &tx)
	if tx.DedicateID != d.DedicateID || tx.Amount != "25" || tx.TrxHash == "" || tx.Address != d.Address || !gateway.IsUUID(tx.PaymentID) {
		t.Errorf("transaction = %+v", tx)
	}
	var list []gateway.Payment
	h.ok(t, "GET", "/int/payments?from=2000-01-01&to=2100-01-01&dedicate_id="+d.DedicateID, "", &list)
	if len(list) != 1 || list[0].PaymentID != tx.PaymentID || list[0].PaymentType != "OPEN_AMOUNT" || list[0].IPAmount.String() != "25" {
		t.Fatalf("payments of the dedicate = %+v", list)
	}
	bad := []struct {
		name, path, body, code string
	}{
		{"amount not a number", "/int/test/dedicate/" + d.DedicateID + "/tx", `{"amount":"lots"}`, gateway.ErrCodeInvalidAmount},
		{"no amount", "/int/test/dedicate/" + d.DedicateID + "/tx", `{}`, gateway.ErrCodeRequiredField},
		{"unknown dedicate", "/int/test/dedicate/2c1d0e6c-4a4e-4b8e-9f43-5c8e7a1b2c3d/tx", `{"amount":"1"}`, gateway.ErrCodeNoDedicate},
	}
	for _, b := range bad {
		status, body := h.do(t, "POST", b.path, b.body)
		wantError(t, b.name, status, body, 422, b.code)
	}
	h.ok(t, "POST", "/int/dedicate/"+d.DedicateID+"/release", "", nil)
	status, body := h.do(t, "POST", "/int/test/dedicate/"+d.DedicateID+"/tx", `{"amount":"1"}`)
	wantError(t, "released", status, body, 422, gateway.ErrCodeDedicateReleased)

	h.addStore(t, "live", engine.NewStore{})
	var ld gateway.Dedicate
	status, body = h.doAs(t, "live", "live-secret-0123456789", "POST", "/int/dedicate", `{"asset_id":"BTC"}`)
	if status != 200 || json.Unmarshal(body, &ld) != nil {
		t.Fatalf("live dedicate: %d %s", status, body)
	}
	status, body = h.doAs(t, "live", "live-secret-0123456789", "POST", "/int/test/dedicate/"+ld.DedicateID+"/tx", `{"amount":"1"}`)
	wantError(t, "live store", status, body, 422, gateway.ErrCodeNotTestStore)
}

func TestAPIPaymentWithAssignedDedicate(t *testing.T) {
	h := newHarness(t)
	var assign, uses gateway.Dedicate
	h.ok(t, "POST", "/int/dedicate", `{"asset_id":"LTC","dedicate_type":"ASSIGN"}`, &assign)
	h.ok(t, "POST", "/int/dedicate", `{"asset_id":"LTC"}`, &uses)
	var p gateway.Payment
	h.ok(t, "POST", "/int/payment", `{"amount":100,"asset_id":"USD","payment_asset_id":"LTC","dedicate_id":"`+assign.DedicateID+`"}`, &p)
	if p.Address != assign.Address || p.DedicateID != assign.DedicateID {
		t.Errorf("payment address %s dedicate %s, want %s", p.Address, p.DedicateID, assign.Address)
	}
	bad := []struct{ name, body, code string }{
		{"in use", `{"amount":1,"asset_id":"LTC","payment_asset_id":"LTC","dedicate_id":"` + assign.DedicateID + `"}`, gateway.ErrCodeDedicateInUse},
		{"USES", `{"amount":1,"asset_id":"LTC","payment_asset_id":"LTC","dedicate_id":"` + uses.DedicateID + `"}`, gateway.ErrCodeDedicateNotAssign},
		{"other asset", `{"amount":1,"asset_id":"BTC","payment_asset_id":"BTC","dedicate_id":"` + assign.DedicateID + `"}`, gateway.ErrCodeDedicateAsset},
		{"unknown", `{"amount":1,"asset_id":"LTC","payment_asset_id":"LTC","dedicate_id":"2c1d0e6c-4a4e-4b8e-9f43-5c8e7a1b2c3d"}`, gateway.ErrCodeNoDedicate},
	}
	for _, b := range bad {
		status, body := h.do(t, "POST", "/int/payment", b.body)
		wantError(t, b.name, status, body, 422, b.code)
	}
}
