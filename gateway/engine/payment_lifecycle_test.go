package engine

import (
	"context"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// A payment of 300 USD in BTC asks for exactly 0.01 BTC at the test rates.

func TestFixedCompletesAtPaymentAmountLessTheSmallerThreshold(t *testing.T) {
	e, _ := newTestEngine(t)
	tests := []struct {
		name         string
		store        NewStore
		wantComplete string // what confirmed receipts must reach
	}{
		{"no threshold: exact", NewStore{}, "0.01"},
		{"percent only", NewStore{UnderpayPercent: amt("1")}, "0.0099"},
		// 6 USD = 0.0002 BTC at the payment's rate.
		{"amount only, in the store currency", NewStore{UnderpayAmount: amt("6")}, "0.0098"},
		{"both: percent is smaller", NewStore{UnderpayPercent: amt("1"), UnderpayAmount: amt("6")}, "0.0099"},
		{"both: amount is smaller", NewStore{UnderpayPercent: amt("5"), UnderpayAmount: amt("6")}, "0.0098"},
		// 5 EUR = 6 USD = 0.0002 BTC.
		{"amount in a EUR store", NewStore{Currency: "EUR", UnderpayAmount: amt("5")}, "0.0098"},
		// 1 USD = 0.0000333… BTC, rounded down: the tolerance never exceeds the setting.
		{"amount rounded down at precision", NewStore{UnderpayAmount: amt("1")}, "0.00996667"},
	}
	oneSat := gateway.MustAmount("0.00000001")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newTestStore(t, e, tt.store)
			p := createPayment(t, e, store, fixed("300", "USD", "BTC"))
			if got, want := p.PaymentAmount.String(), "0.01"; got != want {
				t.Fatalf("payment_amount = %s, want %s", got, want)
			}
			short := gateway.MustAmount(tt.wantComplete).Sub(oneSat)
			remain := gateway.MustAmount("0.01").Sub(short).String()

			send(t, e, store, p.PaymentID, short.String())
			wantState(t, getPayment(t, e, store, p.PaymentID), gateway.StatusOpen, short.String(), remain)
			mine(t, e, store, "BITCOIN", 6)
			wantState(t, getPayment(t, e, store, p.PaymentID), gateway.StatusOpen, short.String(), remain) // confirmed, still short

			send(t, e, store, p.PaymentID, oneSat.String())
			wantState(t, getPayment(t, e, store, p.PaymentID), gateway.StatusClosing, tt.wantComplete, gateway.MustAmount("0.01").Sub(gateway.MustAmount(tt.wantComplete)).String())
			mine(t, e, store, "BITCOIN", 5)
			if got := getPayment(t, e, store, p.PaymentID).Status; got != gateway.StatusClosing {
				t.Fatalf("status after 5 of 6 confirmations = %s, want CLOSING", got)
			}
			mine(t, e, store, "BITCOIN", 1)
			done := getPayment(t, e, store, p.PaymentID)
			if got, want := done.Status, gateway.StatusComplete; got != want {
				t.Fatalf("status = %s, want %s", got, want)
			}
			if done.CompleteDate == nil {
				t.Error("complete_date not set on a COMPLETE payment")
			}
		})
	}
}

func TestOpenAmountCompletesOnAnyConfirmedAmount(t *testing.T) {
	e, _ := newTestEngine(t)
	// The threshold settings are for FIXED payments only and must not matter here.
	store := newTestStore(t, e, NewStore{UnderpayPercent: amt("1"), UnderpayAmount: amt("6")})
	tests := []struct {
		name string
		req  gateway.CreatePaymentRequest
	}{
		{"without an amount", gateway.CreatePaymentRequest{PaymentType: gateway.OpenAmount, PaymentAssetID: "BTC"}},
		{"with an amount", gateway.CreatePaymentRequest{PaymentType: gateway.OpenAmount, Amount: amountIn("300"), AssetID: "USD", PaymentAssetID: "BTC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := createPayment(t, e, store, tt.req)
			if got, want := p.PaymentTypeName, "Open Amount"; got != want {
				t.Errorf("payment_type_name = %s, want %s", got, want)
			}
			wantState(t, p, gateway.StatusOpen, "0", "0")
			send(t, e, store, p.PaymentID, "0.00000001")
			wantState(t, getPayment(t, e, store, p.PaymentID), gateway.StatusClosing, "0.00000001", "0")
			mine(t, e, store, "BITCOIN", 6)
			wantState(t, getPayment(t, e, store, p.PaymentID), gateway.StatusComplete, "0.00000001", "0")
		})
	}
}

