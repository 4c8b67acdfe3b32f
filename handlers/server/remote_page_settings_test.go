package server_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// In remote mode a store's page settings come from the stores file: the payment page names its
// support e-mail and page where it sends the payer to the store, takes its brand colour, and shows
// its logo, re-encoded and served by the replica itself (no third-party request).
func TestRemotePageSettingsFromStoresFile(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 60, 20))
	for x := 0; x < 60; x++ {
		img.Set(x, 10, color.NRGBA{10, 110, 80, 255})
	}
	var logo bytes.Buffer
	png.Encode(&logo, img)
	logoFile := filepath.Join(t.TempDir(), "logo.png")
	if err := os.WriteFile(logoFile, logo.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startTwoStores(t, "support_url = \"https://shop-b.example/help\"\nbrand_color = \"#0A7\"\nlogo_file = \""+logoFile+"\"\n")
	r := s.replica(t, nil)

	var p createdPayment
	callAs(t, s.gw, keyB, secretB, http.MethodPost, "/payment", `{"amount": "30", "asset_id": "USD", "payment_asset_id": "BTC"}`, &p)
	callAs(t, s.gw, keyB, secretB, http.MethodPost, "/test/payment/"+p.PaymentID+"/tx", `{"amount": "0.0001"}`, nil)
	callAs(t, s.gw, keyB, secretB, http.MethodPost, "/test/payment/"+p.PaymentID+"/expire", ``, nil)
	callAs(t, s.gw, keyB, secretB, http.MethodPost, "/test/blocks", `{"crypto_network": "BITCOIN", "count": 6}`, nil)

	status, _, body := get(t, onReplica(t, r, p.PaymentURL))
	if status != http.StatusOK || !strings.Contains(body, `data-state="expired_partial"`) {
		t.Fatalf("page on the replica: %d\n%s", status, body)
	}
	for _, want := range []string{
		`href="mailto:help@shop-b.example"`,
		`href="https://shop-b.example/help"`,
		`<link rel="stylesheet" href="/brand/00aa77.css">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	src := regexp.MustCompile(`data-testid="store-logo"|src="(/logo/[0-9a-f]{16}\.png)"`).FindAllStringSubmatch(body, -1)
	logoURL := ""
	for _, m := range src {
		if m[1] != "" {
			logoURL = m[1]
		}
	}
	if logoURL == "" {
		t.Fatal("no logo on the page")
	}
	status, h, served := get(t, r.URL()+logoURL)
	if status != http.StatusOK || h.Get("Content-Type") != "image/png" {
		t.Fatalf("logo on the replica: %d %s", status, h.Get("Content-Type"))
	}
	if cfg, format, err := image.DecodeConfig(strings.NewReader(served)); err != nil || format != "png" || cfg.Width != 60 {
		t.Errorf("served logo: %s %dpx, %v", format, cfg.Width, err)
	}
}
