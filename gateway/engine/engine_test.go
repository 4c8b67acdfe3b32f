package engine

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/rates"
)

// Test helpers shared by the engine's tests: a real engine on SQLite in a temporary directory, a
// clock the test moves, and round prices so that every expected amount can be worked out by hand.

// testRates prices each asset in USD. 1 USD = 1/30000 BTC and 1/3000 ETH are repeating decimals,
// which is what the rounding tests need; the rest divide evenly.
const testRates = `{
  "date": "2026-01-02T03:04:05Z",
  "usd_prices": {
    "USD": "1", "EUR": "1.2",
    "BTC": "30000", "LTC": "100", "ETH": "3000", "TRX": "0.25",
    "USDT.ERC20": "1", "USDT.TRC20": "1", "USDC.ERC20": "1", "POL": "0.5", "USDT.POLY": "1", "USDC.POLY": "1"
  }
}`

// testStart is when every test's clock starts.
var testStart = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

// clock is a controllable time source for engine.Config.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func mustTestRates(t testing.TB) *rates.Table {
	t.Helper()
	table, err := rates.Parse([]byte(testRates))
	if err != nil {
		t.Fatalf("test rates: %v", err)
	}
	return table
}

// openTestEngine opens an engine on dir with clk; it is closed when the test ends unless the test
// closes it first.
func openTestEngine(t testing.TB, dir string, clk *clock) *Engine {
	t.Helper()
	e, err := Open(context.Background(), Config{
		DataDir: dir, DatabaseURL: dbtest.URLFor(t, dir), PublicURL: "https://pay.example", Rates: mustTestRates(t), Now: clk.Now,
	})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return e
}

func newTestEngine(t testing.TB) (*Engine, *clock) {
	t.Helper()
	clk := &clock{now: testStart}
	e := openTestEngine(t, t.TempDir(), clk)
	t.Cleanup(func() { e.Close() })
	return e, clk
}

// newTestStore creates a test store; an empty name and webhook URL get defaults so that every
// change lands in the outbox.
func newTestStore(t testing.TB, e *Engine, n NewStore) gateway.Store {
	t.Helper()
	n.IsTest = true
	if n.Name == "" {
		n.Name = "Test store"
	}
	if n.WebhookURL == "" {
		n.WebhookURL = "https://merchant.example/webhook"
	}
	s, _, err := e.CreateStore(context.Background(), n)
	if err != nil {
		t.Fatalf("CreateStore: %v", err)
	}
	return s
}

func amountIn(s string) gateway.AmountInput {
	return gateway.AmountInput{Value: gateway.MustAmount(s), Set: true}
}

func intIn(n int) gateway.IntInput { return gateway.IntInput{Value: n, Set: true} }

func amt(s string) *gateway.Amount { a := gateway.MustAmount(s); return &a }

// fixed is a FIXED_AMOUNT request for amount of asset paid in crypto.
func fixed(amount, asset, crypto string) gateway.CreatePaymentRequest {
	return gateway.CreatePaymentRequest{PaymentType: gateway.FixedAmount, Amount: amountIn(amount), AssetID: asset, PaymentAssetID: crypto}
}

func createPayment(t testing.TB, e *Engine, s gateway.Store, req gateway.CreatePaymentRequest) gateway.Payment {
	t.Helper()
	p, err := e.CreatePayment(context.Background(), s, req)
	if err != nil {
		t.Fatalf("CreatePayment: %v", err)
	}
	return p
}

func send(t testing.TB, e *Engine, s gateway.Store, paymentID, amount string) gateway.Transaction {
	t.Helper()
	tx, err := e.EmulatePaymentTransaction(context.Background(), s, paymentID, amountIn(amount))
	if err != nil {
		t.Fatalf("EmulatePaymentTransaction(%s): %v", amount, err)
	}
	return tx
}

func mine(t testing.TB, e *Engine, s gateway.Store, network string, n int) {
	t.Helper()
	if _, err := e.MineBlocks(context.Background(), s, network, gateway.IntInput{Value: n, Set: true}); err != nil {
		t.Fatalf("MineBlocks(%s, %d): %v", network, n, err)
	}
}

func getPayment(t testing.TB, e *Engine, s gateway.Store, id string) gateway.Payment {
	t.Helper()
	p, err := e.Payment(context.Background(), s.StoreID, id)
	if err != nil {
		t.Fatalf("Payment: %v", err)
	}
	return p
}

func expireDue(t testing.TB, e *Engine) int {
	t.Helper()
	n, err := e.ExpireDue(context.Background())
	if err != nil {
		t.Fatalf("ExpireDue: %v", err)
	}
	return n
}

// outboxRow is one queued webhook as the merchant would receive it.
type outboxRow struct {
	Event, URL string
	Body       PaymentNotification
}

// outboxRows returns the queued webhooks of a payment in the order they were written.
func outboxRows(t testing.TB, e *Engine, paymentID string) []outboxRow {
	t.Helper()
	rows, err := e.db.ObjectWebhooks(context.Background(), paymentID)
	if err != nil {
		t.Fatalf("outbox: %v", err)
	}
	var out []outboxRow
	for _, w := range rows {
		r := outboxRow{Event: w.Event, URL: w.URL}
		if err := json.Unmarshal(w.Body, &r.Body); err != nil {
			t.Fatalf("outbox body %s: %v", w.Body, err)
		}
		out = append(out, r)
	}
	return out
}

// countEvents counts a payment's queued webhooks of one event.
func countEvents(rows []outboxRow, event string) int {
	n := 0
	for _, r := range rows {
		if r.Event == event {
			n++
		}
	}
	return n
}

// wantCode fails unless err is a *gateway.Error with code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	var ge *gateway.Error
	if !errors.As(err, &ge) {
		t.Fatalf("err = %v, want *gateway.Error %s", err, code)
	}
	if got := ge.Code; got != code {
		t.Fatalf("code = %s (%s), want %s", got, ge.Message, code)
	}
}

// wantState checks the status and the three amounts the payer and merchant watch.
func wantState(t testing.TB, p gateway.Payment, status, ip, remain string) {
	t.Helper()
	if got, want := p.Status, status; got != want {
		t.Errorf("status = %s, want %s", got, want)
	}
	if got, want := p.StatusName, gateway.StatusName(status); got != want {
		t.Errorf("status_name = %s, want %s", got, want)
	}
	if got, want := p.IPAmount.String(), ip; got != want {
		t.Errorf("ip_amount = %s, want %s", got, want)
	}
	if got, want := p.RemainAmount.String(), remain; got != want {
		t.Errorf("remain_amount = %s, want %s", got, want)
	}
}

// samePaymentJSON compares two payments as a client sees them; the test fails on a difference.
func samePaymentJSON(t testing.TB, got, want gateway.Payment) bool {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	w, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	if string(g) != string(w) {
		t.Errorf("payment JSON differs:\n got %s\nwant %s", g, w)
		return false
	}
	return true
}