func TestFixedCompletesFromSeveralPartialTransactions(t *testing.T) {
	e, _ := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	p := createPayment(t, e, store, fixed("300", "USD", "BTC"))

	steps := []struct {
		do                  func()
		status, ip, remain  string
		confirmed, paidFiat string
	}{
		{func() { send(t, e, store, p.PaymentID, "0.003") }, gateway.StatusOpen, "0.003", "0.007", "0", "90"},
		{func() { send(t, e, store, p.PaymentID, "0.003") }, gateway.StatusOpen, "0.006", "0.004", "0", "180"},
		{func() { mine(t, e, store, "BITCOIN", 6) }, gateway.StatusOpen, "0.006", "0.004", "0.006", "180"},
		{func() { send(t, e, store, p.PaymentID, "0.001") }, gateway.StatusOpen, "0.007", "0.003", "0.006", "210"},
		// Enough is seen: CLOSING while the last two confirm.
		{func() { send(t, e, store, p.PaymentID, "0.003") }, gateway.StatusClosing, "0.01", "0", "0.006", "300"},
		{func() { mine(t, e, store, "BITCOIN", 5) }, gateway.StatusClosing, "0.01", "0", "0.006", "300"},
		{func() { mine(t, e, store, "BITCOIN", 1) }, gateway.StatusComplete, "0.01", "0", "0.01", "300"},
	}
	for i, s := range steps {
		s.do()
		got := getPayment(t, e, store, p.PaymentID)
		wantState(t, got, s.status, s.ip, s.remain)
		if g, w := got.ConfirmedAmount.String(), s.confirmed; g != w {
			t.Errorf("step %d: confirmed_amount = %s, want %s", i, g, w)
		}
		if g, w := got.PaidAmount.String(), s.paidFiat; g != w {
			t.Errorf("step %d: paid_amount = %s, want %s", i, g, w)
		}
		if t.Failed() {
			t.Fatalf("step %d failed", i)
		}
	}
	txs, err := e.Transactions(context.Background(), store.StoreID, p.PaymentID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(txs), 4; got != want {
		t.Fatalf("transactions = %d, want %d", got, want)
	}
	for i, tx := range txs {
		if tx.Status != gateway.StatusComplete || tx.Confirmations != 6 || tx.Late {
			t.Errorf("tx %d: status %s, %d confirmations, late %v; want COMPLETE, 6, false", i, tx.Status, tx.Confirmations, tx.Late)
		}
	}
}

func TestDecimalSumsAreExact(t *testing.T) {
	e, _ := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	tests := []struct {
		crypto, network string
		parts           []string
		amount          string
	}{
		{"BTC", "BITCOIN", []string{"0.1", "0.2"}, "0.3"},
		{"ETH", "ETHEREUM", []string{"0.1", "0.2"}, "0.3"},
		{"USDT.TRC20", "TRON", []string{"0.1", "0.2"}, "0.3"},
		{"ETH", "ETHEREUM", []string{"0.000000000000000001", "0.299999999999999999"}, "0.3"},
		{"USDT.ERC20", "ETHEREUM", []string{"33.333333", "33.333333", "33.333334"}, "100"},
	}
	for _, tt := range tests {
		t.Run(tt.crypto+" "+tt.amount, func(t *testing.T) {
			p := createPayment(t, e, store, fixed(tt.amount, tt.crypto, tt.crypto))
			for _, part := range tt.parts {
				send(t, e, store, p.PaymentID, part)
			}
			asset, _ := gateway.LookupAsset(tt.crypto)
			mine(t, e, store, tt.network, asset.Confirmations)
			wantState(t, getPayment(t, e, store, p.PaymentID), gateway.StatusComplete, tt.amount, "0")
		})
	}
}

func TestClosingUntilTheAssetsConfirmations(t *testing.T) {
	e, _ := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	tests := []struct {
		crypto, network, other string
		confirms               int
	}{
		{"BTC", "BITCOIN", "LITECOIN", 6},
		{"LTC", "LITECOIN", "BITCOIN", 6},
		{"ETH", "ETHEREUM", "TRON", 10},
		{"USDT.ERC20", "ETHEREUM", "TRON", 10},
		{"USDC.ERC20", "ETHEREUM", "BITCOIN", 10},
		{"TRX", "TRON", "ETHEREUM", 19},
		{"USDT.TRC20", "TRON", "ETHEREUM", 19},
	}
	for _, tt := range tests {
		t.Run(tt.crypto, func(t *testing.T) {
			p := createPayment(t, e, store, fixed("1", tt.crypto, tt.crypto))
			if got, want := p.Confirms, tt.confirms; got != want {
				t.Errorf("confirms = %d, want %d", got, want)
			}
			if got, want := p.CryptoNetwork, tt.network; got != want {
				t.Errorf("crypto_network = %s, want %s", got, want)
			}
			tx := send(t, e, store, p.PaymentID, "1")
			if got, want := tx.Confirmations, 0; got != want {
				t.Errorf("new tx confirmations = %d, want %d", got, want)
			}
			if tx.TrxHash == "" || tx.Status != gateway.StatusOpen {
				t.Errorf("new tx: hash %q status %s; want a hash and OPEN", tx.TrxHash, tx.Status)
			}
			mine(t, e, store, tt.other, 100) // another network's blocks confirm nothing here
			mine(t, e, store, tt.network, tt.confirms-1)
			if got := getPayment(t, e, store, p.PaymentID).Status; got != gateway.StatusClosing {
				t.Fatalf("status with %d of %d confirmations = %s, want CLOSING", tt.confirms-1, tt.confirms, got)
			}
			txs, err := e.Transactions(context.Background(), store.StoreID, p.PaymentID)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := txs[0].Confirmations, tt.confirms-1; got != want {
				t.Errorf("tx confirmations = %d, want %d", got, want)
			}
			mine(t, e, store, tt.network, 5) // more blocks than needed: confirmations stop at confirms
			if got := getPayment(t, e, store, p.PaymentID).Status; got != gateway.StatusComplete {
				t.Fatalf("status with all confirmations = %s, want COMPLETE", got)
			}
			txs, err = e.Transactions(context.Background(), store.StoreID, p.PaymentID)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := txs[0].Confirmations, tt.confirms; got != want {
				t.Errorf("tx confirmations = %d, want %d", got, want)
			}
			if got, want := txs[0].Status, gateway.StatusComplete; got != want {
				t.Errorf("tx status = %s, want %s", got, want)
			}
		})
	}
}

func TestExpiry(t *testing.T) {
	tests := []struct {
		name string
		// before runs while the payment is open, after runs once ExpireDue decided it.
		before, after   func(t *testing.T, e *Engine, s gateway.Store, id string)
		atExpiry        string // status right after ExpireDue
		final           string // status after `after`
		ip, remain      string
		wantCancelRows  int
		wantCompleteRow int
	}{
		{
			name: "nothing received: CANCEL", atExpiry: gateway.StatusCancel, final: gateway.StatusCancel,
			ip: "0", remain: "0.01", wantCancelRows: 1,
		},
		{
			name: "partial and confirmed: CANCEL",
			before: func(t *testing.T, e *Engine, s gateway.Store, id string) {
				send(t, e, s, id, "0.004")
				mine(t, e, s, "BITCOIN", 6)
			},
			atExpiry: gateway.StatusCancel, final: gateway.StatusCancel, ip: "0.004", remain: "0.006", wantCancelRows: 1,
		},
		{
			name: "partial and confirming: CLOSING, then CANCEL when it confirms",
			before: func(t *testing.T, e *Engine, s gateway.Store, id string) {
				send(t, e, s, id, "0.004")
			},
			after: func(t *testing.T, e *Engine, s gateway.Store, id string) {
				mine(t, e, s, "BITCOIN", 6)
			},
			atExpiry: gateway.StatusClosing, final: gateway.StatusCancel, ip: "0.004", remain: "0.006", wantCancelRows: 1,
		},
		{
			name: "partial and confirming, topped up late: the late part does not count",
			before: func(t *testing.T, e *Engine, s gateway.Store, id string) {
				send(t, e, s, id, "0.004")
			},
			after: func(t *testing.T, e *Engine, s gateway.Store, id string) {
				if tx := send(t, e, s, id, "0.006"); !tx.Late {
					t.Error("a transaction after end_date is not marked late")
				}
				mine(t, e, s, "BITCOIN", 6)
			},
			atExpiry: gateway.StatusClosing, final: gateway.StatusCancel, ip: "0.01", remain: "0", wantCancelRows: 1,
		},
		{
			name: "enough but confirming: stays CLOSING, then COMPLETE",
			before: func(t *testing.T, e *Engine, s gateway.Store, id string) {
				send(t, e, s, id, "0.01")
			},
			after: func(t *testing.T, e *Engine, s gateway.Store, id string) {
				mine(t, e, s, "BITCOIN", 6)
			},
			atExpiry: gateway.StatusClosing, final: gateway.StatusComplete, ip: "0.01", remain: "0", wantCompleteRow: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, clk := newTestEngine(t)
			store := newTestStore(t, e, NewStore{})
			req := fixed("300", "USD", "BTC")
			req.Timeout = intIn(60)
			p := createPayment(t, e, store, req)
			if tt.before != nil {
				tt.before(t, e, store, p.PaymentID)
			}

			clk.Advance(time.Hour - time.Second)
			if got := expireDue(t, e); got != 0 {
				t.Fatalf("ExpireDue a second before end_date decided %d payments", got)
			}
			clk.Advance(time.Second)
			expireDue(t, e)
			if got, want := getPayment(t, e, store, p.PaymentID).Status, tt.atExpiry; got != want {
				t.Fatalf("status at end_date = %s, want %s", got, want)
			}
			if tt.after != nil {
				tt.after(t, e, store, p.PaymentID)
			}
			clk.Advance(time.Hour)
			expireDue(t, e) // deciding again changes nothing
			got := getPayment(t, e, store, p.PaymentID)
			wantState(t, got, tt.final, tt.ip, tt.remain)
			if (got.CompleteDate != nil) != (tt.final == gateway.StatusComplete) {
				t.Errorf("complete_date = %v with status %s", got.CompleteDate, got.Status)
			}
			rows := outboxRows(t, e, p.PaymentID)
			if got, want := countEvents(rows, EventPaymentCancel), tt.wantCancelRows; got != want {
				t.Errorf("payment.cancel webhooks = %d, want %d", got, want)
			}
			if got, want := countEvents(rows, EventPaymentComplete), tt.wantCompleteRow; got != want {
				t.Errorf("payment.complete webhooks = %d, want %d", got, want)
			}
		})
	}
}

