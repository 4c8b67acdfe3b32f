package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The payer pages as the real program serves them, beside the /int API.
func TestPayerPagesInTheProgram(t *testing.T) {
	m := New(Config{
		ListenAddr: "127.0.0.1:0", DataDir: t.TempDir(), PublicURL: "http://127.0.0.1",
		Store: StoreBootstrap{APIKey: "key", APISecret: "secret-secret-secret"},
	}, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard)
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	closed := false
	defer func() {
		if !closed {
			m.Close()
		}
	}()
	base := m.URL()

	req, _ := http.NewRequest(http.MethodPost, base+"/int/payment", strings.NewReader(`{"amount": "25", "asset_id": "USD", "payment_asset_id": "ETH"}`))
	req.SetBasicAuth("key", "secret-secret-secret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		PaymentID  string `json:"payment_id"`
		PaymentURL string `json:"payment_url"`
		QRCodeURL  string `json:"qrcode_url"`
	}
	json.NewDecoder(resp.Body).Decode(&p)
	resp.Body.Close()
	if p.PaymentID == "" {
		t.Fatalf("creating a payment: status %d", resp.StatusCode)
	}
	local := func(u string) string { return base + strings.TrimPrefix(u, "http://127.0.0.1") }

	get := func(target string) (*http.Response, string) {
		t.Helper()
		resp, err := http.Get(target)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	for _, tt := range []struct {
		name, target string
		status       int
		contentType  string
		bodyHas      string
	}{
		{"payment page", local(p.PaymentURL), 200, "text/html; charset=utf-8", `data-state="waiting"`},
		{"qrcode_url without API credentials", local(p.QRCodeURL), 200, "image/png", "PNG"},
		{"qrcode_url with a wrong code answers as the API", base + "/int/payment/" + p.PaymentID + "/qrcode?code=nope", 422, "application/json", `"ERR_NO_PAYMENT"`},
		{"the rest of /int still needs credentials", base + "/int/payment/" + p.PaymentID, 401, "application/json", `"ERR_UNAUTHORIZED"`},
		{"unknown page", base + "/nope", 404, "text/html; charset=utf-8", "Page not found"},
		{"wrong code", base + "/payment/" + p.PaymentID + "?code=nope", 404, "text/html; charset=utf-8", "Payment not found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := get(tt.target)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, tt.contentType) {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
			if !strings.Contains(body, tt.bodyHas) {
				t.Errorf("body lacks %q", tt.bodyHas)
			}
		})
	}

	// A live stream does not hold up shutdown.
	code := p.PaymentURL[strings.Index(p.PaymentURL, "code=")+5:]
	stream, err := http.Get(base + "/payment/" + p.PaymentID + "/events?code=" + code)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()
	if line, _ := bufio.NewReader(stream.Body).ReadString('\n'); line != "retry: 3000\n" {
		t.Fatalf("stream starts with %q", line)
	}
	start := time.Now()
	closed = true
	if err := m.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("shutdown took %s with a live stream open", took)
	}
}
