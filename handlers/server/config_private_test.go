package server_test

import (
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway/webhook"
	"github.com/cryptocheckout/checkout/handlers/server"
)

// WEBHOOK_ALLOW_PRIVATE is test (the default), true or false; anything else stops the start with a
// message naming the variable.
func TestConfigWebhookAllowPrivate(t *testing.T) {
	tests := []struct {
		value string
		want  webhook.PrivateTargets
	}{
		{"", webhook.PrivateForTest}, {"test", webhook.PrivateForTest},
		{"true", webhook.PrivateForAll}, {"false", webhook.PrivateForNone}, {"FALSE", webhook.PrivateForNone},
	}
	for _, tt := range tests {
		cfg, err := server.LoadConfig(func(k string) string {
			if k == "WEBHOOK_ALLOW_PRIVATE" {
				return tt.value
			}
			return ""
		})
		if err != nil {
			t.Fatalf("WEBHOOK_ALLOW_PRIVATE=%q: %v", tt.value, err)
		}
		if cfg.WebhookAllowPrivate != tt.want {
			t.Errorf("WEBHOOK_ALLOW_PRIVATE=%q gives %v, want %v", tt.value, cfg.WebhookAllowPrivate, tt.want)
		}
	}
	_, err := server.LoadConfig(func(k string) string {
		if k == "WEBHOOK_ALLOW_PRIVATE" {
			return "live"
		}
		return ""
	})
	if err == nil || !strings.Contains(err.Error(), "WEBHOOK_ALLOW_PRIVATE must be test, true or false") {
		t.Errorf("WEBHOOK_ALLOW_PRIVATE=live: err = %v, want one naming the three values", err)
	}
}
