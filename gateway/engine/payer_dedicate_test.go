package engine

import (
	"context"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/live"
)

// signalled reports whether a live signal is pending on ch. The engine publishes synchronously after
// each commit, before the call that made the change returns: there is nothing to wait for.
func signalled(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// Every change of a dedicated address's payment reaches the address's topic too, whatever makes
// it: a deposit, mining, expiry of the payment.
func TestDedicatePaymentChangesPublishTheDedicateTopic(t *testing.T) {
	hub := live.NewHub()
	clk := &clock{now: testStart}
	e, err := Open(context.Background(), Config{DataDir: t.TempDir(), DatabaseURL: dbtest.URL(t), Rates: mustTestRates(t), Now: clk.Now, Hub: hub})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	s := newTestStore(t, e, NewStore{})
	d, err := e.CreateDedicate(ctx, s, gateway.CreateDedicateRequest{AssetID: "BTC"})
	if err != nil {
		t.Fatal(err)
	}
	sig, cancel := hub.Subscribe(live.DedicateTopic(d.DedicateID))
	defer cancel()

	steps := []struct {
		name string
		do   func() error
	}{
		{"deposit", func() error {
			_, err := e.EmulateDedicateTransaction(ctx, s, d.DedicateID, amountIn("0.01"))
			return err
		}},
		{"mining", func() error { _, err := e.MineBlocks(ctx, s, gateway.NetworkBitcoin, intIn(1)); return err }},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if !signalled(sig) {
			t.Errorf("%s did not signal the dedicated address's topic", st.name)
		}
	}
	// A payment without a dedicated address (on another network) signals nothing there.
	p := createPayment(t, e, s, fixed("10", "USD", "ETH"))
	send(t, e, s, p.PaymentID, "0.001")
	mine(t, e, s, gateway.NetworkEthereum, 1)
	select {
	case <-sig:
		t.Error("another payment's change signalled the dedicated address")
	default:
	}

	// An ASSIGN address's payment: its creation and its expiry reach the address's topic.
	a, err := e.CreateDedicate(ctx, s, gateway.CreateDedicateRequest{AssetID: "LTC", DedicateType: gateway.DedicateAssign})
	if err != nil {
		t.Fatal(err)
	}
	asig, acancel := hub.Subscribe(live.DedicateTopic(a.DedicateID))
	defer acancel()
	req := fixed("10", "USD", "LTC")
	req.DedicateID = a.DedicateID
	createPayment(t, e, s, req)
	if !signalled(asig) {
		t.Error("creating an assigned payment did not signal its address")
	}
	clk.Advance(48 * time.Hour)
	if n, err := e.ExpireDue(ctx); err != nil || n < 1 {
		t.Fatalf("ExpireDue: %d, %v", n, err)
	}
	if !signalled(asig) {
		t.Error("expiry did not signal the assigned payment's address")
	}
}

func TestDedicateView(t *testing.T) {
	e, clk := newTestEngine(t)
	ctx := context.Background()
	s := newTestStore(t, e, NewStore{FrameAncestors: []string{"https://shop.example"}})
	d, err := e.CreateDedicate(ctx, s, gateway.CreateDedicateRequest{AssetID: "ETH", MerchantFields: gateway.MerchantFields{Description: "client 7"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"0.1", "0.2", "0.3"} {
		if _, err := e.EmulateDedicateTransaction(ctx, s, d.DedicateID, amountIn(a)); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
	}
	v, err := e.DedicateView(ctx, d.DedicateID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.Address, d.Address; got != want {
		t.Errorf("address %s, want %s", got, want)
	}
	if got, want := v.CryptoNetwork, gateway.NetworkEthereum; got != want {
		t.Errorf("network %s, want %s", got, want)
	}
	if got, want := v.Description, "client 7"; got != want {
		t.Errorf("description %q, want %q", got, want)
	}
	if got, want := len(v.FrameAncestors), 1; got != want {
		t.Errorf("%d frame ancestors, want %d", got, want)
	}
	if got, want := len(v.Payments), 3; got != want {
		t.Fatalf("%d payments, want %d", got, want)
	}
	for i, want := range []string{"0.3", "0.2", "0.1"} {
		if got := v.Payments[i].Payment.IPAmount.String(); got != want {
			t.Errorf("payment %d received %s, want %s (newest first)", i, got, want)
		}
		if got := len(v.Payments[i].Transactions); got != 1 {
			t.Errorf("payment %d has %d transactions, want 1", i, got)
		}
	}
	if v.Released() {
		t.Error("an open address reads as released")
	}

	for _, id := range []string{"nope", "0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11"} {
		if _, err := e.DedicateView(ctx, id); gateway.ErrorCode(err) != gateway.ErrCodeNoDedicate {
			t.Errorf("%s: %v, want ERR_NO_DEDICATE", id, err)
		}
	}

	// Test tools: only on test stores; sending makes a payment, confirming mines.
	live, _, err := e.CreateStore(ctx, NewStore{Name: "Live"})
	if err != nil {
		t.Fatal(err)
	}
	ld, err := e.CreateDedicate(ctx, live, gateway.CreateDedicateRequest{AssetID: "ETH"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.DedicateTestAction(ctx, ld.DedicateID, gateway.TestPayFull, gateway.MustAmount("1")); gateway.ErrorCode(err) != gateway.ErrCodeNotTestStore {
		t.Errorf("live store: %v, want ERR_NOT_TEST_STORE", err)
	}
	if err := e.DedicateTestAction(ctx, d.DedicateID, gateway.TestConfirmAll, gateway.Amount{}); err != nil {
		t.Fatal(err)
	}
	v, _ = e.DedicateView(ctx, d.DedicateID)
	if got, want := v.Payments[0].Payment.Status, gateway.StatusComplete; got != want {
		t.Errorf("after confirm-all: %s, want %s", got, want)
	}
}

func TestQuoteDueRoundsUp(t *testing.T) {
	e, _ := newTestEngine(t)
	exact, _, err := e.rates.Convert(gateway.MustAmount("25"), "USD", "BTC")
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.QuoteDue(context.Background(), gateway.MustAmount("25"), "USD", "BTC")
	if err != nil {
		t.Fatal(err)
	}
	if got.LessThan(exact) || !got.FitsPrecision(8) || got.Sub(exact).GreaterThan(gateway.MustAmount("0.00000001")) {
		t.Errorf("quoted %s for %s: want it rounded up at 8 places", got, exact)
	}
	if _, err := e.QuoteDue(context.Background(), gateway.MustAmount("1"), "USD", "DOGE"); gateway.ErrorCode(err) != gateway.ErrCodeNoAsset {
		t.Errorf("unknown asset: %v", err)
	}
}
