package engine_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/rates"
)

// abandonSeed is the BIP-39 test mnemonic whose standard addresses are published everywhere.
const abandonSeed = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"

// fixedRates prices assets in round numbers so expected figures can be worked out by hand.
const fixedRates = `{"date": "2026-01-02T03:04:05Z", "usd_prices": {
	"USD": "1", "EUR": "1.25", "BTC": "50000", "LTC": "100", "ETH": "2000", "TRX": "0.25",
	"USDT.ERC20": "1", "USDT.TRC20": "1", "USDC.ERC20": "1", "POL": "0.5", "USDT.POLY": "1", "USDC.POLY": "1"}}`

var gw2Start = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

// fakeClock is the engine's clock in tests; safe for concurrent use.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// gw2Engine opens an engine on dir with the fixed rates; clock nil means real time.
func gw2Engine(t testing.TB, dir string, clock *fakeClock) *engine.Engine {
	t.Helper()
	table, err := rates.Parse([]byte(fixedRates))
	if err != nil {
		t.Fatal(err)
	}
	cfg := engine.Config{DataDir: dir, DatabaseURL: dbtest.URLFor(t, dir), PublicURL: "https://pay.example", Rates: table}
	if clock != nil {
		cfg.Now = clock.Now
	}
	e, err := engine.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// newGW2 is an engine on a fresh directory with a fake clock.
func newGW2(t testing.TB) (*engine.Engine, *fakeClock) {
	clock := &fakeClock{t: gw2Start}
	return gw2Engine(t, t.TempDir(), clock), clock
}

func gw2Store(t testing.TB, e *engine.Engine, n engine.NewStore) gateway.Store {
	t.Helper()
	if n.Name == "" {
		n.Name = "Shop"
	}
	if n.SeedPhrase == "" {
		n.SeedPhrase = abandonSeed
	}
	s, _, err := e.CreateStore(context.Background(), n)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func testStore(t testing.TB, e *engine.Engine) gateway.Store {
	return gw2Store(t, e, engine.NewStore{IsTest: true})
}

func amountInput(s string) gateway.AmountInput {
	return gateway.AmountInput{Value: gateway.MustAmount(s), Set: true}
}

// mustCode fails unless err is a *gateway.Error with code.
func mustCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := gateway.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %s", err, got, code)
	}
}

func mustField(t testing.TB, err error, field string) {
	t.Helper()
	var e *gateway.Error
	if !errors.As(err, &e) || e.Field != field {
		t.Fatalf("error = %v, want one about field %q", err, field)
	}
}

func newPayment(t testing.TB, e *engine.Engine, s gateway.Store, req gateway.CreatePaymentRequest) gateway.Payment {
	t.Helper()
	p, err := e.CreatePayment(context.Background(), s, req)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func fixedCrypto(amount, crypto string) gateway.CreatePaymentRequest {
	return gateway.CreatePaymentRequest{Amount: amountInput(amount), AssetID: crypto, PaymentAssetID: crypto}
}

func pay(t testing.TB, e *engine.Engine, s gateway.Store, paymentID, amount string) gateway.Transaction {
	t.Helper()
	tx, err := e.EmulatePaymentTransaction(context.Background(), s, paymentID, amountInput(amount))
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func mineN(t testing.TB, e *engine.Engine, s gateway.Store, network string, n int) {
	t.Helper()
	if _, err := e.MineBlocks(context.Background(), s, network, gateway.IntInput{Value: n, Set: true}); err != nil {
		t.Fatal(err)
	}
}

func paymentNow(t testing.TB, e *engine.Engine, s gateway.Store, id string) gateway.Payment {
	t.Helper()
	p, err := e.Payment(context.Background(), s.StoreID, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fund gives a test store a confirmed, credited balance of amount in a crypto asset, the way a
// merchant gets one: a payment, paid in full and mined to its confirmations.
func fund(t testing.TB, e *engine.Engine, s gateway.Store, crypto, amount string) {
	t.Helper()
	p := newPayment(t, e, s, fixedCrypto(amount, crypto))
	pay(t, e, s, p.PaymentID, amount)
	asset, _ := gateway.LookupAsset(crypto)
	mineN(t, e, s, asset.CryptoNetwork, asset.Confirmations)
	if got := paymentNow(t, e, s, p.PaymentID).Status; got != gateway.StatusComplete {
		t.Fatalf("funding payment is %s, want COMPLETE", got)
	}
}

// account returns a store's account in assetID.
func account(t testing.TB, e *engine.Engine, s gateway.Store, assetID string) gateway.Account {
	t.Helper()
	all, err := e.Accounts(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range all.Accounts {
		if a.AssetID == assetID {
			return a
		}
	}
	t.Fatalf("no %s account", assetID)
	return gateway.Account{}
}

func wantAmount(t testing.TB, what string, got gateway.Amount, want string) {
	t.Helper()
	if !got.Equal(gateway.MustAmount(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// events lists the outbox events about one object, oldest first.
func events(t testing.TB, e *engine.Engine, s gateway.Store, objectID string) []engine.WebhookDelivery {
	t.Helper()
	all, err := e.Webhooks(context.Background(), s.StoreID, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []engine.WebhookDelivery
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].ObjectID == objectID {
			out = append(out, all[i])
		}
	}
	return out
}
