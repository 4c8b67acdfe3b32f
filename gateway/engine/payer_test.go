package engine

import (
	"context"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/live"
)

func openPayerTestEngine(t *testing.T) *Engine {
	t.Helper()
	e, err := Open(context.Background(), Config{DataDir: t.TempDir(), DatabaseURL: dbtest.URL(t), Hub: live.NewHub()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func newPayerTestPayment(t *testing.T, e *Engine, isTest bool, origins ...string) gateway.Payment {
	t.Helper()
	ctx := context.Background()
	store, _, err := e.CreateStore(ctx, NewStore{Name: "Shop", IsTest: isTest, FrameAncestors: origins})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.CreatePayment(ctx, store, gateway.CreatePaymentRequest{
		Amount: gateway.AmountInput{Value: gateway.MustAmount("100"), Set: true}, AssetID: "USD", PaymentAssetID: "BTC",
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPaymentViewNeedsTheCode(t *testing.T) {
	e := openPayerTestEngine(t)
	p := newPayerTestPayment(t, e, true, "https://shop.example")
	other := newPayerTestPayment(t, e, true)
	ctx := context.Background()

	view, err := e.PaymentView(ctx, p.PaymentID, p.Code)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := view.Payment.PaymentID, p.PaymentID; got != want {
		t.Errorf("payment id = %s, want %s", got, want)
	}
	if got, want := len(view.FrameAncestors), 1; got != want || view.FrameAncestors[0] != "https://shop.example" {
		t.Errorf("frame ancestors = %v, want [https://shop.example]", view.FrameAncestors)
	}
	if got, want := len(view.Transactions), 0; got != want {
		t.Errorf("transactions = %d, want %d", got, want)
	}

	for name, tc := range map[string]struct{ id, code string }{
		"wrong code":             {p.PaymentID, p.Code + "x"},
		"empty code":             {p.PaymentID, ""},
		"unknown id":             {"0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11", p.Code},
		"not a uuid":             {"nope", p.Code},
		"another payment's code": {p.PaymentID, other.Code},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := e.PaymentView(ctx, tc.id, tc.code)
			if got, want := gateway.ErrorCode(err), gateway.ErrCodeNoPayment; got != want {
				t.Errorf("error code = %q, want %q", got, want)
			}
		})
	}
}

func TestPaymentTestActions(t *testing.T) {
	e := openPayerTestEngine(t)
	ctx := context.Background()
	state := func(p gateway.Payment) gateway.Payment {
		t.Helper()
		v, err := e.PaymentView(ctx, p.PaymentID, p.Code)
		if err != nil {
			t.Fatal(err)
		}
		return v.Payment
	}

	p := newPayerTestPayment(t, e, true)
	signals, cancel := e.Subscribe(live.PaymentTopic(p.PaymentID))
	defer cancel()

	steps := []struct {
		action     gateway.TestAction
		wantStatus string
		wantTxs    int
	}{
		{gateway.TestPayPart, gateway.StatusOpen, 1},
		{gateway.TestPayFull, gateway.StatusClosing, 2},
		{gateway.TestConfirm, gateway.StatusClosing, 2},
		{gateway.TestConfirmAll, gateway.StatusComplete, 2},
		{gateway.TestPayFull, gateway.StatusComplete, 3}, // a late payment
	}
	for _, s := range steps {
		if err := e.PaymentTestAction(ctx, p.PaymentID, p.Code, s.action); err != nil {
			t.Fatalf("%s: %v", s.action, err)
		}
		select {
		case <-signals: // published before PaymentTestAction returned
		default:
			t.Fatalf("%s: no live signal", s.action)
		}
		v, _ := e.PaymentView(ctx, p.PaymentID, p.Code)
		if got, want := v.Payment.Status, s.wantStatus; got != want {
			t.Errorf("after %s: status = %s, want %s", s.action, got, want)
		}
		if got, want := len(v.Transactions), s.wantTxs; got != want {
			t.Errorf("after %s: %d transactions, want %d", s.action, got, want)
		}
	}
	if v, _ := e.PaymentView(ctx, p.PaymentID, p.Code); !v.Transactions[2].Late {
		t.Error("a payment after completion is not marked late")
	}
	if got := state(p).RemainAmount; !got.IsZero() {
		t.Errorf("remaining after full payment = %s, want 0", got)
	}

	q := newPayerTestPayment(t, e, true)
	if err := e.PaymentTestAction(ctx, q.PaymentID, q.Code, gateway.TestExpire); err != nil {
		t.Fatal(err)
	}
	if got, want := state(q).Status, gateway.StatusCancel; got != want {
		t.Errorf("after expire: status = %s, want %s", got, want)
	}
	if got, want := gateway.ErrorCode(e.PaymentTestAction(ctx, q.PaymentID, q.Code, gateway.TestExpire)), gateway.ErrCodePaymentFinal; got != want {
		t.Errorf("expiring twice: code %q, want %q", got, want)
	}
	if got, want := gateway.ErrorCode(e.PaymentTestAction(ctx, q.PaymentID, "wrong", gateway.TestPayFull)), gateway.ErrCodeNoPayment; got != want {
		t.Errorf("wrong code: %q, want %q", got, want)
	}

	live := newPayerTestPayment(t, e, false)
	if got, want := gateway.ErrorCode(e.PaymentTestAction(ctx, live.PaymentID, live.Code, gateway.TestPayFull)), gateway.ErrCodeNotTestStore; got != want {
		t.Errorf("live store: code %q, want %q", got, want)
	}
	if got := state(live).IPAmount; !got.IsZero() {
		t.Errorf("a live store's payment received %s from a test tool", got)
	}
}