func TestTransactionAfterEndDateBeforeTheSchedulerRan(t *testing.T) {
	e, clk := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	p := createPayment(t, e, store, fixed("300", "USD", "BTC"))
	clk.Advance(2 * time.Hour) // past the 90-minute default; the scheduler has not run

	tx := send(t, e, store, p.PaymentID, "0.01")
	if !tx.Late {
		t.Error("transaction after end_date is not late")
	}
	got := getPayment(t, e, store, p.PaymentID)
	wantState(t, got, gateway.StatusCancel, "0.01", "0")
	mine(t, e, store, "BITCOIN", 6)
	if got := expireDue(t, e); got != 0 {
		t.Errorf("ExpireDue decided %d payments, want 0", got)
	}
	wantState(t, getPayment(t, e, store, p.PaymentID), gateway.StatusCancel, "0.01", "0")
	if got, want := countEvents(outboxRows(t, e, p.PaymentID), EventPaymentCancel), 1; got != want {
		t.Errorf("payment.cancel webhooks = %d, want %d", got, want)
	}
}

func TestExpireTestPayment(t *testing.T) {
	e, clk := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	ctx := context.Background()

	t.Run("nothing received", func(t *testing.T) {
		p := createPayment(t, e, store, fixed("300", "USD", "BTC"))
		clk.Advance(time.Minute)
		out, err := e.ExpireTestPayment(ctx, store, p.PaymentID)
		if err != nil {
			t.Fatal(err)
		}
		wantState(t, out, gateway.StatusCancel, "0", "0.01")
		if got, want := out.EndDate.Time, clk.Now(); !got.Equal(want) {
			t.Errorf("end_date = %s, want now %s", got, want)
		}
		_, err = e.ExpireTestPayment(ctx, store, p.PaymentID)
		wantCode(t, err, gateway.ErrCodePaymentFinal)
	})
	t.Run("confirming", func(t *testing.T) {
		p := createPayment(t, e, store, fixed("300", "USD", "BTC"))
		send(t, e, store, p.PaymentID, "0.005")
		out, err := e.ExpireTestPayment(ctx, store, p.PaymentID)
		if err != nil {
			t.Fatal(err)
		}
		wantState(t, out, gateway.StatusClosing, "0.005", "0.005")
		mine(t, e, store, "BITCOIN", 6)
		wantState(t, getPayment(t, e, store, p.PaymentID), gateway.StatusCancel, "0.005", "0.005")
	})
}

