package payer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

// A wrong or missing code is answered exactly like an unknown payment, so ids cannot be probed.
func TestNotFoundIsTheSameForWrongCodeAndUnknownID(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		p := e.payment(e.test, "BTC", func(r *gateway.CreatePaymentRequest) { r.PayerLang = "ar" })
		type answer struct {
			status  int
			headers map[string]string
			body    []byte
		}
		get := func(target string) answer {
			resp := e.do(http.MethodGet, target, "Accept-Language", "en-GB,en;q=0.9")
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			a := answer{status: resp.StatusCode, headers: map[string]string{}, body: body}
			for _, h := range []string{"Content-Type", "Content-Length", "Content-Security-Policy", "Cache-Control", "Content-Language", "Referrer-Policy", "X-Content-Type-Options", "Set-Cookie", "Etag"} {
				a.headers[h] = resp.Header.Get(h)
			}
			return a
		}
		unknown := get("/payment/0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11?code=" + p.Code)
		if unknown.status != http.StatusNotFound {
			t.Fatalf("unknown payment: status %d, want 404", unknown.status)
		}
		if !bytes.Contains(unknown.body, []byte("Payment not found")) {
			t.Errorf("the 404 page does not say what is wrong:\n%s", unknown.body)
		}
		for name, target := range map[string]string{
			"wrong code":      "/payment/" + p.PaymentID + "?code=" + p.Code + "x",
			"missing code":    "/payment/" + p.PaymentID,
			"not an id":       "/payment/../etc?code=" + p.Code,
			"uppercase id":    "/payment/" + strings.ToUpper(p.PaymentID) + "?code=nope",
			"stream of wrong": "/payment/" + p.PaymentID + "/events?code=nope",
			"qr of wrong":     "/payment/" + p.PaymentID + "/qr.png?code=nope",
		} {
			t.Run(name, func(t *testing.T) {
				got := get(target)
				if got.status != unknown.status {
					t.Errorf("status %d, want %d", got.status, unknown.status)
				}
				for h, v := range unknown.headers {
					if got.headers[h] != v {
						t.Errorf("header %s = %q, want %q", h, got.headers[h], v)
					}
				}
				if !bytes.Equal(got.body, unknown.body) {
					t.Errorf("body differs:\n%s\nwant:\n%s", got.body, unknown.body)
				}
			})
		}
		// The payment's own language (ar) must not show through on a wrong code either.
		if doc, _ := e.page("/payment/"+p.PaymentID+"?code=nope", http.StatusNotFound); attr2(doc.Find("html"), "lang") != "en" {
			t.Error("a wrong code's 404 page speaks the payment's language")
		}
	})
}

// failingGateway fails every call, as a gateway that is down does.
type failingGateway struct{ err error }

func (g failingGateway) PaymentView(context.Context, string, string) (gateway.PaymentView, error) {
	return gateway.PaymentView{}, g.err
}
func (g failingGateway) DedicateView(context.Context, string) (gateway.DedicateView, error) {
	return gateway.DedicateView{}, g.err
}
func (g failingGateway) Subscribe(string) (<-chan struct{}, func()) { return nil, func() {} }
func (g failingGateway) Notify(string, func()) func()               { return func() {} }
func (g failingGateway) PaymentTestAction(context.Context, string, string, gateway.TestAction) error {
	return g.err
}
func (g failingGateway) QuoteDue(context.Context, gateway.Amount, string, string) (gateway.Amount, error) {
	return gateway.Amount{}, g.err
}
func (g failingGateway) DedicateTestAction(context.Context, string, gateway.TestAction, gateway.Amount) error {
	return g.err
}

func TestGatewayFailureIsATranslated503(t *testing.T) {
	for name, gwErr := range map[string]error{
		"internal error": errors.New("engine: payment: database is locked at /var/secret/path"),
		"too slow":       context.DeadlineExceeded,
		"ERR_INTERNAL":   gateway.Errorf(gateway.ErrCodeInternal, "boom in the SQL"),
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, func(c *Config, _ *fiberConfig) { c.Gateway = failingGateway{gwErr} })
			resp := e.do(http.MethodGet, "/payment/0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11?code=x&lang=ar")
			body, _ := io.ReadAll(resp.Body)
			if got, want := resp.StatusCode, http.StatusServiceUnavailable; got != want {
				t.Fatalf("status %d, want %d", got, want)
			}
			if resp.Header.Get("Retry-After") == "" {
				t.Error("no Retry-After on 503")
			}
			if !bytes.Contains(body, []byte("AR:Temporarily unavailable")) || !bytes.Contains(body, []byte(`dir="rtl"`)) {
				t.Errorf("the 503 page is not translated:\n%s", body)
			}
			for _, leak := range []string{"database", "/var/secret", "SQL", "deadline"} {
				if bytes.Contains(body, []byte(leak)) {
					t.Errorf("the 503 page shows internal detail %q", leak)
				}
			}
		})
	}
}

func TestUnknownRouteAndIndex(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		doc, _ := e.page("/nowhere", http.StatusNotFound)
		eq(t, "title", text(doc, "error-title"), "Page not found")
		doc, resp := e.page("/", http.StatusOK)
		if byID(doc, "index").Length() != 1 {
			t.Error("the index page is missing")
		}
		if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Error("the index page has no CSP")
		}
	})
}
