package engine_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/totp"
)

// Valid destination addresses of each network ("abandon … about", index 5 and up: not the store's).
const (
	btcDest = "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g"
	ethDest = "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"
	trxDest = "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH"
)

func withdrawReq(amount, asset, crypto, address string) gateway.CreateWithdrawRequest {
	return gateway.CreateWithdrawRequest{Amount: amountInput(amount), AssetID: asset, WithdrawAssetID: crypto, Address: address}
}

func TestWithdrawFromTestStore(t *testing.T) {
	e, _ := newGW2(t)
	s := gw2Store(t, e, engine.NewStore{IsTest: true, WebhookURL: "https://merchant.example/hook"})
	fund(t, e, s, "BTC", "0.01")
	ctx := context.Background()
	req := withdrawReq("100", "USD", "BTC", btcDest)
	req.Description = "payout 7"
	req.Custom = `{"payout":7}`
	w, err := e.CreateWithdraw(ctx, s, req)
	if err != nil {
		t.Fatal(err)
	}
	// 100 USD at 50000 USD/BTC = 0.002 BTC, plus the 0.0001 BTC network fee.
	checks := []struct{ name, got, want string }{
		{"amount", w.Amount.String(), "0.002"},
		{"asset_id", w.AssetID, "BTC"},
		{"fee", w.Fee.String(), "0.0001"},
		{"fee_asset_id", w.FeeAssetID, "BTC"},
		{"status", w.Status, "COMPLETE"},
		{"status_name", w.StatusName, "Completed"},
		{"withdraw_num", w.WithdrawNum, "1"},
		{"address", w.Address, btcDest},
		{"crypto_network", w.CryptoNetwork, "BITCOIN"},
		{"request_amount", w.RequestAmount.String(), "100"},
		{"request_asset_id", w.RequestAssetID, "USD"},
		{"description", w.Description, "payout 7"},
		{"custom", string(w.Custom), `{"payout":7}`},
		{"end_date - start_date", w.EndDate.Sub(w.StartDate.Time).String(), "24h0m0s"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if w.CompleteDate == nil || w.TrxHash == "" || w.Confirms != 0 || !w.IsTest {
		t.Errorf("complete_date %v trx_hash %q confirms %d is_test %v", w.CompleteDate, w.TrxHash, w.Confirms, w.IsTest)
	}
	wantAmount(t, "BTC balance", account(t, e, s, "BTC").Balance, "0.0079")
	got, err := e.Withdraw(ctx, s.StoreID, w.WithdrawID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != w.Status || !got.Amount.Equal(w.Amount) || got.TrxHash != w.TrxHash {
		t.Errorf("GET withdraw = %+v, want %+v", got, w)
	}
	hooks := events(t, e, s, w.WithdrawID)
	if len(hooks) != 1 || hooks[0].Event != engine.EventWithdrawComplete {
		t.Fatalf("webhooks = %+v, want one withdraw.complete", hooks)
	}
	var body struct {
		Type, Event string
		Withdraw    map[string]any
	}
	if err := json.Unmarshal(hooks[0].Body, &body); err != nil {
		t.Fatal(err)
	}
	if body.Type != "notification" || body.Event != "withdraw.complete" || body.Withdraw["withdraw_id"] != w.WithdrawID ||
		body.Withdraw["amount"] != "0.002" || body.Withdraw["status"] != "COMPLETE" {
		t.Errorf("webhook body = %s", hooks[0].Body)
	}
	_, err = e.Withdraw(ctx, s.StoreID, "00000000-0000-4000-8000-000000000000")
	mustCode(t, err, gateway.ErrCodeNoWithdraw)
	_, err = e.Withdraw(ctx, s.StoreID, "x")
	mustCode(t, err, gateway.ErrCodeNoWithdraw)
}

// A token's fee is paid in its network's coin, from that account.
func TestWithdrawTokenFeeInNetworkCoin(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	fund(t, e, s, "USDT.ERC20", "100")
	ctx := context.Background()
	_, err := e.CreateWithdraw(ctx, s, withdrawReq("50", "", "USDT.ERC20", ethDest))
	mustCode(t, err, gateway.ErrCodeInsufficientFunds)
	fund(t, e, s, "ETH", "0.01")
	w, err := e.CreateWithdraw(ctx, s, withdrawReq("50", "", "USDT.ERC20", ethDest))
	if err != nil {
		t.Fatal(err)
	}
	if w.FeeAssetID != "ETH" || !w.Fee.Equal(gateway.MustAmount("0.003")) {
		t.Errorf("fee %s %s, want 0.003 ETH", w.Fee, w.FeeAssetID)
	}
	wantAmount(t, "USDT balance", account(t, e, s, "USDT.ERC20").Balance, "50")
	wantAmount(t, "ETH balance", account(t, e, s, "ETH").Balance, "0.007")
}

// Polygon works like Ethereum: token withdrawals pay their fee in the chain's coin (POL), MATIC
// (POL's older id) pays its own, and addresses are EVM addresses.
func TestWithdrawOnPolygon(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	ctx := context.Background()
	fund(t, e, s, "USDT.POLY", "100")
	_, err := e.CreateWithdraw(ctx, s, withdrawReq("50", "", "USDT.POLY", ethDest))
	mustCode(t, err, gateway.ErrCodeInsufficientFunds)
	fund(t, e, s, "POL", "1")
	w, err := e.CreateWithdraw(ctx, s, withdrawReq("50", "", "USDT.POLY", ethDest))
	if err != nil {
		t.Fatal(err)
	}
	if w.FeeAssetID != "POL" || !w.Fee.Equal(gateway.MustAmount("0.05")) {
		t.Errorf("fee %s %s, want 0.05 POL", w.Fee, w.FeeAssetID)
	}
	wantAmount(t, "USDT.POLY balance", account(t, e, s, "USDT.POLY").Balance, "50")
	wantAmount(t, "POL balance", account(t, e, s, "POL").Balance, "0.95")
	fund(t, e, s, "MATIC", "3")
	if _, err := e.CreateWithdraw(ctx, s, withdrawReq("2", "", "MATIC", ethDest)); err != nil {
		t.Fatal(err)
	}
	wantAmount(t, "MATIC balance", account(t, e, s, "MATIC").Balance, "0.99")
	_, err = e.CreateWithdraw(ctx, s, withdrawReq("2", "", "POL", btcDest))
	mustCode(t, err, gateway.ErrCodeInvalidAddress)
}

func TestWithdrawRefusals(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	fund(t, e, s, "BTC", "0.01")
	ctx := context.Background()
	tests := []struct {
		name  string
		req   gateway.CreateWithdrawRequest
		code  string
		field string
	}{
		{"no withdraw asset", withdrawReq("0.001", "", "", btcDest), gateway.ErrCodeRequiredField, "withdraw_asset_id"},
		{"fiat withdraw asset", withdrawReq("10", "USD", "USD", btcDest), gateway.ErrCodeNotCrypto, "withdraw_asset_id"},
		{"unknown amount asset", withdrawReq("10", "GBP", "BTC", btcDest), gateway.ErrCodeNoAsset, "asset_id"},
		{"no amount", gateway.CreateWithdrawRequest{WithdrawAssetID: "BTC", Address: btcDest}, gateway.ErrCodeRequiredField, "amount"},
		{"zero amount", withdrawReq("0", "", "BTC", btcDest), gateway.ErrCodeInvalidAmount, "amount"},
		{"no address", withdrawReq("0.001", "", "BTC", ""), gateway.ErrCodeRequiredField, "address"},
		{"ETH address for BTC", withdrawReq("0.001", "", "BTC", ethDest), gateway.ErrCodeInvalidAddress, "address"},
		{"bad checksum", withdrawReq("0.001", "", "BTC", btcDest[:len(btcDest)-1]+"h"), gateway.ErrCodeInvalidAddress, "address"},
		{"below minimum", withdrawReq("0.00009", "", "BTC", btcDest), gateway.ErrCodeAmountTooSmall, "amount"},
		{"above maximum", withdrawReq("2401", "", "BTC", btcDest), gateway.ErrCodeAmountTooLarge, "amount"},
		{"more than the balance", withdrawReq("0.02", "", "BTC", btcDest), gateway.ErrCodeInsufficientFunds, "amount"},
		{"the balance, but not the fee", withdrawReq("0.01", "", "BTC", btcDest), gateway.ErrCodeInsufficientFunds, "amount"},
		{"timeout too long", func() gateway.CreateWithdrawRequest {
			r := withdrawReq("0.001", "", "BTC", btcDest)
			r.Timeout = gateway.IntInput{Value: 1441, Set: true}
			return r
		}(), gateway.ErrCodeInvalidTimeout, "timeout"},
	}
	for _, tt := range tests {
		_, err := e.CreateWithdraw(ctx, s, tt.req)
		if got := gateway.ErrorCode(err); got != tt.code {
			t.Errorf("%s: code %s (%v), want %s", tt.name, got, err, tt.code)
			continue
		}
		mustField(t, err, tt.field)
	}
	wantAmount(t, "balance after refusals", account(t, e, s, "BTC").Balance, "0.01")
	if _, err := e.CreateWithdraw(ctx, s, withdrawReq("0.0099", "", "BTC", btcDest)); err != nil {
		t.Fatalf("the whole balance less the fee: %v", err)
	}
	wantAmount(t, "balance after withdrawing everything", account(t, e, s, "BTC").Balance, "0")
}

// Withdrawals started at once, together worth more than the balance, never overdraw it: exactly
// as many succeed as the balance pays for.
func TestParallelWithdrawalsNeverOverdraw(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	fund(t, e, s, "BTC", "1")
	const n = 24
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = e.CreateWithdraw(context.Background(), s, withdrawReq("0.1", "BTC", "BTC", btcDest))
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch gateway.ErrorCode(err) {
		case "":
			ok++
		case gateway.ErrCodeInsufficientFunds:
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	// Each takes 0.1 + 0.0001 fee: nine fit in 1 BTC (0.9009), ten would not (1.001).
	if ok != 9 {
		t.Errorf("%d withdrawals succeeded, want 9", ok)
	}
	a := account(t, e, s, "BTC")
	wantAmount(t, "balance", a.Balance, "0.0991")
	if a.Balance.IsNegative() || a.Available.IsNegative() {
		t.Errorf("overdrawn: balance %s available %s", a.Balance, a.Available)
	}
}

func TestWithdrawTOTP(t *testing.T) {
	e, clock := newGW2(t)
	s := gw2Store(t, e, engine.NewStore{IsTest: true, RequireTOTP: true})
	fund(t, e, s, "BTC", "0.01")
	ctx := context.Background()
	secret, err := e.TOTPSecret(ctx, s.StoreID)
	if err != nil {
		t.Fatal(err)
	}
	code := func(at time.Time) string {
		c, err := totp.CodeAt(secret, totp.Step(at))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	withCode := func(c string) gateway.CreateWithdrawRequest {
		r := withdrawReq("0.001", "", "BTC", btcDest)
		r.TOTPCode = c
		return r
	}
	_, err = e.CreateWithdraw(ctx, s, withCode(""))
	mustCode(t, err, gateway.ErrCodeRequiredField)
	mustField(t, err, "totp_code")
	_, err = e.CreateWithdraw(ctx, s, withCode(code(clock.Now().Add(-2*totp.Period))))
	mustCode(t, err, gateway.ErrCodeInvalidTOTP)
	good := code(clock.Now())
	wrong := "000000"
	if good == wrong {
		wrong = "111111"
	}
	_, err = e.CreateWithdraw(ctx, s, withCode(wrong))
	mustCode(t, err, gateway.ErrCodeInvalidTOTP)
	if _, err := e.CreateWithdraw(ctx, s, withCode(good)); err != nil {
		t.Fatalf("current code refused: %v", err)
	}
	_, err = e.CreateWithdraw(ctx, s, withCode(good))
	mustCode(t, err, gateway.ErrCodeInvalidTOTP) // a code is good once
	clock.Advance(totp.Period)
	if _, err := e.CreateWithdraw(ctx, s, withCode(code(clock.Now()))); err != nil {
		t.Fatalf("next code refused: %v", err)
	}
	wantAmount(t, "balance after two withdrawals", account(t, e, s, "BTC").Balance, "0.0078")
}

// A live store's withdrawal cannot be sent by the embedded gateway: it is held (on_hold, not
// available) until its end_date, then cancelled and released without touching the balance.
func TestLiveWithdrawalHeldThenCancelled(t *testing.T) {
	e, clock := newGW2(t)
	s := gw2Store(t, e, engine.NewStore{Name: "Live", WebhookURL: "https://merchant.example/hook"})
	ctx := context.Background()
	if err := engine.CreditForTest(ctx, e, s.StoreID, "ETH", "test:1", gateway.MustAmount("1")); err != nil {
		t.Fatal(err)
	}
	req := withdrawReq("0.5", "", "ETH", ethDest)
	req.Timeout = gateway.IntInput{Value: 30, Set: true}
	w, err := e.CreateWithdraw(ctx, s, req)
	if err != nil {
		t.Fatal(err)
	}
	if w.Status != gateway.StatusOpen || w.IsTest || w.Confirms != 10 || w.CompleteDate != nil {
		t.Fatalf("live withdrawal: status %s is_test %v confirms %d", w.Status, w.IsTest, w.Confirms)
	}
	a := account(t, e, s, "ETH")
	wantAmount(t, "balance while held", a.Balance, "1")
	wantAmount(t, "on_hold", a.OnHold, "0.502")
	wantAmount(t, "available", a.Available, "0.498")
	_, err = e.CreateWithdraw(ctx, s, withdrawReq("0.497", "", "ETH", ethDest))
	mustCode(t, err, gateway.ErrCodeInsufficientFunds)

	clock.Advance(30 * time.Minute)
	if n, err := e.ExpireHeld(ctx); err != nil || n != 1 {
		t.Fatalf("ExpireHeld = %d, %v; want 1", n, err)
	}
	got, err := e.Withdraw(ctx, s.StoreID, w.WithdrawID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != gateway.StatusCancel || got.StatusName != "Cancelled" {
		t.Errorf("after end_date: %s/%s, want CANCEL/Cancelled", got.Status, got.StatusName)
	}
	a = account(t, e, s, "ETH")
	wantAmount(t, "balance after cancel", a.Balance, "1")
	wantAmount(t, "on_hold after cancel", a.OnHold, "0")
	hooks := events(t, e, s, w.WithdrawID)
	if len(hooks) != 1 || hooks[0].Event != engine.EventWithdrawCancel {
		t.Errorf("webhooks = %+v, want one withdraw.cancel", hooks)
	}
}
