package engine

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

// missFixture is a store with its credentials and one payment.
type missFixture struct {
	e      *Engine
	key    string
	secret string
	p      gateway.Payment
}

func newMissFixture(t testing.TB) missFixture {
	t.Helper()
	e, _ := newTestEngine(t)
	store, creds, err := e.CreateStore(context.Background(), NewStore{Name: "Shop", IsTest: true})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.CreatePayment(context.Background(), store, gateway.CreatePaymentRequest{Amount: amountIn("100"), AssetID: "USD", PaymentAssetID: "BTC"})
	if err != nil {
		t.Fatal(err)
	}
	return missFixture{e: e, key: creds.APIKey, secret: creds.APISecret, p: p}
}

// readsOf runs f and returns the read statements it ran, each once, by their text.
func readsOf(e *Engine, f func()) []string {
	var mu sync.Mutex
	seen := map[string]bool{}
	record := func(q string) {
		mu.Lock()
		defer mu.Unlock()
		seen[q] = true
	}
	e.db.ObserveReads(record)
	f()
	e.db.ObserveReads(nil)
	mu.Lock()
	defer mu.Unlock()
	var out []string
	for q := range seen {
		out = append(out, q)
	}
	slices.Sort(out)
	return out
}

// Issue 11 finding 7: a wrong code on an existing payment took ~46 µs longer than an unknown id,
// because the whole payment was read and decoded before the code was compared. Now both read the
// same one column by the same statement and compare once; only the right code reads the payment.
func TestWrongCodeAndUnknownPaymentTakeOnePath(t *testing.T) {
	f := newMissFixture(t)
	ctx := context.Background()
	var errUnknown, errWrong error
	unknown := readsOf(f.e, func() { _, errUnknown = f.e.PaymentView(ctx, "00000000-0000-4000-8000-000000000000", f.p.Code) })
	wrong := readsOf(f.e, func() { _, errWrong = f.e.PaymentView(ctx, f.p.PaymentID, "wrong-code-of-22-chars") })
	if gateway.ErrorCode(errUnknown) != gateway.ErrCodeNoPayment || gateway.ErrorCode(errWrong) != gateway.ErrCodeNoPayment {
		t.Fatalf("unknown id: %v; wrong code: %v; want ERR_NO_PAYMENT for both", errUnknown, errWrong)
	}
	if !slices.Equal(unknown, wrong) {
		t.Errorf("an unknown id runs\n%q\na wrong code runs\n%q", unknown, wrong)
	}
	if len(wrong) != 1 || strings.Contains(wrong[0], "amount") {
		t.Errorf("before the code is compared the payment itself is read: %q", wrong)
	}
	right := readsOf(f.e, func() {
		if _, err := f.e.PaymentView(ctx, f.p.PaymentID, f.p.Code); err != nil {
			t.Fatalf("the right code: %v", err)
		}
	})
	if len(right) <= len(wrong) {
		t.Errorf("the right code reads %q: no more than a wrong one", right)
	}
}

// Likewise a known API key with a wrong secret (~8 µs slower than an unknown key): both now read
// the key's hash by one statement and compare once, against a dummy hash for an unknown key.
func TestWrongSecretAndUnknownKeyTakeOnePath(t *testing.T) {
	f := newMissFixture(t)
	ctx := context.Background()
	var errUnknown, errWrong error
	unknown := readsOf(f.e, func() { _, errUnknown = f.e.Authenticate(ctx, "no-such-key", f.secret) })
	wrong := readsOf(f.e, func() { _, errWrong = f.e.Authenticate(ctx, f.key, "wrong-secret") })
	if gateway.ErrorCode(errUnknown) != gateway.ErrCodeUnauthorized || gateway.ErrorCode(errWrong) != gateway.ErrCodeUnauthorized {
		t.Fatalf("unknown key: %v; wrong secret: %v; want ERR_UNAUTHORIZED for both", errUnknown, errWrong)
	}
	if !slices.Equal(unknown, wrong) {
		t.Errorf("an unknown key runs\n%q\na wrong secret runs\n%q", unknown, wrong)
	}
	if len(wrong) != 1 || strings.Contains(wrong[0], "webhook") {
		t.Errorf("before the secret is compared the store itself is read: %q", wrong)
	}
	right := readsOf(f.e, func() {
		if _, err := f.e.Authenticate(ctx, f.key, f.secret); err != nil {
			t.Fatalf("the right secret: %v", err)
		}
	})
	if len(right) <= len(wrong) {
		t.Errorf("the right secret reads %q: no more than a wrong one", right)
	}
}

// The misses side by side (go test -run '^$' -bench Miss ./gateway/engine/): each pair should take
// the same time.
func BenchmarkPaymentMiss(b *testing.B) {
	f := newMissFixture(b)
	ctx := context.Background()
	b.Run("unknown_id", func(b *testing.B) {
		for range b.N {
			f.e.PaymentView(ctx, "00000000-0000-4000-8000-000000000000", f.p.Code)
		}
	})
	b.Run("wrong_code", func(b *testing.B) {
		for range b.N {
			f.e.PaymentView(ctx, f.p.PaymentID, "wrong-code-of-22-chars")
		}
	})
}

func BenchmarkAuthMiss(b *testing.B) {
	f := newMissFixture(b)
	ctx := context.Background()
	b.Run("unknown_key", func(b *testing.B) {
		for range b.N {
			f.e.Authenticate(ctx, "no-such-key-0123456789", f.secret)
		}
	})
	b.Run("wrong_secret", func(b *testing.B) {
		for range b.N {
			f.e.Authenticate(ctx, f.key, "wrong-secret")
		}
	})
}

// An API call's authentication is on every request: the right secret reads the key's hash, then
// the store with its markups by one statement (two statements in all, not three).
func TestRightSecretReadsTwoStatements(t *testing.T) {
	f := newMissFixture(t)
	right := readsOf(f.e, func() {
		if _, err := f.e.Authenticate(context.Background(), f.key, f.secret); err != nil {
			t.Fatalf("the right secret: %v", err)
		}
	})
	if len(right) != 2 {
		t.Errorf("the right secret reads %d statements, want 2: %q", len(right), right)
	}
}
