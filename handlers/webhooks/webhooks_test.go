package webhooks

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/redisclient"
)

const (
	secret     = "whsec-test-0123456789"
	paymentID  = "48bfcfc1-5658-48f9-81ca-d56ac92afd9d"
	dedicateID = "f2a681c0-34e6-4668-8cb4-f76bac6b81c3"
)

// recorder is the cache, the hub and the metrics at once, recording what it is told.
type recorder struct {
	mu          sync.Mutex
	payments    []string
	dedicates   []string
	topics      []string
	delivered   []string
	failed      []string
	invalidated chan struct{} // when set, invalidation waits for it to close (a slow cache)
}

func (r *recorder) InvalidatePayment(_ context.Context, id string) error {
	if r.invalidated != nil {
		<-r.invalidated
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.payments = append(r.payments, id)
	return nil
}

func (r *recorder) InvalidateDedicate(_ context.Context, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dedicates = append(r.dedicates, id)
	return nil
}

func (r *recorder) Publish(topic string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.topics = append(r.topics, topic)
}

func (r *recorder) WebhookDelivered(kind string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.delivered = append(r.delivered, kind)
}

func (r *recorder) WebhookFailed(reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failed = append(r.failed, reason)
}

func (r *recorder) snapshot() (payments, dedicates, topics, delivered, failed string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	j := func(s []string) string { return strings.Join(s, ",") }
	return j(r.payments), j(r.dedicates), j(r.topics), j(r.delivered), j(r.failed)
}

func sign(body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return hex.EncodeToString(mac.Sum(nil))
}

func newReceiver(t *testing.T, dedupe Deduper, rec *recorder) (*fiber.App, *Handler) {
	t.Helper()
	h, err := New(Config{Secret: secret, Cache: rec, Dedupe: dedupe, Hub: rec, Observer: rec, MaxBody: 1024,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	h.Register(app)
	return app, h
}

func post(t *testing.T, app *fiber.App, body, signature string) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, Path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set(SignatureHeader, signature)
	}
	resp, err := app.Test(req, 2000)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

const paymentWebhook = `{"type":"notification","event":"payment.complete","payment":{"payment_id":"` + paymentID +
	`","dedicate_id":"` + dedicateID + `","status":"COMPLETE","ip_amount":"0.1"}}`

func TestReceive(t *testing.T) {
	other := `{"type":"notification","event":"payment.open","payment":{"payment_id":"` + paymentID + `","status":"OPEN"}}`
	tests := []struct {
		name                                       string
		body, signature                            string
		status                                     int
		payments, dedicates, topics, deliv, failed string
	}{
		{name: "good signature", body: paymentWebhook, signature: sign(paymentWebhook), status: 200,
			payments: paymentID, dedicates: dedicateID,
			topics: live.PaymentTopic(paymentID) + "," + live.DedicateTopic(dedicateID), deliv: KindAccepted},
		{name: "missing signature", body: paymentWebhook, status: 401, failed: ReasonSignature},
		{name: "signature of another body", body: paymentWebhook, signature: sign(other), status: 401, failed: ReasonSignature},
		{name: "signature with another secret", body: paymentWebhook, signature: strings.Repeat("ab", 32), status: 401, failed: ReasonSignature},
		{name: "signature not hex", body: paymentWebhook, signature: "not-hex", status: 401, failed: ReasonSignature},
		{name: "truncated signature", body: paymentWebhook, signature: sign(paymentWebhook)[:40], status: 401, failed: ReasonSignature},
		{name: "oversized", body: `{"pad":"` + strings.Repeat("x", 2000) + `"}`, signature: sign(`{"pad":"` + strings.Repeat("x", 2000) + `"}`),
			status: 413, failed: ReasonTooLarge},
		{name: "bare dedicate object", body: `{"dedicate_id":"` + dedicateID + `","status":"OPEN"}`,
			signature: sign(`{"dedicate_id":"` + dedicateID + `","status":"OPEN"}`), status: 200,
			dedicates: dedicateID, topics: live.DedicateTopic(dedicateID), deliv: KindAccepted},
		{name: "signed but names nothing", body: `{"type":"ping"}`, signature: sign(`{"type":"ping"}`), status: 200, deliv: KindIgnored},
		{name: "id that is no uuid", body: `{"payment":{"payment_id":"../x"}}`, signature: sign(`{"payment":{"payment_id":"../x"}}`), status: 200, deliv: KindIgnored},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			app, h := newReceiver(t, cache.NewMemory(0), rec)
			if got, want := post(t, app, tc.body, tc.signature), tc.status; got != want {
				t.Fatalf("status = %d, want %d", got, want)
			}
			h.Wait()
			payments, dedicates, topics, deliv, failed := rec.snapshot()
			for _, c := range []struct{ name, got, want string }{
				{"invalidated payments", payments, tc.payments},
				{"invalidated dedicates", dedicates, tc.dedicates},
				{"published topics", topics, tc.topics},
				{"delivered", deliv, tc.deliv},
				{"failed", failed, tc.failed},
			} {
				if c.got != c.want {
					t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
				}
			}
		})
	}
}

