package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// unmatched labels requests no route took, so that scanners cannot grow the label set.
const unmatched = "unmatched"

// Middleware records each request's latency under its route pattern (c.Route().Path, never the
// raw path: ids would make a series per payment), normalised method and final status. An error from the
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
		m.requests.WithLabelValues(routeLabel(c, status), methodLabel(c.Method()), strconv.Itoa(status)).Observe(time.Since(start).Seconds())
		return nil
	}
}

// routeLabel is the pattern of the route that answered: a string of the app's routing table, never
// the request's memory. Requests no route took are all "unmatched": those that only passed through
// the root middleware (404, or 405 for a method no route has), and those fasthttp refused before
// routing (oversized body, bad request), for which Fiber makes up a route whose Path is the raw path.
func routeLabel(c *fiber.Ctx, status int) string {
	r := c.Route()
	if r == nil || len(r.Handlers) == 0 || r.Path == "" || (r.Path == "/" && status >= 400) {
		return unmatched
	}
	return r.Path
}

// methodLabel maps a request method to one of a fixed set of constants. The label outlives the
// request, and fasthttp reuses the memory c.Method() points into: keeping it made a POST recorded as
// "GETT" and broke the registry (issue 11). Unknown methods share one label, so they cannot grow
// the label set either.
func methodLabel(method string) string {
	switch method {
	case fiber.MethodGet:
		return fiber.MethodGet
	case fiber.MethodHead:
		return fiber.MethodHead
	case fiber.MethodPost:
		return fiber.MethodPost
	case fiber.MethodPut:
		return fiber.MethodPut
	case fiber.MethodPatch:
		return fiber.MethodPatch
	case fiber.MethodDelete:
		return fiber.MethodDelete
	case fiber.MethodOptions:
		return fiber.MethodOptions
	}
	return "OTHER"
}

// Handler serves the registry in the Prometheus text format (mount it at /metrics).
func (m *Metrics) Handler() fiber.Handler {
	return adaptor.HTTPHandler(m.exposition())
}

// Server is the HTTP handler of the metrics listener (METRICS_ADDR): /metrics and nothing else.
// It is net/http, not the pages' fasthttp server, so that whatever befalls the public listener
// (descriptors exhausted, a flood) the metrics still tell about it.
func (m *Metrics) Server() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.exposition())
	return mux
}

func (m *Metrics) exposition() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}
