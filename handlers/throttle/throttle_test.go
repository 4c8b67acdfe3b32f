package throttle

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/redisclient"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var errTooMany = errors.New("too many")

// app answers /ok 200, /bad 422 (a failure that is no guess) and /deny 401 (a guess that failed),
// behind a limit of 3 per minute on 401s.
func app(counter Counter, rule Rule) *fiber.App {
	a := fiber.New(fiber.Config{DisableStartupMessage: true, ErrorHandler: func(c *fiber.Ctx, err error) error {
		if errors.Is(err, errTooMany) {
			return c.Status(fiber.StatusTooManyRequests).SendString("slow down")
		}
		var fe *fiber.Error
		if errors.As(err, &fe) {
			return c.Status(fe.Code).SendString(fe.Message)
		}
		return c.SendStatus(500)
	}})
	a.Use(New(Config{
		Name: "auth", Rule: rule, Counter: counter, Counts: Status(fiber.StatusUnauthorized),
		Refuse:   func(time.Duration) error { return errTooMany },
		ClientIP: Proxies(nil).ClientIP,
	}))
	a.Get("/ok", func(c *fiber.Ctx) error { return c.SendString("ok") })
	a.Get("/bad", func(c *fiber.Ctx) error { return fiber.NewError(fiber.StatusUnprocessableEntity, "bad field") })
	a.Get("/deny", func(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusUnauthorized) })
	return a
}

func call(t *testing.T, a *fiber.App, path string) (int, string) {
	t.Helper()
	resp, err := a.Test(httptest.NewRequest(http.MethodGet, path, nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get(fiber.HeaderRetryAfter)
}

func TestOnlyFailuresCountAndTheLimitEndsWithItsWindow(t *testing.T) {
	clk := &clock{now: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	a := app(NewMemory(100, clk.Now), Rule{Limit: 3, Window: time.Minute})

	for range 50 { // successes and validation errors never count
		if s, _ := call(t, a, "/ok"); s != 200 {
			t.Fatalf("/ok = %d", s)
		}
		if s, _ := call(t, a, "/bad"); s != 422 {
			t.Fatalf("/bad = %d", s)
		}
	}
	for i := range 3 {
		if s, _ := call(t, a, "/deny"); s != 401 {
			t.Fatalf("failure %d answered %d, want 401", i+1, s)
		}
	}
	clk.Add(20 * time.Second)
	for _, path := range []string{"/deny", "/ok"} { // over the limit, every request is refused
		s, retry := call(t, a, path)
		if s != fiber.StatusTooManyRequests {
			t.Fatalf("%s after 3 failures = %d, want 429", path, s)
		}
		if retry != "40" {
			t.Errorf("Retry-After = %q, want 40 (the window's seconds left)", retry)
		}
	}
	clk.Add(40 * time.Second) // the window ends
	if s, _ := call(t, a, "/ok"); s != 200 {
		t.Fatalf("/ok once the window ended = %d", s)
	}
	if s, _ := call(t, a, "/deny"); s != 401 {
		t.Fatalf("a failure in a new window = %d, want 401", s)
	}
}

func TestOffLetsEverythingThrough(t *testing.T) {
	a := app(NewMemory(10, nil), Rule{})
	for range 20 {
		if s, _ := call(t, a, "/deny"); s != 401 {
			t.Fatalf("/deny with the limit off = %d", s)
		}
	}
}

func TestMemoryStaysBounded(t *testing.T) {
	clk := &clock{now: time.Unix(0, 0)}
	m := NewMemory(10, clk.Now)
	ctx := context.Background()
	for i := range 1000 {
		m.Add(ctx, "ip"+strconv.Itoa(i), time.Minute)
	}
	if n := len(m.windows); n > 10 {
		t.Fatalf("%d keys kept, max 10", n)
	}
}

// Replicas sharing Redis share the count: failures spread over two of them add up.
func TestRedisCountsAcrossReplicas(t *testing.T) {
	rdb := redistest.Client(t)
	prefix := redistest.Prefix(t)
	rule := Rule{Limit: 4, Window: time.Minute}
	a := app(NewRedis(rdb, prefix, NewMemory(10, nil)), rule)
	b := app(NewRedis(rdb, prefix, NewMemory(10, nil)), rule)
	for i := range 4 {
		replica := a
		if i%2 == 1 {
			replica = b
		}
		if s, _ := call(t, replica, "/deny"); s != 401 {
			t.Fatalf("failure %d = %d", i+1, s)
		}
	}
	for name, replica := range map[string]*fiber.App{"a": a, "b": b} {
		s, retry := call(t, replica, "/ok")
		if s != fiber.StatusTooManyRequests {
			t.Errorf("replica %s after 4 failures over both = %d, want 429", name, s)
		}
		if n, err := strconv.Atoi(retry); err != nil || n < 1 || n > 60 {
			t.Errorf("replica %s Retry-After = %q, want 1..60", name, retry)
		}
	}
	n, left, err := NewRedis(rdb, prefix, nil).Count(context.Background(), "auth:0.0.0.0")
	if err != nil || n != 4 || left <= 0 || left > time.Minute {
		t.Errorf("Count = %d, %v, %v; want 4 with the window's time left", n, left, err)
	}
}

func TestParseRule(t *testing.T) {
	for in, want := range map[string]Rule{"20/1m": {20, time.Minute}, "5/30s": {5, 30 * time.Second}, "off": {}, "0": {}} {
		got, err := ParseRule(in)
		if err != nil || got != want {
			t.Errorf("ParseRule(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "20", "x/1m", "-1/1m", "20/1ms", "20/forever"} {
		if _, err := ParseRule(in); err == nil {
			t.Errorf("ParseRule(%q) accepted", in)
		}
	}
}

// A Redis that does not answer leaves the limit working, counted in the process.
func TestHungRedisFallsBackToTheProcess(t *testing.T) {
	rdb, err := redisclient.Open(redistest.Blackhole(t), 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	r := NewRedis(rdb, "x:", NewMemory(10, nil))
	a := app(r, Rule{Limit: 2, Window: time.Minute})
	for i := range 2 {
		if s, _ := call(t, a, "/deny"); s != 401 {
			t.Fatalf("failure %d = %d", i+1, s)
		}
	}
	if s, _ := call(t, a, "/ok"); s != fiber.StatusTooManyRequests {
		t.Fatalf("after 2 failures with Redis hung: %d, want 429", s)
	}
	if !r.down() {
		t.Error("the failing Redis is not left alone for a while")
	}
}
