package engine

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// TestParallelTransactionsToOnePayment sends 100 transactions to one payment at once, then mines
// its blocks from several goroutines: the received amount must be the exact sum and the payment
// must complete exactly once.
func TestParallelTransactionsToOnePayment(t *testing.T) {
	e, clk := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	p := createPayment(t, e, store, fixed("1", "BTC", "BTC"))

	// Amounts of (999901 + 2i) satoshi for i = 0..99: all different, and they add up to exactly 1 BTC.
	const n = 100
	var wg sync.WaitGroup
	errs := make(chan error, n)
	hashes := make(chan string, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			tx, err := e.EmulatePaymentTransaction(t.Context(), store, p.PaymentID, amountIn(fmt.Sprintf("0.%08d", 999901+2*i)))
			if err != nil {
				errs <- err
				return
			}
			hashes <- tx.TrxHash
		}(i)
	}
	wg.Wait()
	close(errs)
	close(hashes)
	for err := range errs {
		t.Fatalf("EmulatePaymentTransaction: %v", err)
	}
	unique := map[string]bool{}
	for h := range hashes {
		unique[h] = true
	}
	if got, want := len(unique), n; got != want {
		t.Fatalf("distinct transaction hashes = %d, want %d", got, want)
	}
	wantState(t, getPayment(t, e, store, p.PaymentID), gateway.StatusClosing, "1", "0")

	// 12 single blocks mined at once: the sixth completes the payment, the others find nothing to do.
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clk.Advance(time.Second) // so that a second completion would leave another complete_date
			if _, err := e.MineBlocks(t.Context(), store, "BITCOIN", intIn(1)); err != nil {
				t.Errorf("MineBlocks: %v", err)
			}
		}()
	}
	wg.Wait()

	done := getPayment(t, e, store, p.PaymentID)
	wantState(t, done, gateway.StatusComplete, "1", "0")
	if got, want := done.ConfirmedAmount.String(), "1"; got != want {
		t.Errorf("confirmed_amount = %s, want %s", got, want)
	}
	if done.CompleteDate == nil {
		t.Fatal("complete_date not set")
	}
	txs, err := e.Transactions(t.Context(), store.StoreID, p.PaymentID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(txs), n; got != want {
		t.Fatalf("transactions = %d, want %d", got, want)
	}
	sum := gateway.Zero
	for _, tx := range txs {
		sum = sum.Add(tx.Amount)
		if tx.Late || tx.Confirmations != 6 {
			t.Errorf("tx %s: late %v, %d confirmations; want on time with 6", tx.TrxHash, tx.Late, tx.Confirmations)
		}
	}
	if got, want := sum.String(), "1"; got != want {
		t.Errorf("sum of listed transactions = %s, want %s", got, want)
	}

	rows := outboxRows(t, e, p.PaymentID)
	if got, want := countEvents(rows, EventPaymentComplete), 1; got != want {
		t.Fatalf("payment.complete webhooks = %d, want %d", got, want)
	}
	if got, want := countEvents(rows, EventPaymentOpen), n+1; got != want {
		t.Errorf("payment.open webhooks = %d, want %d (creation and one per transaction)", got, want)
	}
	for _, r := range rows {
		if r.Event != EventPaymentComplete {
			continue
		}
		if r.Body.Payment.CompleteDate == nil || !r.Body.Payment.CompleteDate.Equal(done.CompleteDate.Time) {
			t.Errorf("webhook complete_date = %v, payment says %v", r.Body.Payment.CompleteDate, done.CompleteDate)
		}
	}
}
