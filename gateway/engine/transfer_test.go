package engine_test

import (
	"context"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

func TestTransfer(t *testing.T) {
	e, _ := newGW2(t)
	from := testStore(t, e)
	sibling := gw2Store(t, e, engine.NewStore{IsTest: true, OwnerID: from.OwnerID, Name: "Sibling"})
	stranger := gw2Store(t, e, engine.NewStore{IsTest: true, Name: "Stranger"})
	liveSibling := gw2Store(t, e, engine.NewStore{OwnerID: from.OwnerID, Name: "Live sibling"})
	fund(t, e, from, "USDT.TRC20", "100")
	ctx := context.Background()
	req := func(to, amount, asset string) gateway.TransferRequest {
		return gateway.TransferRequest{ToStoreID: to, Amount: amountInput(amount), AssetID: asset, Description: "api transfer"}
	}
	tr, err := e.CreateTransfer(ctx, from, req(sibling.StoreID, "30", "USDT.TRC20"))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ name, got, want string }{
		{"transfer_num", tr.TransferNum, "1"},
		{"from_store_id", tr.FromStoreID, from.StoreID},
		{"from_store_name", tr.FromStoreName, "Shop"},
		{"to_store_id", tr.ToStoreID, sibling.StoreID},
		{"to_store_name", tr.ToStoreName, "Sibling"},
		{"amount", tr.Amount.String(), "30"},
		{"asset_id", tr.AssetID, "USDT.TRC20"},
		{"status", tr.Status, "COMPLETE"},
		{"crypto_network", tr.CryptoNetwork, "TRON"},
		{"description", tr.Description, "api transfer"},
		{"from_account_id", tr.FromAccountID, account(t, e, from, "USDT.TRC20").AccountID},
		{"to_account_id", tr.ToAccountID, account(t, e, sibling, "USDT.TRC20").AccountID},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !tr.IsTest || tr.CompleteDate == nil {
		t.Errorf("is_test %v complete_date %v", tr.IsTest, tr.CompleteDate)
	}
	wantAmount(t, "sender balance", account(t, e, from, "USDT.TRC20").Balance, "70")
	wantAmount(t, "receiver balance", account(t, e, sibling, "USDT.TRC20").Balance, "30")

	bad := []struct {
		name string
		req  gateway.TransferRequest
		code string
	}{
		{"to itself", req(from.StoreID, "1", "USDT.TRC20"), gateway.ErrCodeTransferNotAllowed},
		{"another owner's store", req(stranger.StoreID, "1", "USDT.TRC20"), gateway.ErrCodeNoStore},
		{"unknown store", req("00000000-0000-4000-8000-000000000000", "1", "USDT.TRC20"), gateway.ErrCodeNoStore},
		{"not an id", req("store-2", "1", "USDT.TRC20"), gateway.ErrCodeNoStore},
		{"test to live", req(liveSibling.StoreID, "1", "USDT.TRC20"), gateway.ErrCodeTransferNotAllowed},
		{"more than available", req(sibling.StoreID, "70.000001", "USDT.TRC20"), gateway.ErrCodeInsufficientFunds},
		{"fiat", req(sibling.StoreID, "1", "USD"), gateway.ErrCodeNotCrypto},
		{"no amount", gateway.TransferRequest{ToStoreID: sibling.StoreID, AssetID: "BTC"}, gateway.ErrCodeRequiredField},
		{"no store", req("", "1", "BTC"), gateway.ErrCodeRequiredField},
	}
	for _, b := range bad {
		_, err := e.CreateTransfer(ctx, from, b.req)
		if got := gateway.ErrorCode(err); got != b.code {
			t.Errorf("%s: code %s (%v), want %s", b.name, got, err, b.code)
		}
	}
	wantAmount(t, "sender balance after refusals", account(t, e, from, "USDT.TRC20").Balance, "70")
	// The receiver can spend what it was sent.
	if _, err := e.CreateTransfer(ctx, sibling, req(from.StoreID, "30", "USDT.TRC20")); err != nil {
		t.Fatal(err)
	}
	wantAmount(t, "sender balance after the return", account(t, e, from, "USDT.TRC20").Balance, "100")
	if got := kinds(ledgerRefs(t, e, sibling)); got != "transfer_in:30,transfer_out:-30" {
		t.Errorf("receiver's ledger = %s", got)
	}
}
