package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
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

// readyz says whether the process can serve: its database answers (and, when configured,
// Redis and the remote gateway). 503 when it cannot.
func (m *Main) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	r := readiness{Status: "ready", Checks: map[string]string{}}
	if err := m.Engine.Ping(ctx); err != nil {
		r.Status, r.Checks["database"] = "unavailable", "error: "+err.Error()
	} else {
		r.Checks["database"] = "ok"
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if r.Status == "unavailable" {
		return c.Status(fiber.StatusServiceUnavailable).JSON(r)
	}
	return c.JSON(r)
}
