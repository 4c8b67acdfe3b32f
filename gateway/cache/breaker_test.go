package cache

import (
	"testing"
	"time"
)

func TestBreaker(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	var changes []bool
	b := &breaker{threshold: 3, cooldown: 5 * time.Second, now: clock.now,
		onChange: func(up bool, _ string) { changes = append(changes, up) }}

	steps := []struct {
		name      string
		act       func()
		wantAllow bool
	}{
		{"closed", func() {}, true},
		{"two failures keep it closed", func() { b.failure("x"); b.failure("x") }, true},
		{"a success resets the count", func() { b.success(); b.failure("x"); b.failure("x") }, true},
		{"third consecutive failure opens", func() { b.failure("x") }, false},
		{"still open before the cooldown", func() { clock.advance(4 * time.Second) }, false},
		{"after the cooldown one probe passes", func() { clock.advance(time.Second) }, true},
		{"only one probe at a time", func() {}, false},
		{"a failed probe opens again", func() { b.failure("x") }, false},
		{"next probe", func() { clock.advance(5 * time.Second) }, true},
		{"an abandoned probe frees the next one", func() { b.abandon() }, true},
		{"a good probe closes", func() { b.success() }, true},
		{"and it stays closed", func() {}, true},
	}
	for _, s := range steps {
		s.act()
		if got := b.allow(); got != s.wantAllow {
			t.Fatalf("%s: allow = %v, want %v", s.name, got, s.wantAllow)
		}
	}
	// One "down" when it opened, one "up" when it closed: not one log line per failure.
	if got, want := len(changes), 2; got != want {
		t.Fatalf("state changes = %v, want 2", changes)
	}
	if changes[0] != false || changes[1] != true {
		t.Errorf("state changes = %v, want [false true]", changes)
	}
}
