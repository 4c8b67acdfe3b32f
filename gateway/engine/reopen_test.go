package engine

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// TestReopenKeepsEverything closes the database in the middle of several payments' lives and opens
// it again: every payment, transaction and status reads back byte for byte, and life goes on.
func TestReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clk := &clock{now: testStart}
	e := openTestEngine(t, dir, clk)
	store, creds, err := e.CreateStore(ctx, NewStore{Name: "Durable", IsTest: true, WebhookURL: "https://merchant.example/hook",
		UnderpayPercent: amt("1"), Markups: map[string]gateway.Markup{"BTC": {Percent: amt("2")}}})
	if err != nil {
		t.Fatal(err)
	}

	open := createPayment(t, e, store, fixed("300", "USD", "BTC"))
	partial := createPayment(t, e, store, fixed("300", "USD", "ETH"))
	send(t, e, store, partial.PaymentID, "0.03")
	closing := createPayment(t, e, store, fixed("1", "BTC", "BTC"))
	send(t, e, store, closing.PaymentID, "1.02")
	complete := createPayment(t, e, store, fixed("50", "USD", "USDT.TRC20"))
	send(t, e, store, complete.PaymentID, "50")
	mine(t, e, store, "TRON", 19)
	send(t, e, store, complete.PaymentID, "1.5") // late
	clk.Advance(10 * time.Minute)
	short := fixed("10", "EUR", "LTC")
	short.Timeout = intIn(5)
	short.Custom = `{"order":42}`
	cancelled := createPayment(t, e, store, short)
	clk.Advance(6 * time.Minute)
	expireDue(t, e)

	ids := []string{open.PaymentID, partial.PaymentID, closing.PaymentID, complete.PaymentID, cancelled.PaymentID}
	snapshot := func(e *Engine) map[string]string {
		out := map[string]string{}
		for _, id := range ids {
			p, err := e.Payment(ctx, store.StoreID, id)
			if err != nil {
				t.Fatal(err)
			}
			txs, err := e.Transactions(ctx, store.StoreID, id)
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(struct {
				P   gateway.Payment
				Txs []gateway.Transaction
			}{p, txs})
			if err != nil {
				t.Fatal(err)
			}
			out[id] = string(b)
		}
		list, err := e.Payments(ctx, store.StoreID, gateway.PaymentFilter{From: testStart, To: testStart})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(list)
		out["list"] = string(b)
		return out
	}
	before := snapshot(e)
	wantStatuses := map[string]string{open.PaymentID: "OPEN", partial.PaymentID: "OPEN", closing.PaymentID: "CLOSING",
		complete.PaymentID: "COMPLETE", cancelled.PaymentID: "CANCEL"}
	for id, want := range wantStatuses {
		if got := getPayment(t, e, store, id).Status; got != want {
			t.Fatalf("before reopening: payment %s status %s, want %s", id, got, want)
		}
	}
	outboxBefore := len(outboxRows(t, e, complete.PaymentID))
	if err := e.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	e = openTestEngine(t, dir, clk)
	defer e.Close()
	after := snapshot(e)
	for k, want := range before {
		if got := after[k]; got != want {
			t.Errorf("%s after reopening:\n got %s\nwant %s", k, got, want)
		}
	}
	if got, want := len(outboxRows(t, e, complete.PaymentID)), outboxBefore; got != want {
		t.Errorf("outbox rows after reopening = %d, want %d", got, want)
	}

	// The same credentials work, with the same settings, and the story continues where it stopped.
	again, err := e.Authenticate(ctx, creds.APIKey, creds.APISecret)
	if err != nil {
		t.Fatalf("Authenticate after reopening: %v", err)
	}
	if got, want := again.StoreID, store.StoreID; got != want {
		t.Errorf("store id = %s, want %s", got, want)
	}
	mine(t, e, again, "BITCOIN", 6)
	if got := getPayment(t, e, again, closing.PaymentID).Status; got != gateway.StatusComplete {
		t.Errorf("CLOSING payment after its confirmations = %s, want COMPLETE", got)
	}
	next := createPayment(t, e, again, fixed("300", "USD", "BTC"))
	if got, want := next.PaymentNum, "6"; got != want {
		t.Errorf("payment_num after reopening = %s, want %s", got, want)
	}
	if got, want := next.PaymentAmount.String(), "0.0102"; got != want {
		t.Errorf("payment_amount after reopening = %s, want %s (the markup survived)", got, want)
	}
	for _, id := range ids {
		if p := getPayment(t, e, again, id); p.Address == next.Address {
			t.Errorf("new payment reuses the address of payment %s", p.PaymentNum)
		}
	}
}
