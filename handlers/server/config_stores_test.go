package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/handlers/server"
)

// Remote mode's stores: a stores file, or the GATEWAY_API_* shorthand for one store, never both;
// a bad file stops the start with the file and line.
func TestLoadConfigStores(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "stores.toml")
	os.WriteFile(good, []byte("[[store]]\nid = \"b6282b7f-f790-4acc-ab76-26aca5cf1f99\"\napi_key = \"k\"\napi_secret = \"s\"\nwebhook_secret = \"w\"\n"), 0o600)
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[[store]]\nid = \"b6282b7f-f790-4acc-ab76-26aca5cf1f99\"\napi_key = \"k\"\napi_secret = \"s\"\nframe_ancestors = [\"ftp://x\"]\n"), 0o600)
	secretFile := filepath.Join(dir, "secret")
	os.WriteFile(secretFile, []byte("from-file\n"), 0o600)
	const url = "https://gateway.example/int"
	for _, c := range []struct {
		name   string
		env    map[string]string
		stores string // id:key:secret:webhook, comma-separated
		err    string
	}{
		{"embedded", map[string]string{}, "", ""},
		{"shorthand", map[string]string{"GATEWAY_URL": url, "GATEWAY_API_KEY": "k", "GATEWAY_API_SECRET": "s", "GATEWAY_WEBHOOK_SECRET": "w"}, ":k:s:w", ""},
		{"shorthand secret from a file", map[string]string{"GATEWAY_URL": url, "GATEWAY_API_KEY": "k", "GATEWAY_API_SECRET_FILE": secretFile}, ":k:from-file:", ""},
		{"stores file", map[string]string{"GATEWAY_URL": url, "GATEWAY_STORES_FILE": good}, "b6282b7f-f790-4acc-ab76-26aca5cf1f99:k:s:w", ""},
		{"shorthand without secret", map[string]string{"GATEWAY_URL": url, "GATEWAY_API_KEY": "k"}, "", "GATEWAY_URL needs GATEWAY_API_KEY and GATEWAY_API_SECRET, or GATEWAY_STORES_FILE"},
		{"both ways", map[string]string{"GATEWAY_URL": url, "GATEWAY_STORES_FILE": good, "GATEWAY_WEBHOOK_SECRET": "w"}, "", "not both"},
		{"file without GATEWAY_URL", map[string]string{"GATEWAY_STORES_FILE": good}, "", "GATEWAY_STORES_FILE needs GATEWAY_URL"},
		{"bad file", map[string]string{"GATEWAY_URL": url, "GATEWAY_STORES_FILE": bad}, "", bad + ":5: store b6282b7f-f790-4acc-ab76-26aca5cf1f99: frame_ancestors"},
		{"missing file", map[string]string{"GATEWAY_URL": url, "GATEWAY_STORES_FILE": filepath.Join(dir, "none.toml")}, "", "GATEWAY_STORES_FILE: open"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := server.LoadConfig(func(k string) string { return c.env[k] })
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want one saying %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range cfg.Stores {
				got = append(got, s.ID+":"+s.APIKey+":"+s.APISecret+":"+s.WebhookSecret)
			}
			if strings.Join(got, ",") != c.stores {
				t.Errorf("stores = %q, want %q", strings.Join(got, ","), c.stores)
			}
		})
	}
}
