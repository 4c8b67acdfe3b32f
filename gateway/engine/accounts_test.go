package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

func ledgerRefs(t testing.TB, e *engine.Engine, s gateway.Store) []engine.LedgerRowForTest {
	t.Helper()
	rows, err := engine.LedgerForTest(context.Background(), e, s.StoreID)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func kinds(rows []engine.LedgerRowForTest) string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Kind+":"+r.Amount.String())
	}
	return strings.Join(out, ",")
}

// A transaction is credited once, when it is confirmed and its payment is decided; settling the
// payment again books nothing more.
func TestCreditOnCompletionAndLate(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	ctx := context.Background()
	p := newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
	pay(t, e, s, p.PaymentID, "0.01")
	wantAmount(t, "balance while confirming", account(t, e, s, "BTC").Balance, "0")
	mineN(t, e, s, gateway.NetworkBitcoin, 6)
	wantAmount(t, "balance at completion", account(t, e, s, "BTC").Balance, "0.01")

	// Replays: more blocks, the expiry pass, the test expiry of a final payment.
	mineN(t, e, s, gateway.NetworkBitcoin, 3)
	if _, err := e.ExpireDue(ctx); err != nil {
		t.Fatal(err)
	}
	_, err := e.ExpireTestPayment(ctx, s, p.PaymentID)
	mustCode(t, err, gateway.ErrCodePaymentFinal)
	wantAmount(t, "balance after replays", account(t, e, s, "BTC").Balance, "0.01")

	late := pay(t, e, s, p.PaymentID, "0.002")
	if !late.Late {
		t.Fatal("a transaction after completion is not late")
	}
	wantAmount(t, "balance with an unconfirmed late transaction", account(t, e, s, "BTC").Balance, "0.01")
	mineN(t, e, s, gateway.NetworkBitcoin, 6)
	wantAmount(t, "balance with the late transaction confirmed", account(t, e, s, "BTC").Balance, "0.012")
	if got, want := kinds(ledgerRefs(t, e, s)), "receipt:0.01,late_receipt:0.002"; got != want {
		t.Errorf("ledger = %s, want %s", got, want)
	}
}

// An on-time transaction still confirming when the payment completes is credited when it confirms.
func TestCreditTransactionConfirmingAfterCompletion(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	p := newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
	pay(t, e, s, p.PaymentID, "0.01")
	mineN(t, e, s, gateway.NetworkBitcoin, 3)
	extra := pay(t, e, s, p.PaymentID, "0.003")
	if extra.Late {
		t.Fatal("a transaction before end_date on an open payment is late")
	}
	mineN(t, e, s, gateway.NetworkBitcoin, 3) // the first has 6: COMPLETE; the second 3
	if got := paymentNow(t, e, s, p.PaymentID).Status; got != gateway.StatusComplete {
		t.Fatalf("status %s, want COMPLETE", got)
	}
	wantAmount(t, "balance with one transaction confirmed", account(t, e, s, "BTC").Balance, "0.01")
	mineN(t, e, s, gateway.NetworkBitcoin, 3)
	wantAmount(t, "balance with both confirmed", account(t, e, s, "BTC").Balance, "0.013")
}

// An underpaid payment that is cancelled still credits what arrived: the money is at our address.
func TestCancelledPaymentReceiptsAreCredited(t *testing.T) {
	e, clock := newGW2(t)
	s := testStore(t, e)
	p := newPayment(t, e, s, fixedCrypto("1", "ETH"))
	pay(t, e, s, p.PaymentID, "0.4")
	mineN(t, e, s, gateway.NetworkEthereum, 10)
	wantAmount(t, "balance before the payment is decided", account(t, e, s, "ETH").Balance, "0")
	clock.Advance(91 * 60e9)
	if n, err := e.ExpireDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("ExpireDue = %d, %v", n, err)
	}
	if got := paymentNow(t, e, s, p.PaymentID).Status; got != gateway.StatusCancel {
		t.Fatalf("status %s, want CANCEL", got)
	}
	wantAmount(t, "balance after CANCEL", account(t, e, s, "ETH").Balance, "0.4")
}

func TestAccountsFigures(t *testing.T) {
	e, _ := newGW2(t)
	s := gw2Store(t, e, engine.NewStore{IsTest: true, Currency: "EUR"})
	fund(t, e, s, "BTC", "0.0123")
	fund(t, e, s, "TRX", "1000")
	all, err := e.Accounts(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(all.Accounts), 11; got != want {
		t.Fatalf("accounts = %d, want one per crypto asset (%d)", got, want)
	}
	for i, a := range all.Accounts {
		if a.AccountNum != i+1 || a.StoreID != s.StoreID || !gateway.IsUUID(a.AccountID) {
			t.Errorf("account %d: num %d store %s id %s", i, a.AccountNum, a.StoreID, a.AccountID)
		}
		if a.BaseAssetID != "EUR" || a.BaseCurrency != "EUR" {
			t.Errorf("account %s base %s/%s, want EUR", a.AssetID, a.BaseAssetID, a.BaseCurrency)
		}
	}
	btc := account(t, e, s, "BTC")
	// 0.0123 BTC × 50000 USD / 1.25 USD per EUR = 492 EUR; 1000 TRX × 0.25 / 1.25 = 200 EUR.
	checks := []struct {
		name string
		got  gateway.Amount
		want string
	}{
		{"BTC balance", btc.Balance, "0.0123"},
		{"BTC available", btc.Available, "0.0123"},
		{"BTC on_hold", btc.OnHold, "0"},
		{"BTC base_balance", btc.BaseBalance, "492"},
		{"BTC base_available", btc.BaseAvailable, "492"},
		{"total balance", all.Balance, "692"},
		{"total available", all.Available, "692"},
		{"total on_hold", all.OnHold, "0"},
	}
	for _, c := range checks {
		wantAmount(t, c.name, c.got, c.want)
	}
	if got, want := btc.Rate.String(), "40000"; got != want {
		t.Errorf("BTC rate = %s EUR, want %s", got, want)
	}
	if all.AssetID != "EUR" || btc.CryptoNetwork != "BITCOIN" || btc.Currency != "BTC" {
		t.Errorf("asset_id %s, network %s, currency %s", all.AssetID, btc.CryptoNetwork, btc.Currency)
	}
}
