package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/handlers/server"
)

func TestOnrampConfig(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "moonpay_secret")
	if err := os.WriteFile(secret, []byte("sk_live_from_file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"ONRAMP_MOONPAY_API_KEY": "pk_live", "ONRAMP_MOONPAY_SECRET_KEY_FILE": secret,
		"ONRAMP_BANXA_PARTNER": "acme", "ONRAMP_SANDBOX": "true",
	}
	cfg, err := server.LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if got, want := cfg.Onramp.MoonPaySecretKey, "sk_live_from_file"; got != want {
		t.Errorf("secret from file = %q, want %q", got, want)
	}
	if !cfg.Onramp.Sandbox || cfg.Onramp.BanxaPartner != "acme" {
		t.Errorf("onramp config = %+v", cfg.Onramp)
	}

	for name, bad := range map[string]map[string]string{
		"kado":           {"ONRAMP_KADO_API_KEY": "k"},
		"moonpay alone":  {"ONRAMP_MOONPAY_API_KEY": "pk"},
		"sandbox word":   {"ONRAMP_SANDBOX": "maybe"},
		"banxa not host": {"ONRAMP_BANXA_PARTNER": "evil.example/"},
	} {
		_, err := server.LoadConfig(func(k string) string { return bad[k] })
		if err == nil || !strings.Contains(err.Error(), "ONRAMP_") {
			t.Errorf("%s: err = %v, want a refusal naming the variable", name, err)
		}
	}
}
