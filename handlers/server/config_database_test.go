package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/handlers/server"
)

// DATABASE_URL: a postgres:// URL, from the variable or its _FILE; anything else, or with a remote
// gateway, is refused with a message naming the variable.
func TestLoadConfigDatabaseURL(t *testing.T) {
	load := func(env map[string]string) (server.Config, error) {
		return server.LoadConfig(func(k string) string { return env[k] })
	}
	const url = "postgres://gw:secret@db.internal:5432/gateway?sslmode=require"
	if cfg, err := load(nil); err != nil || cfg.DatabaseURL != "" {
		t.Fatalf("default: %q %v, want SQLite (empty)", cfg.DatabaseURL, err)
	}
	if cfg, err := load(map[string]string{"DATABASE_URL": url}); err != nil || cfg.DatabaseURL != url {
		t.Errorf("DATABASE_URL: %q %v", cfg.DatabaseURL, err)
	}
	file := filepath.Join(t.TempDir(), "db-url")
	if err := os.WriteFile(file, []byte("postgresql://gw@db/gateway\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if cfg, err := load(map[string]string{"DATABASE_URL_FILE": file}); err != nil || cfg.DatabaseURL != "postgresql://gw@db/gateway" {
		t.Errorf("DATABASE_URL_FILE: %q %v", cfg.DatabaseURL, err)
	}
	for _, env := range []map[string]string{
		{"DATABASE_URL": "mysql://gw@db/gateway"},
		{"DATABASE_URL": "./data/gateway.db"},
		{"DATABASE_URL": url, "GATEWAY_URL": "https://gw.example/int", "GATEWAY_API_KEY": "k", "GATEWAY_API_SECRET": "s", "GATEWAY_WEBHOOK_SECRET": "w"},
	} {
		_, err := load(env)
		if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") {
			t.Errorf("%v: %v, want an error naming DATABASE_URL", env, err)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("%v: the error shows the URL's password: %v", env, err)
		}
	}
}