func TestLateTransactionAfterAFinalStatus(t *testing.T) {
	tests := []struct {
		name   string
		decide func(t *testing.T, e *Engine, s gateway.Store, id string)
		status string
		ip     string
		remain string
	}{
		{"after COMPLETE", func(t *testing.T, e *Engine, s gateway.Store, id string) {
			send(t, e, s, id, "0.01")
			mine(t, e, s, "BITCOIN", 6)
		}, gateway.StatusComplete, "0.015", "0"},
		{"after CANCEL", func(t *testing.T, e *Engine, s gateway.Store, id string) {
			if _, err := e.ExpireTestPayment(context.Background(), s, id); err != nil {
				t.Fatal(err)
			}
		}, gateway.StatusCancel, "0.005", "0.005"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, clk := newTestEngine(t)
			store := newTestStore(t, e, NewStore{})
			p := createPayment(t, e, store, fixed("300", "USD", "BTC"))
			tt.decide(t, e, store, p.PaymentID)
			decided := getPayment(t, e, store, p.PaymentID)
			if got, want := decided.Status, tt.status; got != want {
				t.Fatalf("status = %s, want %s", got, want)
			}
			rowsBefore := len(outboxRows(t, e, p.PaymentID))

			clk.Advance(time.Minute)
			late := send(t, e, store, p.PaymentID, "0.005")
			if !late.Late {
				t.Error("transaction after a final status is not marked late")
			}
			mine(t, e, store, "BITCOIN", 6)
			clk.Advance(3 * time.Hour)
			expireDue(t, e)

			got := getPayment(t, e, store, p.PaymentID)
			wantState(t, got, tt.status, tt.ip, tt.remain)
			if (decided.CompleteDate == nil) != (got.CompleteDate == nil) ||
				(got.CompleteDate != nil && !got.CompleteDate.Equal(decided.CompleteDate.Time)) {
				t.Errorf("complete_date changed from %v to %v", decided.CompleteDate, got.CompleteDate)
			}
			txs, err := e.Transactions(context.Background(), store.StoreID, p.PaymentID)
			if err != nil {
				t.Fatal(err)
			}
			last := txs[len(txs)-1]
			if last.TrxHash != late.TrxHash || !last.Late || last.Amount.String() != "0.005" {
				t.Errorf("late transaction not recorded: %+v", last)
			}
			// The merchant hears of it, with the payment's current status, and nothing else changes.
			rows := outboxRows(t, e, p.PaymentID)
			if got, want := len(rows), rowsBefore+1; got != want {
				t.Fatalf("webhooks after the late transaction = %d, want %d", got, want)
			}
			note := rows[len(rows)-1].Body
			if got, want := note.Payment.Status, tt.status; got != want {
				t.Errorf("late webhook status = %s, want %s", got, want)
			}
			if got, want := note.Payment.IPAmount.String(), tt.ip; got != want {
				t.Errorf("late webhook ip_amount = %s, want %s", got, want)
			}
			if got, want := rows[len(rows)-1].Event, eventFor(tt.status); got != want {
				t.Errorf("late webhook event = %s, want %s", got, want)
			}
		})
	}
}

