package throttle

import (
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v2"
)

func TestClientIPBelievesOnlyTrustedProxies(t *testing.T) {
	proxies, err := ParseProxies("127.0.0.1, 10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	a := fiber.New(fiber.Config{DisableStartupMessage: true})
	a.Get("/", func(c *fiber.Ctx) error { return c.SendString(proxies.ClientIP(c)) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go a.Listener(ln)
	defer a.Shutdown()

	for _, tt := range []struct{ from, xff, want string }{
		{"127.0.0.2", "", "127.0.0.2"},
		{"127.0.0.2", "203.0.113.9", "127.0.0.2"},                  // not a proxy: its header is the client's word
		{"127.0.0.1", "", "127.0.0.1"},                             // a proxy's own request
		{"127.0.0.1", "203.0.113.9", "203.0.113.9"},                // the proxy's client
		{"127.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"},       // the left-most entry is forged
		{"127.0.0.1", "198.51.100.7, 10.1.2.3", "198.51.100.7"},    // through two trusted proxies
		{"127.0.0.1", "198.51.100.7, junk, 10.1.2.3", "127.0.0.1"}, // a malformed hop: stop believing
		{"127.0.0.1", "2001:db8::1", "2001:db8::1"},
	} {
		client := &http.Client{Transport: &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(tt.from)}}).DialContext}}
		req, _ := http.NewRequest(http.MethodGet, "http://"+ln.Addr().String()+"/", nil)
		if tt.xff != "" {
			req.Header.Set("X-Forwarded-For", tt.xff)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := string(b); got != tt.want {
			t.Errorf("from %s with X-Forwarded-For %q: client %s, want %s", tt.from, tt.xff, got, tt.want)
		}
	}
	if _, err := ParseProxies("10.0.0.0/8, nonsense"); err == nil {
		t.Error("ParseProxies accepted nonsense")
	}
}
