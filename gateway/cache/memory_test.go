package cache

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestMemoryExpiry(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	m := NewMemory(10)
	m.now = clock.now
	m.Set(ctx, "a", []byte("1"), 5*time.Second)

	clock.advance(4 * time.Second)
	if got, err := m.Get(ctx, "a"); err != nil || string(got) != "1" {
		t.Fatalf("before expiry: %q, %v", got, err)
	}
	clock.advance(time.Second)
	if _, err := m.Get(ctx, "a"); !errors.Is(err, ErrMiss) {
		t.Fatalf("at expiry: err = %v, want ErrMiss", err)
	}
	if got, want := m.Len(), 0; got != want {
		t.Errorf("Len = %d, want %d (expired entry dropped)", got, want)
	}
}

func TestMemoryIsBoundedLRU(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(3)
	for i := range 3 {
		m.Set(ctx, fmt.Sprint(i), []byte("v"), time.Minute)
	}
	m.Get(ctx, "0") // 0 is now the most recently used; 1 the least
	m.Set(ctx, "3", []byte("v"), time.Minute)
	if got, want := m.Len(), 3; got != want {
		t.Fatalf("Len = %d, want %d", got, want)
	}
	for key, want := range map[string]bool{"0": true, "1": false, "2": true, "3": true} {
		_, err := m.Get(ctx, key)
		if got := err == nil; got != want {
			t.Errorf("key %s present = %v, want %v", key, got, want)
		}
	}
}

func TestMemorySetNXAndDel(t *testing.T) {
	ctx := context.Background()
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	m := NewMemory(10)
	m.now = clock.now
	steps := []struct {
		name string
		do   func() (bool, error)
		want bool
	}{
		{"first", func() (bool, error) { return m.SetNX(ctx, "k", []byte("a"), time.Second) }, true},
		{"second", func() (bool, error) { return m.SetNX(ctx, "k", []byte("b"), time.Second) }, false},
		{"after expiry", func() (bool, error) { clock.advance(time.Second); return m.SetNX(ctx, "k", []byte("c"), time.Second) }, true},
		{"after del", func() (bool, error) { m.Del(ctx, "k"); return m.SetNX(ctx, "k", []byte("d"), time.Second) }, true},
	}
	for _, s := range steps {
		got, err := s.do()
		if err != nil || got != s.want {
			t.Errorf("%s: SetNX = %v, %v; want %v", s.name, got, err, s.want)
		}
	}
	if got, _ := m.Get(ctx, "k"); string(got) != "d" {
		t.Errorf("value = %q, want d", got)
	}
}

func TestMemoryCopiesValues(t *testing.T) {
	ctx := context.Background()
	m := NewMemory(10)
	buf := []byte("abc")
	m.Set(ctx, "k", buf, time.Minute)
	buf[0] = 'X'
	if got, _ := m.Get(ctx, "k"); string(got) != "abc" {
		t.Errorf("value = %q, want abc (the caller's buffer must not alias the cache)", got)
	}
}
