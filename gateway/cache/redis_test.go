package cache_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/redisclient"
)

// syncBuffer is a log sink safe for the store's concurrent logging.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Command timeouts in tests. The production 100 ms is a bound on a healthy Redis, and two loaded
// cores under -race can take a healthy Redis past it: tests of a working Redis allow 2 s; tests of a
// failing one use failTimeout, and check that the timeout (not the caller) ended each call.
const (
	testCommandTimeout = 2 * time.Second
	failTimeout        = 500 * time.Millisecond
)

func newRedisStore(t testing.TB, url string, cfg cache.RedisConfig) (*cache.Redis, *syncBuffer) {
	t.Helper()
	rdb, err := redisclient.Open(url, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	logs := &syncBuffer{}
	cfg.Client = rdb
	if cfg.Timeout == 0 {
		cfg.Timeout = testCommandTimeout
	}
	if cfg.Prefix == "" {
		cfg.Prefix = redistest.PrefixOn(t, rdb)
	}
	cfg.Log = slog.New(slog.NewTextHandler(logs, nil))
	return cache.NewRedis(cfg), logs
}

func TestRedisStore(t *testing.T) { redistest.Topologies(t, testRedisStore) }

func testRedisStore(t *testing.T, url string) {
	ctx := context.Background()
	rdb := redistest.ClientFor(t, url)
	prefix := redistest.PrefixOn(t, rdb)
	s, _ := newRedisStore(t, url, cache.RedisConfig{Prefix: prefix})

	if _, err := s.Get(ctx, "absent"); !errors.Is(err, cache.ErrMiss) {
		t.Fatalf("Get absent: err = %v, want ErrMiss", err)
	}
	if err := s.Set(ctx, "k", []byte(`{"a":1}`), time.Minute); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, "k"); err != nil || string(got) != `{"a":1}` {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if ok, err := s.SetNX(ctx, "k", []byte("x"), time.Minute); err != nil || ok {
		t.Errorf("SetNX on a set key = %v, %v; want false", ok, err)
	}
	if err := s.Del(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.SetNX(ctx, "k", []byte("x"), 150*time.Millisecond); err != nil || !ok {
		t.Errorf("SetNX after Del = %v, %v; want true", ok, err)
	}
	// Redis keeps the ttl: read it rather than wait for it to pass.
	if ttl, err := rdb.PTTL(ctx, prefix+"k").Result(); err != nil || ttl <= 0 || ttl > 150*time.Millisecond {
		t.Errorf("ttl of the SetNX key = %v, %v; want (0, 150ms]", ttl, err)
	}
	if got, want := s.Health().Status, cache.StatusOK; got != want {
		t.Errorf("Health = %s, want %s", got, want)
	}
}

// skipped reports whether a call failed without reaching Redis: the breaker was open.
func skipped(err error) bool {
	return err != nil && strings.Contains(err.Error(), "skipped while redis is failing")
}

// timedOut reports whether a call was ended by the store's command timeout (a hung Redis).
func timedOut(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "i/o timeout") || strings.Contains(err.Error(), "deadline exceeded"))
}

func TestRedisFailsOpenWithinDeadline(t *testing.T) {
	for _, mode := range []string{"blackholed", "stopped"} {
		t.Run(mode, func(t *testing.T) {
			ctx := context.Background()
			proxy := redistest.NewProxy(t)
			s, logs := newRedisStore(t, proxy.URL(), cache.RedisConfig{Timeout: failTimeout, BreakerThreshold: 3, BreakerCooldown: 300 * time.Millisecond})
			if err := s.Set(ctx, "k", []byte("v"), time.Minute); err != nil {
				t.Fatalf("through the proxy: %v", err)
			}
			if mode == "blackholed" {
				proxy.Blackhole()
			} else {
				proxy.Stop()
			}

			calls := []struct {
				name string
				do   func() error
			}{
				{"get", func() error { _, err := s.Get(ctx, "k"); return err }},
				{"set", func() error { return s.Set(ctx, "k", []byte("v"), time.Minute) }},
				{"setnx", func() error { _, err := s.SetNX(ctx, "n", []byte("v"), time.Minute); return err }},
				{"del", func() error { return s.Del(ctx, "k") }},
				{"get after the breaker opened", func() error { _, err := s.Get(ctx, "k"); return err }},
			}
			for i, c := range calls {
				err := c.do() // no deadline of the caller's: the store's command timeout ends it
				if !errors.Is(err, cache.ErrUnavailable) {
					t.Errorf("%s: err = %v, want ErrUnavailable", c.name, err)
				}
				switch wantSkip := i >= 3; {
				case skipped(err) != wantSkip:
					t.Errorf("%s: err = %v; skipped by the breaker = %v, want %v", c.name, err, skipped(err), wantSkip)
				case mode == "blackholed" && !wantSkip && !timedOut(err):
					t.Errorf("%s to a hung redis: err = %v, want the command timeout", c.name, err)
				}
			}
			if got, want := s.Health().Status, cache.StatusDegraded; got != want {
				t.Errorf("Health = %s, want %s", got, want)
			}
			if got, want := strings.Count(logs.String(), "redis is unavailable"), 1; got != want {
				t.Errorf("'unavailable' logged %d times, want %d:\n%s", got, want, logs)
			}

			proxy.Restart()
			time.Sleep(350 * time.Millisecond) // the cooldown
			var err error
			for range 20 { // the pool may hold a dead connection or two before a fresh one
				if err = s.Set(ctx, "k", []byte("back"), time.Minute); err == nil {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if err != nil {
				t.Fatalf("after restart: %v", err)
			}
			if got, want := s.Health().Status, cache.StatusOK; got != want {
				t.Errorf("Health after recovery = %s, want %s", got, want)
			}
			if got, want := strings.Count(logs.String(), "redis is available again"), 1; got != want {
				t.Errorf("'available again' logged %d times, want %d", got, want)
			}
		})
	}
}

func TestRedisFromTheStartUnreachable(t *testing.T) {
	for name, url := range map[string]string{"blackhole": redistest.Blackhole(t), "stopped": redistest.Stopped(t)} {
		t.Run(name, func(t *testing.T) {
			s, _ := newRedisStore(t, url, cache.RedisConfig{Prefix: "x:", Timeout: failTimeout, BreakerThreshold: 3})
			reached := 0
			for i := range 8 {
				// No deadline of the caller's: only the store's own command timeout can end a call
				// to a Redis that never answers.
				_, err := s.Get(context.Background(), "k")
				if !errors.Is(err, cache.ErrUnavailable) {
					t.Errorf("call %d: err = %v, want ErrUnavailable", i, err)
				}
				if !skipped(err) {
					reached++
					if name == "blackhole" && !timedOut(err) {
						t.Errorf("call %d to a hung redis: err = %v, want the command timeout", i, err)
					}
				}
			}
			if reached != 3 {
				t.Errorf("%d of 8 calls went to redis, want the breaker's threshold (3), then none", reached)
			}
		})
	}
}
