package engine_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/rates"
)

// Two engines on one PostgreSQL database are two gateway processes: nothing they share but the
// database. Each test splits concurrent calls across both and checks what a single writer used to
// guarantee: exact sums, one decision and one webhook per change, no overdraft, unique numbers.

// twoEngines opens two engines on one fresh PostgreSQL schema, with one clock.
func twoEngines(t *testing.T) (a, b *engine.Engine, clock *fakeClock) {
	t.Helper()
	url := dbtest.Postgres(t)
	table, err := rates.Parse([]byte(fixedRates))
	if err != nil {
		t.Fatal(err)
	}
	clock = &fakeClock{t: gw2Start}
	open := func() *engine.Engine {
		e, err := engine.Open(context.Background(), engine.Config{
			DataDir: t.TempDir(), DatabaseURL: url, PublicURL: "https://pay.example", Rates: table, Now: clock.Now,
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.Close() })
		return e
	}
	return open(), open(), clock
}

// inParallel runs n calls at once, call i on engines[i%2], and returns their errors.
func inParallel(n int, engines [2]*engine.Engine, call func(e *engine.Engine, i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = call(engines[i%2], i) })
	}
	wg.Wait()
	return errs
}

func TestPostgresTwoEnginesOnePayment(t *testing.T) {
	a, b, _ := twoEngines(t)
	ctx := t.Context()
	rc, srv := newHookReceiver(t, "k", always(200))
	s := hookStore(t, a, srv.URL, "k", true)
	p := newPayment(t, a, s, fixedCrypto("1", "BTC"))
	if got := paymentNow(t, b, s, p.PaymentID); got.Address != p.Address || got.PaymentNum != p.PaymentNum {
		t.Fatalf("the other engine reads the payment as %s #%s, want %s #%s", got.Address, got.PaymentNum, p.Address, p.PaymentNum)
	}

	// 100 transactions of (999901 + 2i) satoshi, i = 0..99: all different, exactly 1 BTC together.
	const n = 100
	errs := inParallel(n, [2]*engine.Engine{a, b}, func(e *engine.Engine, i int) error {
		_, err := e.EmulatePaymentTransaction(ctx, s, p.PaymentID, amountInput(fmt.Sprintf("0.%08d", 999901+2*i)))
		return err
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("transaction %d: %v", i, err)
		}
	}
	got := paymentNow(t, b, s, p.PaymentID)
	if got.Status != gateway.StatusClosing || got.IPAmount.String() != "1" {
		t.Fatalf("after %d transactions over two engines: %s with ip_amount %s, want CLOSING with exactly 1", n, got.Status, got.IPAmount)
	}
	// Twelve single blocks mined at once over both: the sixth completes the payment.
	for i, err := range inParallel(12, [2]*engine.Engine{a, b}, func(e *engine.Engine, _ int) error {
		_, err := e.MineBlocks(ctx, s, "BITCOIN", gateway.IntInput{Value: 1, Set: true})
		return err
	}) {
		if err != nil {
			t.Fatalf("MineBlocks %d: %v", i, err)
		}
	}
	if got := paymentNow(t, a, s, p.PaymentID); got.Status != gateway.StatusComplete || got.ConfirmedAmount.String() != "1" {
		t.Fatalf("after mining: %s with confirmed_amount %s, want COMPLETE with 1", got.Status, got.ConfirmedAmount)
	}
	queued := events(t, a, s, p.PaymentID)
	complete := 0
	for _, w := range queued {
		if w.Event == engine.EventPaymentComplete {
			complete++
		}
	}
	if complete != 1 {
		t.Fatalf("payment.complete queued %d times, want once", complete)
	}

	// Both engines deliver at once, round after round until every queued webhook is delivered: each
	// reaches the merchant once.
	deliverers := []*engine.Deliverer{a.NewDeliverer(engine.DeliveryConfig{}), b.NewDeliverer(engine.DeliveryConfig{})}
	for round := 0; delivered(t, a, s) < len(queued); round++ {
		if round == 200 {
			t.Fatalf("%d of %d webhooks delivered after %d rounds", delivered(t, a, s), len(queued), round)
		}
		var wg sync.WaitGroup
		for _, d := range deliverers {
			wg.Go(func() {
				if _, err := d.DeliverDue(ctx); err != nil {
					t.Errorf("DeliverDue: %v", err)
				}
			})
		}
		wg.Wait()
	}
	if got, want := rc.count(), len(queued); got != want {
		t.Fatalf("the merchant received %d webhooks, want each of the %d queued once", got, want)
	}
}

