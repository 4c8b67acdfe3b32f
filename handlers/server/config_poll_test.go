package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/poll"
	"github.com/cryptocheckout/checkout/handlers/server"
)

// POLL_INTERVAL and POLL_MAX_RPS: defaults, values, and a message naming the variable.
func TestLoadConfigPolling(t *testing.T) {
	load := func(env map[string]string) (server.Config, error) {
		return server.LoadConfig(func(k string) string { return env[k] })
	}
	cfg, err := load(nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.PollInterval != 3*time.Second || cfg.PollMaxRPS != poll.DefaultMaxRPS {
		t.Errorf("defaults: interval %v, max rps %d; want 3s, %d", cfg.PollInterval, cfg.PollMaxRPS, poll.DefaultMaxRPS)
	}
	if cfg, err = load(map[string]string{"POLL_INTERVAL": "1500ms", "POLL_MAX_RPS": "500"}); err != nil || cfg.PollInterval != 1500*time.Millisecond || cfg.PollMaxRPS != 500 {
		t.Errorf("set: %v %d %v", cfg.PollInterval, cfg.PollMaxRPS, err)
	}
	for _, bad := range []string{"0", "-5", "many", "1.5"} {
		if _, err := load(map[string]string{"POLL_MAX_RPS": bad}); err == nil || !strings.Contains(err.Error(), "POLL_MAX_RPS") {
			t.Errorf("POLL_MAX_RPS=%s: %v, want an error naming the variable", bad, err)
		}
	}
}