func TestEmulationErrors(t *testing.T) {
	e, _ := newTestEngine(t)
	ctx := context.Background()
	store := newTestStore(t, e, NewStore{})
	other := newTestStore(t, e, NewStore{Name: "Other"})
	live, _, err := e.CreateStore(ctx, NewStore{Name: "Live", IsTest: false})
	if err != nil {
		t.Fatal(err)
	}
	p := createPayment(t, e, store, fixed("300", "USD", "BTC"))
	livePayment := createPayment(t, e, live, fixed("300", "USD", "BTC"))
	if livePayment.IsTest {
		t.Error("a live store's payment says is_test")
	}
	unknown := "3b241101-e2bb-4255-8caf-4136c566a962"

	tests := []struct {
		name string
		call func() error
		code string
	}{
		{"tx to a live store's payment", func() error {
			_, err := e.EmulatePaymentTransaction(ctx, live, livePayment.PaymentID, amountIn("0.01"))
			return err
		}, gateway.ErrCodeNotTestStore},
		{"blocks on a live store", func() error { _, err := e.MineBlocks(ctx, live, "BITCOIN", intIn(1)); return err }, gateway.ErrCodeNotTestStore},
		{"expire a live store's payment", func() error {
			_, err := e.ExpireTestPayment(ctx, live, livePayment.PaymentID)
			return err
		}, gateway.ErrCodeNotTestStore},
		{"tx to an unknown payment", func() error {
			_, err := e.EmulatePaymentTransaction(ctx, store, unknown, amountIn("0.01"))
			return err
		}, gateway.ErrCodeNoPayment},
		{"tx to a malformed id", func() error {
			_, err := e.EmulatePaymentTransaction(ctx, store, "1 OR 1=1", amountIn("0.01"))
			return err
		}, gateway.ErrCodeNoPayment},
		{"tx to another store's payment", func() error {
			_, err := e.EmulatePaymentTransaction(ctx, other, p.PaymentID, amountIn("0.01"))
			return err
		}, gateway.ErrCodeNoPayment},
		{"expire another store's payment", func() error { _, err := e.ExpireTestPayment(ctx, other, p.PaymentID); return err }, gateway.ErrCodeNoPayment},
		{"tx of more decimals than BTC has", func() error {
			_, err := e.EmulatePaymentTransaction(ctx, store, p.PaymentID, amountIn("0.000000001"))
			return err
		}, gateway.ErrCodeInvalidAmount},
		{"tx of zero", func() error {
			_, err := e.EmulatePaymentTransaction(ctx, store, p.PaymentID, amountIn("0"))
			return err
		}, gateway.ErrCodeInvalidAmount},
		{"tx without an amount", func() error {
			_, err := e.EmulatePaymentTransaction(ctx, store, p.PaymentID, gateway.AmountInput{})
			return err
		}, gateway.ErrCodeRequiredField},
		{"blocks on an unknown network", func() error { _, err := e.MineBlocks(ctx, store, "DOGE", intIn(1)); return err }, gateway.ErrCodeNoNetwork},
		{"zero blocks", func() error { _, err := e.MineBlocks(ctx, store, "BITCOIN", intIn(0)); return err }, gateway.ErrCodeInvalidField},
		{"too many blocks", func() error {
			_, err := e.MineBlocks(ctx, store, "BITCOIN", intIn(MaxBlocksPerCall+1))
			return err
		}, gateway.ErrCodeInvalidField},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.call(), tt.code) })
	}
	// None of the refused calls left a trace.
	wantState(t, getPayment(t, e, store, p.PaymentID), gateway.StatusOpen, "0", "0.01")
	if _, err := e.Payment(ctx, other.StoreID, p.PaymentID); gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
		t.Errorf("another store reads the payment: err = %v, want ERR_NO_PAYMENT", err)
	}
	if _, err := e.Transactions(ctx, other.StoreID, p.PaymentID); gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
		t.Errorf("another store reads the transactions: err = %v, want ERR_NO_PAYMENT", err)
	}
}

