package cli

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/handlers/server"
)

const abandon = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"

func run(t *testing.T, cfg server.Config, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), cfg, args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func openEngine(t *testing.T, dir string) *engine.Engine {
	t.Helper()
	e, err := engine.Open(context.Background(), engine.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

func TestCreateListSetRotate(t *testing.T) {
	cfg := server.Config{DataDir: t.TempDir(), PublicURL: "http://localhost:8080"}
	out, errOut, code := run(t, cfg, "create", "--name", "Shop", "--api-key", "shopkey",
		"--api-secret", "shop-secret-0123456789", "--seed-phrase", abandon, "--markup", "BTC:2:0.0001", "--currency", "EUR")
	if code != 0 {
		t.Fatalf("create exit %d: %s", code, errOut)
	}
	id := regexp.MustCompile(`Store ([0-9a-f-]{36})`).FindStringSubmatch(out)
	if id == nil || strings.Contains(out, "seed phrase:") {
		t.Fatalf("create output = %q (want the id, and no seed phrase since one was given)", out)
	}
	storeID := id[1]

	out, _, code = run(t, cfg, "list")
	if code != 0 || !strings.Contains(out, storeID) || !strings.Contains(out, "BTC:2:0.0001") || !strings.Contains(out, "EUR") {
		t.Fatalf("list = %q", out)
	}

	if _, errOut, code = run(t, cfg, "set", storeID, "--underpayment-percent", "1.5", "--frame-ancestors", "https://shop.example", "--name", "Shop two"); code != 0 {
		t.Fatalf("set exit %d: %s", code, errOut)
	}
	if _, errOut, code = run(t, cfg, "set", storeID, "--markup", "DOGE:1:"); code == 0 || !strings.Contains(errOut, "DOGE") {
		t.Fatalf("set with unknown asset: exit %d, %q", code, errOut)
	}
	out, _, code = run(t, cfg, "rotate-secret", storeID)
	secret := regexp.MustCompile(`shown once\): (\S+)`).FindStringSubmatch(out)
	if code != 0 || secret == nil {
		t.Fatalf("rotate-secret = %d %q", code, out)
	}

	e := openEngine(t, cfg.DataDir)
	ctx := context.Background()
	if _, err := e.Authenticate(ctx, "shopkey", "shop-secret-0123456789"); gateway.ErrorCode(err) != gateway.ErrCodeUnauthorized {
		t.Errorf("old secret still works: %v", err)
	}
	st, err := e.Authenticate(ctx, "shopkey", secret[1])
	if err != nil {
		t.Fatalf("new secret refused: %v", err)
	}
	if st.Name != "Shop two" || st.UnderpayPercent == nil || st.UnderpayPercent.String() != "1.5" ||
		len(st.FrameAncestors) != 1 || st.FrameAncestors[0] != "https://shop.example" || st.Currency != "EUR" {
		t.Errorf("store after set = %+v", st)
	}
}

func TestBadCommandsExplainThemselves(t *testing.T) {
	cfg := server.Config{DataDir: t.TempDir()}
	if _, errOut, code := run(t, cfg, "frobnicate"); code != 2 || !strings.Contains(errOut, "unknown store command") {
		t.Errorf("unknown command: %d %q", code, errOut)
	}
	if _, errOut, code := run(t, cfg, "create"); code != 1 || !strings.Contains(errOut, "name") {
		t.Errorf("create without name: %d %q", code, errOut)
	}
	if _, errOut, code := run(t, cfg, "rotate-secret", "00000000-0000-4000-8000-000000000000"); code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("rotate unknown store: %d %q", code, errOut)
	}
	if out, _, code := run(t, cfg, "help"); code != 0 || !strings.Contains(out, "usage: checkout store") {
		t.Errorf("help: %d %q", code, out)
	}
}
