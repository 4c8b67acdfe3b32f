// Package cache keeps what the payer pages read from a remote gateway (payments, their
// transactions, dedicated addresses, conversions) for a short while, in Redis shared by every
// replica or, without REDIS_URL, in the process. Values are JSON. The cache is an optimisation
// only: when Redis is down, slow or refusing, every call falls through to the gateway within a
// bounded time (fail-open), and a circuit breaker stops even trying for a while.
package cache

import (
	"context"
	"errors"
	"time"
)

// ErrMiss says a key holds nothing (absent or expired).
var ErrMiss = errors.New("cache: miss")

// ErrUnavailable wraps every failure of the backing store (Redis down, slow, refusing, or skipped
// by the circuit breaker). Callers treat it as a miss.
var ErrUnavailable = errors.New("cache: store unavailable")

// Store is a small key-value store with expiry. Redis and Memory implement it.
type Store interface {
	// Get returns the value of key, ErrMiss when there is none.
	Get(ctx context.Context, key string) ([]byte, error)
	Set(ctx context.Context, key string, value []byte, ttl time.Duration) error
	Del(ctx context.Context, keys ...string) error
	// SetNX sets key only when it holds nothing and reports whether it did: the building block
	// of webhook de-duplication and of the polling lease.
	SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error)
	Health() Health
}

// Health is what /readyz shows of the cache.
type Health struct {
	Status string `json:"status"` // ok or degraded
	Detail string `json:"detail,omitempty"`
}

// Health statuses.
const (
	StatusOK       = "ok"
	StatusDegraded = "degraded"
)
