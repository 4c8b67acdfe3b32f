package api_test

import (
	"encoding/json"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

const accountKeys = `account_id store_id account_num crypto_network crypto_network_name asset_id balance available on_hold
	currency base_asset_id base_balance base_available base_on_hold base_currency rate rate_date`

func TestAPIAccounts(t *testing.T) {
	h := newHarness(t)
	h.fundVia(t, "BTC", "0.01")
	body := h.ok(t, "GET", "/int/accounts", "", nil)
	top := wantKeys(t, "accounts", body, "balance available on_hold asset_id accounts")
	if top["balance"] != "500" || top["available"] != "500" || top["on_hold"] != "0" || top["asset_id"] != "USD" {
		t.Errorf("totals = %v %v %v %v, want strings 500 500 0 and USD", top["balance"], top["available"], top["on_hold"], top["asset_id"])
	}
	list, _ := top["accounts"].([]any)
	if len(list) != 11 {
		t.Fatalf("accounts = %d, want 11 (one per crypto asset)", len(list))
	}
	raw, _ := json.Marshal(list[0])
	first := wantKeys(t, "account", raw, accountKeys)
	if first["asset_id"] != "BTC" || first["balance"] != "0.01" || first["base_balance"] != "500" || first["rate"] != 50000.0 {
		t.Errorf("BTC account = %s", raw)
	}
	status, body := h.doAs(t, harnessKey, "wrong-secret-0123456789", "GET", "/int/accounts", "")
	wantError(t, "wrong secret", status, body, 401, gateway.ErrCodeUnauthorized)
	status, body = h.doAs(t, "", "", "GET", "/int/accounts", "")
	wantError(t, "no credentials", status, body, 401, gateway.ErrCodeUnauthorized)
}

const withdrawKeys = `withdraw_id store_id account_id withdraw_num store_name is_test amount asset_id fee fee_asset_id
	crypto_network crypto_network_name status status_name address confirms start_date end_date complete_date description
	payer_email payer_name custom custom1 custom2 custom3 custom4 custom5 custom6 custom7 custom8 custom9 webhook_url timeout`

func TestAPIWithdraw(t *testing.T) {
	h := newHarness(t)
	h.fundVia(t, "BTC", "0.01")
	body := h.ok(t, "POST", "/int/withdraw", `{"amount":100,"asset_id":"USD","withdraw_asset_id":"BTC",
		"address":"bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g","payer_email":"name@email.com","payer_name":"Customer name",
		"description":"The payment for item in store","custom":{"client_id":"9a33","org_id":3},"custom1":"some value 1",
		"webhook_url":"https://yourserver.com/payment/webhook","auto_realloc":"N","timeout":60}`, nil)
	m := wantKeys(t, "withdraw", body, withdrawKeys)
	want := map[string]any{"amount": "0.002", "asset_id": "BTC", "fee": "0.0001", "fee_asset_id": "BTC", "status": "COMPLETE",
		"status_name": "Completed", "withdraw_num": "1", "custom": `{"client_id":"9a33","org_id":3}`, "timeout": 60.0, "confirms": 0.0}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	id, _ := m["withdraw_id"].(string)
	var got gateway.Withdraw
	wantKeys(t, "GET withdraw", h.ok(t, "GET", "/int/withdraw/"+id, "", &got), withdrawKeys)
	if got.WithdrawID != id || got.Amount.String() != "0.002" {
		t.Errorf("GET withdraw = %+v", got)
	}
	var acc gateway.Accounts
	h.ok(t, "GET", "/int/accounts", "", &acc)
	if acc.Accounts[0].Balance.String() != "0.0079" {
		t.Errorf("BTC balance after withdrawing = %s, want 0.0079", acc.Accounts[0].Balance)
	}

	bad := []struct{ name, body, code string }{
		{"ETH address for BTC", `{"amount":"0.001","withdraw_asset_id":"BTC","address":"0x9858EfFD232B4033E47d90003D41EC34EcaEda94"}`, gateway.ErrCodeInvalidAddress},
		{"no address", `{"amount":"0.001","withdraw_asset_id":"BTC"}`, gateway.ErrCodeRequiredField},
		{"more than the balance", `{"amount":"0.5","withdraw_asset_id":"BTC","address":"bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g"}`, gateway.ErrCodeInsufficientFunds},
		{"below the minimum", `{"amount":"1","asset_id":"USD","withdraw_asset_id":"BTC","address":"bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g"}`, gateway.ErrCodeAmountTooSmall},
		{"amount not a number", `{"amount":"all","withdraw_asset_id":"BTC","address":"bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g"}`, gateway.ErrCodeInvalidAmount},
		{"fiat withdraw asset", `{"amount":"1","withdraw_asset_id":"EUR","address":"x"}`, gateway.ErrCodeNotCrypto},
	}
	for _, b := range bad {
		status, body := h.do(t, "POST", "/int/withdraw", b.body)
		wantError(t, b.name, status, body, 422, b.code)
	}
	for _, path := range []string{"/int/withdraw/2c1d0e6c-4a4e-4b8e-9f43-5c8e7a1b2c3d", "/int/withdraw/nope"} {
		status, body := h.do(t, "GET", path, "")
		wantError(t, "GET "+path, status, body, 422, gateway.ErrCodeNoWithdraw)
	}
}

const transferKeys = `transfer_id transfer_num from_store_id from_store_name from_account_id to_store_id to_store_name
	to_account_id is_test amount asset_id status status_name crypto_network crypto_network_name start_date complete_date description`

func TestAPITransfer(t *testing.T) {
	h := newHarness(t)
	sibling := h.addStore(t, "sibling", engine.NewStore{IsTest: true, OwnerID: h.store.OwnerID})
	stranger := h.addStore(t, "stranger", engine.NewStore{IsTest: true})
	h.fundVia(t, "USDT.ERC20", "100")
	body := h.ok(t, "POST", "/int/transfer", `{"to_store_id":"`+sibling.StoreID+`","amount":30,"asset_id":"USDT.ERC20","description":"api transfer"}`, nil)
	m := wantKeys(t, "transfer", body, transferKeys)
	want := map[string]any{"transfer_num": "1", "from_store_id": h.store.StoreID, "to_store_id": sibling.StoreID, "to_store_name": "sibling",
		"amount": "30", "asset_id": "USDT.ERC20", "status": "COMPLETE", "crypto_network": "ETHEREUM", "description": "api transfer", "is_test": true}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	var acc gateway.Accounts
	status, b := h.doAs(t, "sibling", "sibling-secret-0123456789", "GET", "/int/accounts", "")
	if status != 200 || json.Unmarshal(b, &acc) != nil {
		t.Fatalf("sibling accounts: %d %s", status, b)
	}
	if acc.Balance.String() != "30" {
		t.Errorf("sibling's total = %s USD, want 30", acc.Balance)
	}
	bad := []struct{ name, body, code string }{
		{"to itself", `{"to_store_id":"` + h.store.StoreID + `","amount":1,"asset_id":"USDT.ERC20"}`, gateway.ErrCodeTransferNotAllowed},
		{"another owner", `{"to_store_id":"` + stranger.StoreID + `","amount":1,"asset_id":"USDT.ERC20"}`, gateway.ErrCodeNoStore},
		{"unknown store", `{"to_store_id":"2c1d0e6c-4a4e-4b8e-9f43-5c8e7a1b2c3d","amount":1,"asset_id":"USDT.ERC20"}`, gateway.ErrCodeNoStore},
		{"more than available", `{"to_store_id":"` + sibling.StoreID + `","amount":71,"asset_id":"USDT.ERC20"}`, gateway.ErrCodeInsufficientFunds},
		{"no asset", `{"to_store_id":"` + sibling.StoreID + `","amount":1}`, gateway.ErrCodeRequiredField},
		{"amount as an object", `{"to_store_id":"` + sibling.StoreID + `","amount":{},"asset_id":"USDT.ERC20"}`, gateway.ErrCodeInvalidAmount},
	}
	for _, b := range bad {
		status, body := h.do(t, "POST", "/int/transfer", b.body)
		wantError(t, b.name, status, body, 422, b.code)
	}
}
