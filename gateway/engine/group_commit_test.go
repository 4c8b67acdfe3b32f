package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// holdWriter occupies the group writer with one call that returns only once want calls are queued
// behind it, so that those calls form the next batch. It returns a function that waits for the
// holding call to commit.
func holdWriter(t *testing.T, e *Engine, want int) (wait func()) {
	t.Helper()
	return holdWriterUntil(t, e, func() bool { return e.db.PendingGroupCalls() >= want })
}

// holdWriterUntil occupies the group writer until ready reports true.
func holdWriterUntil(t *testing.T, e *Engine, ready func() bool) (wait func()) {
	t.Helper()
	entered := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- e.db.WithGroupTx(t.Context(), func(ctx context.Context, tx *store.Tx) error {
			close(entered)
			for !ready() { // queued calls are counted: no sleeping, no timing
				runtime.Gosched()
			}
			return nil
		})
	}()
	<-entered
	return func() {
		if err := <-done; err != nil {
			t.Errorf("holding call: %v", err)
		}
	}
}

// observeBatches records the size of every batch the writer commits from now on.
func observeBatches(e *Engine) func() []int {
	var mu sync.Mutex
	var sizes []int
	e.db.ObserveBatches(func(n int) { mu.Lock(); sizes = append(sizes, n); mu.Unlock() })
	return func() []int { mu.Lock(); defer mu.Unlock(); return append([]int(nil), sizes...) }
}

// A call that fails inside a batch rolls back its own writes only: the creates batched with it
// commit, and the payment number it took is given back (numbers stay gapless and unique).
func TestGroupCommitIsolatesAFailingCall(t *testing.T) {
	dbtest.SQLiteOnly(t, "group commit is SQLite's single writer; PostgreSQL commits side by side")
	e, _ := newTestEngine(t)
	st := newTestStore(t, e, NewStore{})
	sizes := observeBatches(e)
	const creates = 8
	wait := holdWriter(t, e, creates+1)

	errBoom := errors.New("boom")
	var wg sync.WaitGroup
	failed := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		failed <- e.db.WithGroupTx(t.Context(), func(ctx context.Context, tx *store.Tx) error {
			// Writes first, then fails: its numbering and its payment row must both be undone.
			if _, err := tx.NextPaymentNum(ctx, st.StoreID); err != nil {
				return err
			}
			return errBoom
		})
	}()
	payments := make(chan gateway.Payment, creates)
	for range creates {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := e.CreatePayment(t.Context(), st, fixed("10", "USD", "BTC"))
			if err != nil {
				t.Errorf("a create batched with a failing call failed: %v", err)
				return
			}
			payments <- p
		}()
	}
	wait()
	wg.Wait()
	close(payments)

	if err := <-failed; !errors.Is(err, errBoom) {
		t.Errorf("the failing call got %v, want its own error", err)
	}
	if got := sizes(); len(got) < 2 || got[1] != creates+1 {
		t.Fatalf("batch sizes %v: want the holding call, then one batch of all %d calls", got, creates+1)
	}
	var nums []int
	for p := range payments {
		got, err := e.Payment(t.Context(), st.StoreID, p.PaymentID)
		if err != nil {
			t.Fatalf("payment %s answered as created but not stored: %v", p.PaymentID, err)
		}
		n, _ := strconv.Atoi(got.PaymentNum)
		nums = append(nums, n)
	}
	sort.Ints(nums)
	if got, want := fmt.Sprint(nums), fmt.Sprint(seq(1, creates)); got != want {
		t.Errorf("payment numbers %s, want %s (the failed call's number rolled back)", got, want)
	}
}

// When SQLite drops the whole shared transaction (as it does on a full disk or an I/O error), no
// caller is answered from it: every call of the batch runs again alone, the healthy ones commit
// exactly once and only the faulty one fails.
func TestGroupCommitRerunsABrokenBatchCallByCall(t *testing.T) {
	dbtest.SQLiteOnly(t, "group commit is SQLite's single writer; PostgreSQL commits side by side")
	e, _ := newTestEngine(t)
	st := newTestStore(t, e, NewStore{})
	p := createPayment(t, e, st, fixed("1", "BTC", "BTC"))
	sizes := observeBatches(e)
	const txs = 6
	wait := holdWriter(t, e, txs+1)

	errFault := errors.New("disk fault")
	var wg sync.WaitGroup
	faulty := make(chan error, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		faulty <- e.db.WithGroupTx(t.Context(), func(ctx context.Context, tx *store.Tx) error {
			if err := tx.DropUnderneath(ctx); err != nil { // the transaction is gone, savepoints too
				return err
			}
			return errFault
		})
	}()
	for range txs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := e.EmulatePaymentTransaction(t.Context(), st, p.PaymentID, amountIn("0.1")); err != nil {
				t.Errorf("a transaction batched with a broken call failed: %v", err)
			}
		}()
	}
	wait()
	wg.Wait()

	if err := <-faulty; !errors.Is(err, errFault) {
		t.Errorf("the faulty call got %v, want its own error", err)
	}
	if got := sizes(); len(got) < 2 || got[1] != txs+1 {
		t.Fatalf("batch sizes %v: want the holding call, then one batch of all %d calls", got, txs+1)
	}
	list, err := e.Transactions(t.Context(), st.StoreID, p.PaymentID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(list), txs; got != want {
		t.Errorf("%d transactions stored, want %d (each exactly once)", got, want)
	}
	wantState(t, getPayment(t, e, st, p.PaymentID), gateway.StatusOpen, "0.6", "0.4")
}

