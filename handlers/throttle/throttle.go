// Package throttle slows down guessing: it counts, per client address, the answers that mean a
// guess failed (a 401 of the API, a 404 of a payer page) and, once a client has had too many in a
// window, refuses its next requests until the window ends (429 with Retry-After). Only failures
// count, so a merchant's busy integration or a payer's many page loads never trip it. The counts
// live in Redis when replicas share one (a guesser cannot spread over replicas), else in the process.
package throttle

import (
	"context"
	"log/slog"
	"math"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Counter counts events per key in fixed windows.
type Counter interface {
	// Add counts one event for key and returns the count in key's current window, which starts
	// with the first event and lasts window, and the time left in it.
	Add(ctx context.Context, key string, window time.Duration) (n int64, left time.Duration, err error)
	// Count returns key's count and time left without counting (0, 0 when no window is open).
	Count(ctx context.Context, key string) (n int64, left time.Duration, err error)
}

// Config is one limit.
type Config struct {
	Name    string // starts the counter keys ("auth", "not_found")
	Rule    Rule   // a zero Limit turns the limit off
	Counter Counter
	// Counts reports whether a finished request is a failure to count (its status is final).
	Counts func(c *fiber.Ctx) bool
	// Refuse is the error answered to a client over the limit; the app's error handler renders
	// it (JSON for the API, a translated page for payers). retryAfter is already in Retry-After.
	Refuse   func(retryAfter time.Duration) error
	ClientIP func(c *fiber.Ctx) string // the client's address (see ClientIP)
	Log      *slog.Logger
}

// New returns the limit as middleware: it refuses a client over the limit before its request runs,
// and counts the request afterwards when Counts says it failed. A counter that fails lets requests
// through (logged): the limit is a brake on guessing, not a reason to stop serving.
func New(cfg Config) fiber.Handler {
	if cfg.Rule.Limit <= 0 {
		return func(c *fiber.Ctx) error { return c.Next() }
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return func(c *fiber.Ctx) error {
		key := cfg.Name + ":" + cfg.ClientIP(c)
		ctx := c.UserContext()
		if n, left, err := cfg.Counter.Count(ctx, key); err != nil {
			cfg.Log.Debug("throttle: count failed; letting the request through", "limit", cfg.Name, "err", err)
		} else if n >= cfg.Rule.Limit {
			return refuse(c, cfg, left)
		}
		if err := c.Next(); err != nil {
			// Answer the error here, so that the status to judge is the one sent.
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				c.Status(fiber.StatusInternalServerError)
			}
		}
		if !cfg.Counts(c) {
			return nil
		}
		if _, _, err := cfg.Counter.Add(ctx, key, cfg.Rule.Window); err != nil {
			cfg.Log.Debug("throttle: add failed", "limit", cfg.Name, "err", err)
		}
		return nil
	}
}

func refuse(c *fiber.Ctx, cfg Config, left time.Duration) error {
	if left <= 0 {
		left = time.Second
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(RetryAfterSeconds(left)))
	return cfg.Refuse(left)
}

// RetryAfterSeconds is left in whole seconds, rounded up (Retry-After takes seconds; 0 would invite
// an immediate retry that is still refused).
func RetryAfterSeconds(left time.Duration) int {
	return max(1, int(math.Ceil(left.Seconds())))
}

// Status returns a Counts that counts answers with one of statuses.
func Status(statuses ...int) func(c *fiber.Ctx) bool {
	return func(c *fiber.Ctx) bool {
		got := c.Response().StatusCode()
		for _, s := range statuses {
			if got == s {
				return true
			}
		}
		return false
	}
}
