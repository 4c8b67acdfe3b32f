package metrics

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// unmatched labels requests no route took, so that scanners cannot grow the label set.
const unmatched = "unmatched"

// Middleware records each request's latency under its route pattern (c.Route().Path, never the
// raw path: ids would make a series per payment), method and final status. An error from the
// handlers is answered by the app's error handler right here, so that the status recorded is the
// one sent; outer middleware then sees a handled request.
func (m *Metrics) Middleware() fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		if err := c.Next(); err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				c.Status(fiber.StatusInternalServerError)
			}
		}
		status := c.Response().StatusCode()
		route := c.Route().Path
		if status == fiber.StatusNotFound && (route == "/" || route == "") {
			route = unmatched
		}
		m.requests.WithLabelValues(route, c.Method(), strconv.Itoa(status)).Observe(time.Since(start).Seconds())
		return nil
	}
}

// Handler serves the registry in the Prometheus text format (mount it at /metrics).
func (m *Metrics) Handler() fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}))
}
