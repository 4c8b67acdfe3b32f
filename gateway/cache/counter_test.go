package cache_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
)

// counter is what the shared poller counts its calls with.
type counter interface {
	IncrBy(ctx context.Context, key string, n int64, ttl time.Duration) (int64, error)
}

func countSteps(t *testing.T, c counter) {
	t.Helper()
	ctx := context.Background()
	for i, step := range []struct{ n, want int64 }{{1, 1}, {2, 3}, {-1, 2}} {
		got, err := c.IncrBy(ctx, "rps:1", step.n, 2*time.Second)
		if err != nil || got != step.want {
			t.Fatalf("step %d: IncrBy(%d) = %d, %v; want %d", i, step.n, got, err, step.want)
		}
	}
	if got, _ := c.IncrBy(ctx, "rps:2", 5, 2*time.Second); got != 5 {
		t.Errorf("another key starts at 0: got %d, want 5", got)
	}
}

func TestIncrByInMemory(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		m := cache.NewMemory(0)
		countSteps(t, m)
		time.Sleep(2 * time.Second)
		if got, _ := m.IncrBy(context.Background(), "rps:1", 1, 2*time.Second); got != 1 {
			t.Errorf("after its ttl the counter starts again: got %d, want 1", got)
		}
	})
}

// On Redis the counter is one key with the ttl of its last increment.
func TestIncrByOnRedis(t *testing.T) {
	prefix := redistest.Prefix(t)
	store, _ := newRedisStore(t, redistest.URL(t), cache.RedisConfig{Prefix: prefix})
	countSteps(t, store)
	ttl, err := redistest.Client(t).PTTL(context.Background(), prefix+"rps:1").Result()
	if err != nil || ttl <= 0 || ttl > 2*time.Second {
		t.Errorf("PTTL %v, %v; want the ttl of the last increment (at most 2 s)", ttl, err)
	}
}
