package payer

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// retainingGateway keeps every string the pages hand it, as the remote gateway's cache does (its
// shared fetch runs on after the first caller's request ended, with the id captured): a string that
// still points into fasthttp's request memory changes under it when the next request arrives.
type retainingGateway struct {
	mu   sync.Mutex
	kept [][]string // the strings themselves, not copies: joined only when the test reads them
}

func (g *retainingGateway) keep(call string, args ...string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.kept = append(g.kept, append([]string{call}, args...))
}

func (g *retainingGateway) calls() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := make([]string, len(g.kept))
	for i, k := range g.kept {
		out[i] = k[0] + "(" + strings.Join(k[1:], ",") + ")"
	}
	return out
}

func (g *retainingGateway) PaymentView(_ context.Context, id, code string) (gateway.PaymentView, error) {
	g.keep("PaymentView", id, code)
	return gateway.PaymentView{}, gateway.Errorf(gateway.ErrCodeNoPayment, "Payment not found.")
}
func (g *retainingGateway) DedicateView(_ context.Context, id string) (gateway.DedicateView, error) {
	g.keep("DedicateView", id)
	return gateway.DedicateView{DedicateID: id, AssetID: "BTC", Status: gateway.StatusOpen, IsTest: true}, nil
}
func (g *retainingGateway) Subscribe(topic string) (<-chan struct{}, func()) {
	g.keep("Subscribe", topic)
	return nil, func() {}
}
func (g *retainingGateway) Notify(topic string, _ func()) func() {
	g.keep("Notify", topic)
	return func() {}
}
func (g *retainingGateway) PaymentTestAction(_ context.Context, id, code string, _ gateway.TestAction) error {
	g.keep("PaymentTestAction", id, code)
	return gateway.Errorf(gateway.ErrCodeNoPayment, "Payment not found.")
}
func (g *retainingGateway) QuoteDue(_ context.Context, a gateway.Amount, from, to string) (gateway.Amount, error) {
	g.keep("QuoteDue", from, to)
	return a, nil
}
func (g *retainingGateway) DedicateTestAction(_ context.Context, id string, _ gateway.TestAction, _ gateway.Amount) error {
	g.keep("DedicateTestAction", id)
	return nil
}

// TestGatewayArgumentsOutliveTheRequest proves every string the pages pass to the gateway is their
// own copy (issue 11, Deliver 3): requests on one keep-alive connection reuse fasthttp's memory, so
// an id kept from request n would read as request n+1's.
func TestGatewayArgumentsOutliveTheRequest(t *testing.T) {
	g := &retainingGateway{}
	h := New(Config{Gateway: g, Catalog: testCatalog(t), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), PublicURL: testPublicURL})
	t.Cleanup(h.Close)
	app := fiber.New(fiber.Config{DisableStartupMessage: true, ErrorHandler: h.HandleError})
	app.Get("/int/payment/:id/qrcode", h.QRCode)
	app.Get("/int/dedicate/:id/qrcode", h.DedicateQRCode)
	h.Register(app)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown() })
	base := "http://" + ln.Addr().String()

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var want []string
	for i := range 20 {
		id := fmt.Sprintf("%08d-1111-4111-8111-%012d", i, i)
		code := fmt.Sprintf("code%018d", i)
		for _, r := range []struct {
			method, path string
			calls        []string
		}{
			{"GET", "/payment/" + id + "?code=" + code, []string{"Subscribe(payment:" + id + ")", "PaymentView(" + id + "," + code + ")"}},
			{"GET", "/payment/" + id + "/qr.png?code=" + code, []string{"PaymentView(" + id + "," + code + ")"}},
			{"GET", "/int/payment/" + id + "/qrcode?code=" + code, []string{"PaymentView(" + id + "," + code + ")"}},
			{"POST", "/payment/" + id + "/test/pay?code=" + code, []string{"PaymentTestAction(" + id + "," + code + ")"}},
			{"GET", "/dedicate/" + id + "?amount=1&asset_id=usd", []string{"DedicateView(" + id + ")", "QuoteDue(USD,BTC)"}},
			{"GET", "/dedicate/" + id + "/qr.png", []string{"DedicateView(" + id + ")"}},
			{"GET", "/int/dedicate/" + id + "/qrcode", []string{"DedicateView(" + id + ")"}},
			{"POST", "/dedicate/" + id + "/test/pay", []string{"DedicateView(" + id + ")", "DedicateTestAction(" + id + ")"}},
		} {
			req, err := http.NewRequest(r.method, base+r.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			want = append(want, r.calls...)
		}
	}
	got := g.calls()
	if len(got) != len(want) {
		t.Fatalf("gateway saw %d calls, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("call %d now reads %s, was made as %s: a string still in fasthttp's memory", i, got[i], want[i])
		}
	}
}