func TestMineBlocksCountsTheTransactionsItConfirms(t *testing.T) {
	e, _ := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	other := newTestStore(t, e, NewStore{Name: "Other"})
	a := createPayment(t, e, store, fixed("1", "BTC", "BTC"))
	b := createPayment(t, e, store, fixed("1", "BTC", "BTC"))
	c := createPayment(t, e, store, fixed("1", "ETH", "ETH"))
	d := createPayment(t, e, other, fixed("1", "BTC", "BTC"))
	send(t, e, store, a.PaymentID, "0.1")
	send(t, e, store, a.PaymentID, "0.2")
	send(t, e, store, b.PaymentID, "0.3")
	send(t, e, store, c.PaymentID, "0.4")
	send(t, e, other, d.PaymentID, "0.5")
	for i, want := range []int{3, 3, 0} { // 1 block, 5 blocks (all confirmed), nothing left
		n := 1
		if i > 0 {
			n = 5
		}
		got, err := e.MineBlocks(context.Background(), store, "BITCOIN", intIn(n))
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("call %d: MineBlocks = %d, want %d", i, got, want)
		}
	}
	// Neither another network's nor another store's transactions moved.
	for _, p := range []struct {
		s  gateway.Store
		id string
	}{{store, c.PaymentID}, {other, d.PaymentID}} {
		txs, err := e.Transactions(context.Background(), p.s.StoreID, p.id)
		if err != nil {
			t.Fatal(err)
		}
		if got := txs[0].Confirmations; got != 0 {
			t.Errorf("payment %s: confirmations = %d, want 0", p.id, got)
		}
	}
}
