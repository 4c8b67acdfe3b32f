package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

func newApp(m *Metrics) *fiber.App {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Use(m.Middleware())
	app.Get("/metrics", m.Handler())
	app.Get("/payment/:id", func(c *fiber.Ctx) error { return c.SendString("page") })
	app.Get("/broken", func(c *fiber.Ctx) error { return fiber.NewError(fiber.StatusTeapot, "no") })
	return app
}

func get(t *testing.T, app *fiber.App, path string) (int, string) {
	t.Helper()
	resp, err := app.Test(httptest.NewRequest(http.MethodGet, path, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMetricsExposition(t *testing.T) {
	m := New()
	app := newApp(m)
	for _, path := range []string{"/payment/a", "/payment/b", "/broken", "/nope/1", "/nope/2"} {
		get(t, app, path)
	}
	m.CacheHit("payment")
	m.CacheHit("payment")
	m.CacheMiss("transactions")
	m.UpstreamCall("payment", "ok", 30*time.Millisecond)
	m.UpstreamCall("payment", "unknown", time.Second)
	m.WebhookDelivered("accepted")
	m.WebhookDelivered("duplicate")
	m.WebhookFailed("signature")
	closeA := m.StreamOpened()
	m.StreamOpened()
	closeA()
	closeA() // closing twice counts once

	status, body := get(t, app, "/metrics")
	if status != http.StatusOK {
		t.Fatalf("GET /metrics = %d", status)
	}
	for _, line := range []string{
		// one series per route pattern, not per payment id
		`checkout_http_request_duration_seconds_count{method="GET",route="/payment/:id",status="200"} 2`,
		// the status sent, after the error handler
		`checkout_http_request_duration_seconds_count{method="GET",route="/broken",status="418"} 1`,
		`checkout_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 2`,
		`checkout_cache_hits_total{view="payment"} 2`,
		`checkout_cache_misses_total{view="transactions"} 1`,
		`checkout_upstream_calls_total{method="payment",outcome="ok"} 1`,
		`checkout_upstream_calls_total{method="payment",outcome="unknown"} 1`,
		`checkout_upstream_call_duration_seconds_count{method="payment"} 2`,
		`checkout_webhook_deliveries_total{kind="accepted"} 1`,
		`checkout_webhook_deliveries_total{kind="duplicate"} 1`,
		`checkout_webhook_failures_total{reason="signature"} 1`,
		`checkout_sse_streams_open 1`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, line) {
			t.Errorf("/metrics lacks %q", line)
		}
	}
	if strings.Contains(body, `route="/payment/a"`) {
		t.Error("a raw path became a label")
	}
}
