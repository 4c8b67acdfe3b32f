package cli

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/handlers/server"
)

// `store set ID --support-email … --support-url … --brand-color … --logo FILE` keeps the payer
// pages' settings; the logo is re-encoded and found again by its hash; bad values are refused
// with the flag named.
func TestSetStorePage(t *testing.T) {
	cfg := server.Config{DataDir: t.TempDir(), PublicURL: "http://localhost:8080"}
	out, errOut, code := run(t, cfg, "create", "--name", "Shop", "--seed-phrase", abandon)
	if code != 0 {
		t.Fatalf("create exit %d: %s", code, errOut)
	}
	storeID := regexp.MustCompile(`Store ([0-9a-f-]{36})`).FindStringSubmatch(out)[1]

	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	img.Set(3, 3, color.RGBA{200, 10, 10, 255})
	var jpg bytes.Buffer
	jpeg.Encode(&jpg, img, nil)
	logoPath := filepath.Join(t.TempDir(), "logo.jpg")
	os.WriteFile(logoPath, jpg.Bytes(), 0o600)

	if _, errOut, code := run(t, cfg, "set", storeID, "--support-email", "help@shop.example", "--support-url", "https://shop.example/help",
		"--brand-color", "#1A6B3C", "--logo", logoPath); code != 0 {
		t.Fatalf("set exit %d: %s", code, errOut)
	}
	e := openEngine(t, cfg.DataDir)
	st, err := e.StoreByID(context.Background(), storeID)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := st.Page.SupportEmail+" "+st.Page.SupportURL+" "+st.Page.BrandColor, "help@shop.example https://shop.example/help #1a6b3c"; got != want {
		t.Errorf("page settings %q, want %q", got, want)
	}
	logo, err := e.Logo(context.Background(), st.Page.LogoHash)
	if err != nil {
		t.Fatalf("logo %q: %v", st.Page.LogoHash, err)
	}
	if cfg, format, err := image.DecodeConfig(bytes.NewReader(logo.PNG)); err != nil || format != "png" || cfg.Width != 40 {
		t.Errorf("logo stored as %s %dpx: %v", format, cfg.Width, err)
	}
	e.Close()

	svg := filepath.Join(t.TempDir(), "logo.svg")
	os.WriteFile(svg, []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), 0o600)
	big := filepath.Join(t.TempDir(), "big.png")
	os.WriteFile(big, make([]byte, 300<<10), 0o600)
	for _, tt := range []struct{ flag, value, want string }{
		{"--logo", svg, "--logo"},
		{"--logo", big, "256 KB"},
		{"--brand-color", "red", "brand"},
		{"--support-email", "not an address", "support"},
		{"--support-url", "javascript:alert(1)", "support"},
	} {
		if _, errOut, code := run(t, cfg, "set", storeID, tt.flag, tt.value); code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s %s: exit %d, %q (want it refused, naming %q)", tt.flag, tt.value, code, errOut, tt.want)
		}
	}
	// An empty --logo removes the logo.
	if _, errOut, code := run(t, cfg, "set", storeID, "--logo", ""); code != 0 {
		t.Fatalf("remove logo: %s", errOut)
	}
	e = openEngine(t, cfg.DataDir)
	if st, _ := e.StoreByID(context.Background(), storeID); st.Page.LogoHash != "" || st.Page.BrandColor != "#1a6b3c" {
		t.Errorf("after removing the logo: %+v", st.Page)
	}
}
