package server

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/handlers/throttle"
)

// throttleEntries bounds the addresses counted in the process (without Redis, or while it fails).
const throttleEntries = 100_000

// limits are the two brakes on guessing (issue 11 finding 10): failed API authentications, and
// 404s of the payer pages, which is what probing payment ids and codes produces.
type limits struct {
	auth, notFound fiber.Handler
}

func (m *Main) newLimits() limits {
	local := throttle.NewMemory(throttleEntries, nil)
	var counter throttle.Counter = local
	if m.redis != nil {
		counter = throttle.NewRedis(m.redis, m.Config.RedisPrefix+"throttle:", local) // replicas share the counts
	}
	refuse := func(left time.Duration) error {
		return gateway.Errorf(gateway.ErrCodeTooManyRequests, "Too many failed attempts from this address; retry in %d seconds.", throttle.RetryAfterSeconds(left))
	}
	clientIP := m.Config.TrustedProxies.ClientIP
	return limits{
		auth: throttle.New(throttle.Config{
			Name: "auth", Rule: m.Config.AuthFailureLimit, Counter: counter, Refuse: refuse, ClientIP: clientIP, Log: m.Log,
			Counts: throttle.Status(fiber.StatusUnauthorized),
		}),
		notFound: throttle.New(throttle.Config{
			Name: "not_found", Rule: m.Config.NotFoundLimit, Counter: counter, Refuse: refuse, ClientIP: clientIP, Log: m.Log,
			Counts: payerMiss,
		}),
	}
}

// payerMiss is a 404 of a payment's or a dedicated address's page or part (QR code, stream, test
// tools): an unknown id or a wrong code. Other 404s (a browser's /favicon.ico) guess nothing.
func payerMiss(c *fiber.Ctx) bool {
	if c.Response().StatusCode() != fiber.StatusNotFound {
		return false
	}
	p := c.Path()
	return strings.HasPrefix(p, "/payment/") || strings.HasPrefix(p, "/dedicate/") ||
		strings.HasPrefix(p, "/int/payment/") || strings.HasPrefix(p, "/int/dedicate/")
}
