package server

import (
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
)

// secureHeaders sets the headers every answer carries.
func secureHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	return c.Next()
}

// logRequests logs failed requests always and every request at debug level.
func (m *Main) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	level := slog.LevelDebug
	if status >= 500 {
		level = slog.LevelError
	}
	if m.Log.Enabled(c.UserContext(), level) {
		m.Log.Log(c.UserContext(), level, "request", "method", c.Method(), "path", c.Path(),
			"status", status, "duration", time.Since(start).String(), "ip", c.IP())
	}
	return nil
}
