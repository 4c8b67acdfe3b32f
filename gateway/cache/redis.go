package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cryptocheckout/checkout/gateway/redisclient"
)

// Defaults of the fail-open behaviour.
const (
	// DefaultCommandTimeout is the most any request waits on Redis for one command.
	DefaultCommandTimeout = redisclient.DefaultTimeout
	// DefaultBreakerThreshold consecutive failures open the circuit breaker …
	DefaultBreakerThreshold = 5
	// … for DefaultBreakerCooldown, after which one probe is let through.
	DefaultBreakerCooldown = 5 * time.Second
)

// RedisConfig configures a Redis store.
type RedisConfig struct {
	Client redis.UniversalClient // from redisclient.Open: one server, Sentinel or Cluster
	// Prefix starts every key (e.g. "checkout:"), so one Redis can hold several deployments.
	Prefix string
	// Timeout bounds each command (DefaultCommandTimeout when 0).
	Timeout time.Duration
	// BreakerThreshold and BreakerCooldown tune the circuit breaker (defaults above).
	BreakerThreshold int
	BreakerCooldown  time.Duration
	Log              *slog.Logger
}

// Redis is the Store shared by replicas. Every command runs under its own short deadline and
// through a circuit breaker; failures come back wrapped in ErrUnavailable.
type Redis struct {
	rdb     redis.UniversalClient
	prefix  string
	timeout time.Duration
	br      *breaker
}

// NewRedis returns a store over cfg.Client.
func NewRedis(cfg RedisConfig) *Redis {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultCommandTimeout
	}
	if cfg.BreakerThreshold <= 0 {
		cfg.BreakerThreshold = DefaultBreakerThreshold
	}
	if cfg.BreakerCooldown <= 0 {
		cfg.BreakerCooldown = DefaultBreakerCooldown
	}
	log := cfg.Log
	if log == nil {
		log = slog.Default()
	}
	r := &Redis{rdb: cfg.Client, prefix: cfg.Prefix, timeout: cfg.Timeout}
	r.br = &breaker{threshold: cfg.BreakerThreshold, cooldown: cfg.BreakerCooldown, now: time.Now,
		onChange: func(up bool, cause string) {
			if up {
				log.Info("redis is available again; the cache is back in use")
				return
			}
			log.Warn("redis is unavailable; reads go straight to the gateway, retrying every "+cfg.BreakerCooldown.String(), "err", cause)
		}}
	return r
}

// Get reads key.
func (r *Redis) Get(ctx context.Context, key string) ([]byte, error) {
	var out []byte
	err := r.do(ctx, func(ctx context.Context) error {
		var err error
		out, err = r.rdb.Get(ctx, r.prefix+key).Bytes()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return nil, ErrMiss
	}
	return out, err
}

// Set writes key with an expiry.
func (r *Redis) Set(ctx context.Context, key string, value []byte, ttl time.Duration) error {
	return r.do(ctx, func(ctx context.Context) error { return r.rdb.Set(ctx, r.prefix+key, value, ttl).Err() })
}

// SetNX is SET key value NX PX ttl.
func (r *Redis) SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	var ok bool
	err := r.do(ctx, func(ctx context.Context) error {
		var err error
		ok, err = r.rdb.SetNX(ctx, r.prefix+key, value, ttl).Result()
		return err
	})
	return ok, err
}

// Del removes keys.
func (r *Redis) Del(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = r.prefix + k
	}
	return r.do(ctx, func(ctx context.Context) error { return r.rdb.Del(ctx, full...).Err() })
}

// Health is degraded while the circuit breaker keeps Redis out of use.
func (r *Redis) Health() Health {
	if up, cause := r.br.health(); !up {
		return Health{Status: StatusDegraded, Detail: "redis unavailable, reading from the gateway: " + cause}
	}
	return Health{Status: StatusOK}
}

// do runs one command under the breaker and the command deadline.
func (r *Redis) do(ctx context.Context, cmd func(context.Context) error) error {
	if !r.br.allow() {
		return fmt.Errorf("%w: skipped while redis is failing", ErrUnavailable)
	}
	cctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	err := cmd(cctx)
	switch {
	case err == nil || errors.Is(err, redis.Nil):
		r.br.success()
		return err
	case ctx.Err() != nil:
		r.br.abandon() // the caller left; that says nothing about Redis
		return fmt.Errorf("%w: %w", ErrUnavailable, ctx.Err())
	}
	r.br.failure(err.Error())
	return fmt.Errorf("%w: %v", ErrUnavailable, err)
}
