package webhooks

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway/cache"
)

const (
	storeA = "b6282b7f-f790-4acc-ab76-26aca5cf1f99"
	storeB = "daee91ff-d4b7-4bb1-8c4a-855f57f9af6b"
	storeC = "0c8f9d52-5a2e-4d33-9d4e-6a1f8f6d2b10" // configured without a webhook secret
)

func signWith(secret, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return hex.EncodeToString(mac.Sum(nil))
}

// learner records what the receiver learns.
type learner struct {
	mu      sync.Mutex
	learned []string
}

func (l *learner) Learn(_ context.Context, kind, id, storeID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.learned = append(l.learned, kind+":"+id+"@"+storeID)
}

// With a stores file each webhook is verified with the secret of the store its body names: another
// store's secret, a store without a secret here, or a body naming no store are refused. A verified
// webhook teaches the directory which store its payment and dedicated address belong to.
func TestReceivePerStoreSecret(t *testing.T) {
	body := func(store string) string {
		return `{"type":"notification","event":"payment.open","payment":{"payment_id":"` + paymentID +
			`","dedicate_id":"` + dedicateID + `","store_id":"` + store + `","status":"OPEN"}}`
	}
	noStore := `{"type":"notification","event":"payment.open","payment":{"payment_id":"` + paymentID + `"}}`
	tests := []struct {
		name, body, signature string
		status                int
		learned               string
	}{
		{"store A with A's secret", body(storeA), signWith("hook-a", body(storeA)), 200,
			"payment:" + paymentID + "@" + storeA + ",dedicate:" + dedicateID + "@" + storeA},
		{"store B with B's secret", body(storeB), signWith("hook-b", body(storeB)), 200,
			"payment:" + paymentID + "@" + storeB + ",dedicate:" + dedicateID + "@" + storeB},
		{"store id in capitals", strings.Replace(body(storeB), storeB, strings.ToUpper(storeB), 1),
			signWith("hook-b", strings.Replace(body(storeB), storeB, strings.ToUpper(storeB), 1)), 200,
			"payment:" + paymentID + "@" + storeB + ",dedicate:" + dedicateID + "@" + storeB},
		{"store B signed with A's secret", body(storeB), signWith("hook-a", body(storeB)), 401, ""},
		{"store A signed with B's secret", body(storeA), signWith("hook-b", body(storeA)), 401, ""},
		{"store without a secret here", body(storeC), signWith("", body(storeC)), 401, ""},
		{"unknown store", body("11111111-2222-4333-8444-555555555555"), signWith("hook-a", body("11111111-2222-4333-8444-555555555555")), 401, ""},
		{"no store named", noStore, signWith("hook-a", noStore), 401, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec, learn := &recorder{}, &learner{}
			h, err := New(Config{
				StoreSecrets: map[string]string{storeA: "hook-a", storeB: "hook-b", storeC: ""},
				Learner:      learn, Cache: rec, Dedupe: cache.NewMemory(0), Hub: rec, Observer: rec,
			})
			if err != nil {
				t.Fatal(err)
			}
			app := fiber.New(fiber.Config{DisableStartupMessage: true})
			h.Register(app)
			if got, want := post(t, app, tc.body, tc.signature), tc.status; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			h.Wait()
			learn.mu.Lock()
			got := strings.Join(learn.learned, ",")
			learn.mu.Unlock()
			if got != tc.learned {
				t.Errorf("learned %q, want %q", got, tc.learned)
			}
			payments, _, _, _, _ := rec.snapshot()
			if wantInvalidated := tc.status == 200; (payments != "") != wantInvalidated {
				t.Errorf("invalidated payments %q after status %d", payments, tc.status)
			}
		})
	}
}
