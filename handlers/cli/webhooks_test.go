package cli_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/handlers/cli"
	"github.com/cryptocheckout/checkout/handlers/server"
)

func run(t *testing.T, cfg server.Config, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), cfg, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestWebhooksRedeliverAndTOTPCommands(t *testing.T) {
	cfg := server.Config{DataDir: t.TempDir(), PublicURL: "http://localhost:8080"}
	code, out, errOut := run(t, cfg, "create", "--name", "Shop", "--webhook-url", "https://merchant.example/hook")
	if code != 0 {
		t.Fatalf("create: %d %s", code, errOut)
	}
	id := regexp.MustCompile(`Store (\S+) \(Shop\) created`).FindStringSubmatch(out)
	if id == nil {
		t.Fatalf("create printed %q", out)
	}
	storeID := id[1]

	code, out, errOut = run(t, cfg, "webhooks", storeID)
	if code != 0 || !strings.HasPrefix(out, "ID") || strings.Count(out, "\n") != 1 {
		t.Errorf("webhooks of a new store: %d %q %q, want the header only", code, out, errOut)
	}
	code, out, _ = run(t, cfg, "totp", storeID)
	if code != 0 || !regexp.MustCompile(`secret:\s+[A-Z2-7]{32}\n`).MatchString(out) || !strings.Contains(out, "otpauth://totp/checkout:Shop?") ||
		!strings.Contains(out, "not required") {
		t.Errorf("totp: %d %q", code, out)
	}

	bad := []struct {
		args []string
		want string
	}{
		{[]string{"webhooks"}, "STORE_ID"},
		{[]string{"webhooks", "no-such-store"}, "not found"},
		{[]string{"webhooks", storeID, "--limit", "0"}, "--limit"},
		{[]string{"redeliver"}, "WEBHOOK_ID"},
		{[]string{"redeliver", "abc"}, "must be a number"},
		{[]string{"redeliver", "42"}, "not found"},
		{[]string{"totp", "no-such-store"}, "not found"},
	}
	for _, b := range bad {
		code, _, errOut := run(t, cfg, b.args...)
		if code == 0 || !strings.Contains(errOut, b.want) {
			t.Errorf("%v: exit %d, stderr %q; want failure mentioning %q", b.args, code, errOut, b.want)
		}
	}
}
