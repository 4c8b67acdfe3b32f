package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// A merchant's dedicated address from a fresh start: created through /int, its page and qrcode_url
// public, a deposit through the test API shows on the page.
func TestDedicatePageInTheProgram(t *testing.T) {
	m := New(Config{
		ListenAddr: "127.0.0.1:0", DataDir: t.TempDir(), PublicURL: "http://127.0.0.1",
		Store: StoreBootstrap{APIKey: "key", APISecret: "secret-secret-secret"},
	}, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard)
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	base := m.URL()
	call := func(method, path, body string, out any) int {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.SetBasicAuth("key", "secret-secret-secret")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if out != nil {
			json.NewDecoder(resp.Body).Decode(out)
		}
		return resp.StatusCode
	}
	var d struct {
		DedicateID string `json:"dedicate_id"`
		PaymentURL string `json:"payment_url"`
		QRCodeURL  string `json:"qrcode_url"`
		Address    string `json:"address"`
	}
	if status := call(http.MethodPost, "/int/dedicate", `{"asset_id": "BTC", "dedicate_type": "USES"}`, &d); status != 200 || d.DedicateID == "" {
		t.Fatalf("POST /int/dedicate: %d", status)
	}
	local := func(u string) string { return base + strings.TrimPrefix(u, "http://127.0.0.1") }
	get := func(target string) (int, string, string) {
		t.Helper()
		resp, err := http.Get(target)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
	}
	status, ctype, body := get(local(d.PaymentURL))
	if status != 200 || !strings.HasPrefix(ctype, "text/html") || !strings.Contains(body, d.Address) || !strings.Contains(body, `data-state="open"`) {
		t.Fatalf("dedicate page: %d %s\n%s", status, ctype, body)
	}
	if status, ctype, _ := get(local(d.QRCodeURL)); status != 200 || ctype != "image/png" {
		t.Errorf("qrcode_url without credentials: %d %s", status, ctype)
	}
	if status, ctype, body := get(base + "/int/dedicate/0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11/qrcode"); status != 422 || !strings.Contains(body, "ERR_NO_DEDICATE") {
		t.Errorf("unknown qrcode_url: %d %s %s", status, ctype, body)
	}
	if status := call(http.MethodPost, "/int/test/dedicate/"+d.DedicateID+"/tx", `{"amount": "0.0042"}`, nil); status != 200 {
		t.Fatalf("test deposit: %d", status)
	}
	_, _, body = get(local(d.PaymentURL))
	if !strings.Contains(body, "0.0042 BTC") || !strings.Contains(body, "1 payment received") {
		t.Errorf("the deposit is not on the page:\n%s", body)
	}
}
