package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/handlers/server"
)

func TestMailConfiguration(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "smtp")
	os.WriteFile(secret, []byte("smtps://user:p%40ss@mail.example:465\n"), 0o600)
	for _, c := range []struct {
		env     map[string]string
		wantErr string
		check   func(server.Config) bool
	}{
		{env: map[string]string{}, check: func(c server.Config) bool { return c.SMTP == nil && !c.GatewayPayerEmails }},
		{env: map[string]string{"SMTP_URL": "smtp://mail.example"}, wantErr: "MAIL_FROM"},
		{env: map[string]string{"SMTP_URL": "ftp://mail.example", "MAIL_FROM": "a@b.example"}, wantErr: "smtp://"},
		{env: map[string]string{"MAIL_FROM": "not an address"}, wantErr: "MAIL_FROM"},
		{env: map[string]string{"SMTP_URL_FILE": secret, "MAIL_FROM": "Shop <noreply@shop.example>"}, check: func(c server.Config) bool {
			return c.SMTP != nil && c.SMTP.ImplicitTLS && c.SMTP.Password == "p@ss" && c.SMTP.Port == 465
		}},
		{env: map[string]string{"GATEWAY_PAYER_EMAILS": "true"}, check: func(c server.Config) bool { return c.GatewayPayerEmails }},
		{env: map[string]string{"GATEWAY_PAYER_EMAILS": "sometimes"}, wantErr: "GATEWAY_PAYER_EMAILS"},
		{env: map[string]string{"GATEWAY_URL": "https://gw.example/int", "GATEWAY_API_KEY": "k", "GATEWAY_API_SECRET": "s",
			"GATEWAY_PAYER_EMAILS": "true"}, check: func(c server.Config) bool {
			return len(c.Stores) == 1 && c.Stores[0].Page.PayerEmails
		}},
		{env: map[string]string{"GATEWAY_URL": "https://gw.example/int", "GATEWAY_STORES_FILE": secret, "GATEWAY_PAYER_EMAILS": "true"},
			wantErr: "payer_emails = true"},
	} {
		cfg, err := server.LoadConfig(func(k string) string { return c.env[k] })
		switch {
		case c.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("%v: error %v, want one naming %s", c.env, err, c.wantErr)
			}
		case err != nil || !c.check(cfg):
			t.Errorf("%v: %+v, %v", c.env, cfg, err)
		}
	}
	if _, err := server.NewStoreFromEnv(server.StoreBootstrap{PayerEmails: "yes please"}); err == nil || !strings.Contains(err.Error(), "STORE_PAYER_EMAILS") {
		t.Errorf("STORE_PAYER_EMAILS=yes please: %v", err)
	}
	if n, err := server.NewStoreFromEnv(server.StoreBootstrap{PayerEmails: "true"}); err != nil || n.Page.PayerEmails == nil || !*n.Page.PayerEmails {
		t.Errorf("STORE_PAYER_EMAILS=true: %v, %v", n.Page.PayerEmails, err)
	}
}