func TestDuplicatesRefreshOnce(t *testing.T) {
	for name, store := range map[string]func(t *testing.T) Deduper{
		"memory": func(*testing.T) Deduper { return cache.NewMemory(0) },
		"redis": func(t *testing.T) Deduper {
			rdb, err := redisclient.Open(redistest.URL(t), 0)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { rdb.Close() })
			return cache.NewRedis(cache.RedisConfig{Client: rdb, Prefix: redistest.Prefix(t)})
		},
	} {
		t.Run(name, func(t *testing.T) {
			dedupe := store(t)
			rec := &recorder{}
			// Two replicas share the store: the gateway's retry may land on either.
			appA, hA := newReceiver(t, dedupe, rec)
			appB, hB := newReceiver(t, dedupe, rec)
			for i, app := range []*fiber.App{appA, appB, appA} {
				if got := post(t, app, paymentWebhook, sign(paymentWebhook)); got != 200 {
					t.Fatalf("delivery %d: status %d, want 200", i, got)
				}
			}
			hA.Wait()
			hB.Wait()
			_, _, topics, deliv, _ := rec.snapshot()
			if got, want := topics, live.PaymentTopic(paymentID)+","+live.DedicateTopic(dedicateID); got != want {
				t.Errorf("published %q, want one refresh %q", got, want)
			}
			if got, want := deliv, "accepted,duplicate,duplicate"; got != want {
				t.Errorf("delivered = %q, want %q", got, want)
			}
			// Another body about the same payment is a new event.
			next := strings.Replace(paymentWebhook, `"0.1"`, `"0.2"`, 1)
			post(t, appB, next, sign(next))
			hB.Wait()
			if _, _, topics, _, _ := rec.snapshot(); strings.Count(topics, live.PaymentTopic(paymentID)) != 2 {
				t.Errorf("a new event was taken for a duplicate: topics %q", topics)
			}
		})
	}
}

// downStore is a de-duplication store that fails, as Redis does when it is down.
type downStore struct{}

func (downStore) SetNX(context.Context, string, []byte, time.Duration) (bool, error) {
	return false, cache.ErrUnavailable
}

func TestDedupeDownStillRefreshes(t *testing.T) {
	rec := &recorder{}
	app, h := newReceiver(t, downStore{}, rec)
	if got := post(t, app, paymentWebhook, sign(paymentWebhook)); got != 200 {
		t.Fatalf("status %d, want 200", got)
	}
	h.Wait()
	if payments, _, _, _, _ := rec.snapshot(); payments != paymentID {
		t.Errorf("invalidated %q, want %q", payments, paymentID)
	}
}

func TestAcknowledgesBeforeRefreshing(t *testing.T) {
	rec := &recorder{invalidated: make(chan struct{})}
	app, h := newReceiver(t, cache.NewMemory(0), rec)
	start := time.Now()
	if got := post(t, app, paymentWebhook, sign(paymentWebhook)); got != 200 {
		t.Fatalf("status %d, want 200", got)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("answered after %v with the cache stuck", took)
	}
	if _, _, topics, _, _ := rec.snapshot(); topics != "" {
		t.Errorf("published %q before the cache was invalidated", topics)
	}
	close(rec.invalidated)
	h.Wait()
	if _, _, topics, _, _ := rec.snapshot(); !strings.HasPrefix(topics, live.PaymentTopic(paymentID)) {
		t.Errorf("after the slow invalidation: topics %q", topics)
	}
}

func TestNewNeedsASecret(t *testing.T) {
	rec := &recorder{}
	if _, err := New(Config{Cache: rec, Dedupe: cache.NewMemory(0), Hub: rec}); err == nil {
		t.Error("New without a secret succeeded")
	}
}
