package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway/cache"
)

// healthz says the process is alive.
func (m *Main) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"status": "ok"})
}

type readiness struct {
	Status string            `json:"status"` // ready, degraded or unavailable
	Checks map[string]string `json:"checks"`
}

// Readiness statuses.
const (
	statusReady       = "ready"
	statusDegraded    = "degraded"
	statusUnavailable = "unavailable"
)

// readyz says whether the process can serve. What it cannot serve without makes it 503: the
// database (embedded) or the remote gateway (remote mode). Redis only makes it "degraded" (still
// 200): pages then read the gateway directly and live streams see only this replica's updates, so
// taking the replica out of rotation would help nobody. Internal errors are not shown: the checks
// say ok, degraded or unavailable, and the log has the cause.
func (m *Main) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	r := readiness{Status: statusReady, Checks: map[string]string{}}
	if m.Engine != nil {
		if err := m.Engine.Ping(ctx); err != nil {
			m.Log.Warn("readyz: database", "err", err)
			r.Status, r.Checks["database"] = statusUnavailable, statusUnavailable
		} else {
			r.Checks["database"] = "ok"
		}
	}
	if m.remote != nil {
		if err := m.remote.Ping(ctx); err != nil {
			m.Log.Warn("readyz: remote gateway", "err", err)
			r.Status, r.Checks["gateway"] = statusUnavailable, statusUnavailable
		} else {
			r.Checks["gateway"] = "ok"
		}
	}
	if m.Config.RedisURL != "" {
		r.Checks["redis"] = "ok"
		health := m.store.Health()
		hubErr := m.redisHub.Health()
		if health.Status != cache.StatusOK || hubErr != nil {
			m.Log.Debug("readyz: redis", "cache", health.Detail, "hub", hubErr)
			r.Checks["redis"] = statusDegraded
			if r.Status == statusReady {
				r.Status = statusDegraded
			}
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if r.Status == statusUnavailable {
		return c.Status(fiber.StatusServiceUnavailable).JSON(r)
	}
	return c.JSON(r)
}
