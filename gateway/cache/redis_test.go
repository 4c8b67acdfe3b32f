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

func newRedisStore(t testing.TB, url string, cfg cache.RedisConfig) (*cache.Redis, *syncBuffer) {
	t.Helper()
	rdb, err := redisclient.Open(url, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	logs := &syncBuffer{}
	cfg.Client = rdb
	if cfg.Prefix == "" {
		cfg.Prefix = redistest.PrefixOn(t, rdb)
	}
	cfg.Log = slog.New(slog.NewTextHandler(logs, nil))
	return cache.NewRedis(cfg), logs
}

func TestRedisStore(t *testing.T) { redistest.Topologies(t, testRedisStore) }

func testRedisStore(t *testing.T, url string) {
	ctx := context.Background()
	s, _ := newRedisStore(t, url, cache.RedisConfig{})

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
	time.Sleep(300 * time.Millisecond)
	if _, err := s.Get(ctx, "k"); !errors.Is(err, cache.ErrMiss) {
		t.Errorf("after its 150 ms ttl: err = %v, want ErrMiss", err)
	}
	if got, want := s.Health().Status, cache.StatusOK; got != want {
		t.Errorf("Health = %s, want %s", got, want)
	}
}

// deadline is what one cache call may take when Redis fails: the 100 ms command timeout and a
// margin for scheduling under the race detector.
const deadline = cache.DefaultCommandTimeout + 60*time.Millisecond

func TestRedisFailsOpenWithinDeadline(t *testing.T) {
	for _, mode := range []string{"blackholed", "stopped"} {
		t.Run(mode, func(t *testing.T) {
			ctx := context.Background()
			proxy := redistest.NewProxy(t)
			s, logs := newRedisStore(t, proxy.URL(), cache.RedisConfig{BreakerThreshold: 3, BreakerCooldown: 300 * time.Millisecond})
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
			for _, c := range calls {
				start := time.Now()
				err := c.do()
				took := time.Since(start)
				t.Logf("%s with redis %s: %v", c.name, mode, took)
				if took > deadline {
					t.Errorf("%s took %v, want < %v", c.name, took, deadline)
				}
				if !errors.Is(err, cache.ErrUnavailable) {
					t.Errorf("%s: err = %v, want ErrUnavailable", c.name, err)
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
			s, _ := newRedisStore(t, url, cache.RedisConfig{Prefix: "x:"})
			for i := range 8 {
				start := time.Now()
				_, err := s.Get(context.Background(), "k")
				if took := time.Since(start); took > deadline {
					t.Errorf("call %d took %v, want < %v", i, took, deadline)
				}
				if !errors.Is(err, cache.ErrUnavailable) {
					t.Errorf("call %d: err = %v, want ErrUnavailable", i, err)
				}
			}
		})
	}
}