// 100 creates and 100 transactions at once, on two stores: every call answered, payment numbers
// unique and gapless per store, the received amount the exact sum.
func TestGroupCommitUnderConcurrency(t *testing.T) {
	dbtest.SQLiteOnly(t, "group commit is SQLite's single writer; PostgreSQL commits side by side")
	e, _ := newTestEngine(t)
	stores := []gateway.Store{newTestStore(t, e, NewStore{}), newTestStore(t, e, NewStore{Name: "Second"})}
	target := createPayment(t, e, stores[0], fixed("1", "BTC", "BTC"))
	committed := 0
	var mu sync.Mutex
	e.db.ObserveBatches(func(n int) { mu.Lock(); committed += n; mu.Unlock() })

	const n = 100
	var wg sync.WaitGroup
	nums := make([]chan int, len(stores))
	for i := range nums {
		nums[i] = make(chan int, n)
	}
	hashes := make(chan string, n)
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			s := i % len(stores)
			p, err := e.CreatePayment(t.Context(), stores[s], fixed("10", "USD", "ETH"))
			if err != nil {
				t.Errorf("create: %v", err)
				return
			}
			num, _ := strconv.Atoi(p.PaymentNum)
			nums[s] <- num
		}()
		go func() {
			defer wg.Done()
			// 0.00999901 + 0.00000002·i BTC for i = 0..99 adds up to exactly 1 BTC.
			tx, err := e.EmulatePaymentTransaction(t.Context(), stores[0], target.PaymentID, amountIn(fmt.Sprintf("0.%08d", 999901+2*i)))
			if err != nil {
				t.Errorf("transaction: %v", err)
				return
			}
			hashes <- tx.TrxHash
		}()
	}
	wg.Wait()
	close(hashes)

	if got, want := committed, 2*n; got != want {
		t.Errorf("%d calls committed by the writer, want %d", got, want)
	}
	for s, ch := range nums {
		close(ch)
		var got []int
		for v := range ch {
			got = append(got, v)
		}
		sort.Ints(got)
		first := 1
		if s == 0 {
			first = 2 // the target payment is number 1
		}
		if g, w := fmt.Sprint(got), fmt.Sprint(seq(first, first+n/len(stores)-1)); g != w {
			t.Errorf("store %d: payment numbers %s, want %s", s, g, w)
		}
	}
	unique := map[string]bool{}
	for h := range hashes {
		unique[h] = true
	}
	if got, want := len(unique), n; got != want {
		t.Errorf("%d distinct transactions, want %d", got, want)
	}
	wantState(t, getPayment(t, e, stores[0], target.PaymentID), gateway.StatusClosing, "1", "0")
}

// A caller whose context ends while it waits in the queue writes nothing and gets its context's
// error; the others of its batch are unaffected.
func TestGroupCommitSkipsACancelledCaller(t *testing.T) {
	dbtest.SQLiteOnly(t, "group commit is SQLite's single writer; PostgreSQL commits side by side")
	e, _ := newTestEngine(t)
	st := newTestStore(t, e, NewStore{})
	cancelled := make(chan struct{})
	wait := holdWriterUntil(t, e, func() bool {
		select {
		case <-cancelled:
			return true
		default:
			return false
		}
	})

	ctx, cancel := context.WithCancel(t.Context())
	gone := make(chan error, 1)
	ran := false
	go func() {
		gone <- e.db.WithGroupTx(ctx, func(ctx context.Context, tx *store.Tx) error { ran = true; return nil })
	}()
	created := make(chan error, 1)
	go func() {
		_, err := e.CreatePayment(t.Context(), st, fixed("10", "USD", "BTC"))
		created <- err
	}()
	for e.db.PendingGroupCalls() < 2 {
		runtime.Gosched()
	}
	cancel()
	close(cancelled)
	wait()
	if err := <-gone; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller got %v, want context.Canceled", err)
	}
	if ran {
		t.Error("a cancelled caller's call ran")
	}
	if err := <-created; err != nil {
		t.Errorf("the create queued beside it: %v", err)
	}
}

func seq(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}
