package metrics

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// serve runs app on a loopback listener: unlike app.Test, requests share keep-alive connections and
// fasthttp's reused request memory, as in production.
func serve(t *testing.T, app *fiber.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	return "http://" + ln.Addr().String()
}

// TestMetricsAfterMixedTraffic reproduces issue 11 finding 3: the method label was fasthttp's reused
// memory, so after mixed methods the label sets changed under the registry ("GETT") and /metrics
// answered 500 for good. Labels must be the route pattern and a normalised method, whatever was sent.
func TestMetricsAfterMixedTraffic(t *testing.T) {
	m := New()
	app := fiber.New(fiber.Config{DisableStartupMessage: true, BodyLimit: 1 << 10})
	app.Use(m.Middleware())
	app.Get("/metrics", m.Handler())
	app.Get("/payment/:id", func(c *fiber.Ctx) error { return c.SendString("page") })
	app.Post("/payment/:id/test/:action", func(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusSeeOther) })
	app.Put("/int/payment", func(c *fiber.Ctx) error { return c.SendString("ok") })
	base := serve(t, app)

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(method, path string, body ...string) {
		req, err := http.NewRequest(method, base+path, strings.NewReader(strings.Join(append(body, "x=1"), "")))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	const rounds = 30
	for i := range rounds {
		do(http.MethodGet, fmt.Sprintf("/payment/%08d-aaaa", i))
		do(http.MethodPost, fmt.Sprintf("/payment/%d/test/pay", i))
		do(http.MethodPut, "/int/payment")
		do(http.MethodDelete, fmt.Sprintf("/nothing/here/%d", i))
		do("BREW", "/payment/x")
		do(http.MethodOptions, "/payment/y")
		do(http.MethodHead, fmt.Sprintf("/payment/%d", i))
		do(http.MethodPost, fmt.Sprintf("/payment/%d/test/big", i), strings.Repeat("x", 2<<10)) // refused by fasthttp before routing: no middleware runs, nothing is labelled
	}
	for range 3 { // stays answered, not only once
		resp, err := client.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /metrics = %d after mixed traffic: %s", resp.StatusCode, b)
		}
		body := string(b)
		for _, want := range []string{
			fmt.Sprintf(`checkout_http_request_duration_seconds_count{method="GET",route="/payment/:id",status="200"} %d`, rounds),
			fmt.Sprintf(`checkout_http_request_duration_seconds_count{method="HEAD",route="/payment/:id",status="200"} %d`, rounds),
			fmt.Sprintf(`checkout_http_request_duration_seconds_count{method="POST",route="/payment/:id/test/:action",status="303"} %d`, rounds),
			fmt.Sprintf(`checkout_http_request_duration_seconds_count{method="PUT",route="/int/payment",status="200"} %d`, rounds),
			fmt.Sprintf(`checkout_http_request_duration_seconds_count{method="DELETE",route="unmatched",status="404"} %d`, rounds),
			fmt.Sprintf(`checkout_http_request_duration_seconds_count{method="OPTIONS",route="unmatched",status="405"} %d`, rounds),
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %q; it has:\n%s", want, requestLines(body))
			}
		}
		for _, line := range strings.Split(body, "\n") {
			if !strings.HasPrefix(line, "checkout_http_request_duration_seconds_count{") {
				continue
			}
			if !strings.Contains(line, `route="/`) && !strings.Contains(line, `route="unmatched"`) {
				t.Errorf("a route label that is no pattern: %s", line)
			}
			for _, bad := range []string{"/payment/0", "/nothing/here/", "/test/big", `method="BREW"`, "GETT"} {
				if strings.Contains(line, bad) {
					t.Errorf("unbounded label %q in %s", bad, line)
				}
			}
		}
	}
}

func requestLines(body string) string {
	var out []string
	for _, line := range strings.Split(body, "\n") {
		if strings.HasPrefix(line, "checkout_http_request_duration_seconds_count{") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}