func TestPostgresTwoEnginesNeverOverdraw(t *testing.T) {
	a, b, _ := twoEngines(t)
	ctx := t.Context()
	s := testStore(t, a)
	fund(t, a, s, "BTC", "1")
	// 24 withdrawals of 0.1 BTC plus the network fee at once over both engines: as many succeed as
	// the balance covers, the others are refused, and the balance never goes below zero.
	const n = 24
	var mu sync.Mutex
	var fee gateway.Amount
	succeeded := 0
	errs := inParallel(n, [2]*engine.Engine{a, b}, func(e *engine.Engine, _ int) error {
		w, err := e.CreateWithdraw(ctx, s, withdrawReq("0.1", "", "BTC", btcDest))
		if err == nil {
			mu.Lock()
			succeeded++
			fee = w.Fee
			mu.Unlock()
		}
		return err
	})
	for _, err := range errs {
		if err != nil && gateway.ErrorCode(err) != gateway.ErrCodeInsufficientFunds {
			t.Fatalf("a withdrawal failed with %v, want success or %s", err, gateway.ErrCodeInsufficientFunds)
		}
	}
	if succeeded == 0 {
		t.Fatal("no withdrawal succeeded from a funded account")
	}
	each := mustAmount(t, "0.1").Add(fee)
	want := gateway.Zero
	for range succeeded {
		want = want.Add(each)
	}
	balance := account(t, b, s, "BTC").Balance
	if balance.IsNegative() {
		t.Fatalf("balance %s after %d withdrawals: overdrawn", balance, succeeded)
	}
	if got := mustAmount(t, "1").Sub(want); balance.String() != got.String() {
		t.Fatalf("balance = %s after %d withdrawals of %s, want %s", balance, succeeded, each, got)
	}
	if !balance.LessThan(each) {
		t.Fatalf("%d withdrawals succeeded but %s is left, enough for another of %s", succeeded, balance, each)
	}
}

func TestPostgresTwoEnginesUniqueNumbersAndAddresses(t *testing.T) {
	a, b, _ := twoEngines(t)
	ctx := t.Context()
	s := testStore(t, a)
	const n = 40
	var mu sync.Mutex
	nums, addresses := map[string]bool{}, map[string]bool{}
	errs := inParallel(n, [2]*engine.Engine{a, b}, func(e *engine.Engine, i int) error {
		var num, address string
		if i%4 < 2 {
			p, err := e.CreatePayment(ctx, s, fixedCrypto("0.01", "BTC"))
			if err != nil {
				return err
			}
			num, address = "payment "+p.PaymentNum, p.Address
		} else {
			d, err := e.CreateDedicate(ctx, s, gateway.CreateDedicateRequest{AssetID: "BTC", DedicateType: gateway.DedicateUses, AddressAlloc: gateway.AllocPool})
			if err != nil {
				return err
			}
			num, address = "dedicate "+d.DedicateNum, d.Address
		}
		mu.Lock()
		defer mu.Unlock()
		if nums[num] {
			return fmt.Errorf("%s handed out twice", num)
		}
		if addresses[address] {
			return fmt.Errorf("address %s handed out twice", address)
		}
		nums[num], addresses[address] = true, true
		return nil
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if len(nums) != n || len(addresses) != n {
		t.Fatalf("%d numbers and %d addresses for %d objects", len(nums), len(addresses), n)
	}
}

func mustAmount(t *testing.T, s string) gateway.Amount {
	t.Helper()
	a, err := gateway.ParseAmount(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
