package throttle

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis counts in Redis, so that every replica sees every failure; when Redis fails it counts in
// the process instead for a few seconds (each replica then limits on its own) rather than not at
// all, and rather than making every request wait on a Redis that does not answer.
type Redis struct {
	rdb      redis.UniversalClient // one server, Sentinel or Cluster: every command touches one key
	prefix   string
	fallback *Memory
	// downUntil (unix nanoseconds): after a failure Redis is left alone for redisRest, so that a
	// hung Redis costs one command timeout now and then, not one per request.
	downUntil atomic.Int64
}

const redisRest = 5 * time.Second

func (r *Redis) down() bool { return time.Now().UnixNano() < r.downUntil.Load() }

func (r *Redis) failed() { r.downUntil.Store(time.Now().Add(redisRest).UnixNano()) }

// NewRedis returns a counter whose keys start with prefix.
func NewRedis(rdb redis.UniversalClient, prefix string, fallback *Memory) *Redis {
	return &Redis{rdb: rdb, prefix: prefix, fallback: fallback}
}

// addScript counts and opens the window on the first event, in one round trip and atomically.
var addScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); left = tonumber(ARGV[1]) end
return {n, left}`)

// Add counts one event for key.
func (r *Redis) Add(ctx context.Context, key string, d time.Duration) (int64, time.Duration, error) {
	if r.down() {
		return r.fallback.Add(ctx, key, d)
	}
	res, err := addScript.Run(ctx, r.rdb, []string{r.prefix + key}, d.Milliseconds()).Int64Slice()
	if err != nil || len(res) != 2 {
		r.failed()
		r.fallback.Add(ctx, key, d)
		return 0, 0, fmt.Errorf("throttle: redis add: %w", err)
	}
	return res[0], time.Duration(res[1]) * time.Millisecond, nil
}

// Count returns key's count in its open window.
func (r *Redis) Count(ctx context.Context, key string) (int64, time.Duration, error) {
	if r.down() {
		return r.fallback.Count(ctx, key)
	}
	pipe := r.rdb.Pipeline()
	get := pipe.Get(ctx, r.prefix+key)
	ttl := pipe.PTTL(ctx, r.prefix+key)
	if _, err := pipe.Exec(ctx); err != nil && err != redis.Nil {
		r.failed()
		return r.fallback.Count(ctx, key)
	}
	n, err := get.Int64()
	if err == redis.Nil {
		return 0, 0, nil
	}
	if err != nil {
		return r.fallback.Count(ctx, key)
	}
	return n, max(ttl.Val(), 0), nil
}
