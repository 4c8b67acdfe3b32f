package server_test

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

	"github.com/cryptocheckout/checkout/handlers/server"
)

func openMain(t *testing.T, env map[string]string) (*server.Main, error) {
	t.Helper()
	base := map[string]string{
		"LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": t.TempDir(),
		"STORE_API_KEY": restartKey, "STORE_API_SECRET": restartSecret, "STORE_WEBHOOK_SECRET": restartWebhook,
	}
	for k, v := range env {
		base[k] = v
	}
	cfg, err := server.LoadConfig(func(k string) string { return base[k] })
	if err != nil {
		t.Fatal(err)
	}
	m := server.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard)
	return m, m.Open(context.Background())
}

// Through the whole program: a receiver that fails twice and then accepts gets exactly three
// attempts, paced by WEBHOOK_RETRY_SCHEDULE, each signed over the bytes it received.
func TestMainRetriesWebhooksOnTheConfiguredSchedule(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	var verified []bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mac := hmac.New(sha256.New, []byte(restartWebhook))
		mac.Write(body)
		mu.Lock()
		n := len(times)
		times = append(times, time.Now())
		verified = append(verified, r.Header.Get("X-Webhook-HMAC-SHA256") == hex.EncodeToString(mac.Sum(nil)))
		mu.Unlock()
		if n < 2 {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	m, err := openMain(t, map[string]string{"STORE_WEBHOOK_URL": srv.URL, "WEBHOOK_RETRY_SCHEDULE": "1s,1s,1s,1s"})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	createPayment(t, m.URL())
	eventually(t, "three attempts", 10*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(times) >= 3
	})
	time.Sleep(2500 * time.Millisecond) // two more retry intervals: nothing more may come
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 3 {
		t.Fatalf("receiver got %d attempts, want exactly 3", len(times))
	}
	for i, ok := range verified {
		if !ok {
			t.Errorf("attempt %d: signature does not verify", i)
		}
	}
	// Retries wait the schedule's second (times are kept in whole seconds, so 0–2 s apart).
	for i := 1; i < 3; i++ {
		if gap := times[i].Sub(times[i-1]); gap < 100*time.Millisecond || gap > 2500*time.Millisecond {
			t.Errorf("gap before attempt %d = %v, want about the configured 1s", i+1, gap)
		}
	}
}

func TestMainRefusesABadRetrySchedule(t *testing.T) {
	for _, bad := range []string{"soon", "10s,-1s", "0s"} {
		m, err := openMain(t, map[string]string{"WEBHOOK_RETRY_SCHEDULE": bad})
		if err == nil {
			m.Close()
			t.Errorf("WEBHOOK_RETRY_SCHEDULE=%q: Open succeeded", bad)
			continue
		}
		if !strings.Contains(err.Error(), "WEBHOOK_RETRY_SCHEDULE") {
			t.Errorf("WEBHOOK_RETRY_SCHEDULE=%q: error %q does not name the variable", bad, err)
		}
	}
}
