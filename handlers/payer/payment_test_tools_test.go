package payer

import (
	"net/http"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

func TestTestToolsWorkWithoutScript(t *testing.T) {
	e := newEnv(t)
	p := e.payment(e.test, "BTC")

	// The page's own forms, pressed in order: the whole life of a payment.
	steps := []struct {
		button, wantState string
	}{
		{"test-pay-part", "partial"},
		{"test-pay", "confirming"},
		{"test-confirm", "confirming"},
		{"test-confirm-all", "paid"}, // and a paid payment offers nothing more to send
	}
	for _, s := range steps {
		doc, _ := e.page(pageURL(p)+"&lang=ar", http.StatusOK)
		form := byID(doc, s.button).Closest("form")
		action, ok := form.Attr("action")
		if !ok {
			t.Fatalf("no form for %s", s.button)
		}
		if m, _ := form.Attr("method"); m != "post" {
			t.Fatalf("%s: method %q", s.button, m)
		}
		resp := e.do(http.MethodPost, action, "Sec-Fetch-Site", "same-origin", "Origin", "null")
		if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
			t.Fatalf("%s: status %d, want %d", s.button, got, want)
		}
		eq(t, s.button+" redirect", resp.Header.Get("Location"), pageURL(p)+"&lang=ar")
		doc, _ = e.page(resp.Header.Get("Location"), http.StatusOK)
		eq(t, "state after "+s.button, attr(doc, "payment", "data-state"), s.wantState)
	}

	q := e.payment(e.test, "ETH")
	doc, _ := e.page(pageURL(q), http.StatusOK)
	action, _ := byID(doc, "test-expire").Closest("form").Attr("action")
	resp := e.do(http.MethodPost, action)
	eq(t, "redirect without a language", resp.Header.Get("Location"), pageURL(q))
	eq(t, "expired", e.current(q).Status, gateway.StatusCancel)
	// Expiring again is refused by the gateway; the payer simply sees the page again.
	if resp := e.do(http.MethodPost, action); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a refused action: status %d, want 303", resp.StatusCode)
	}
}

func TestTestToolsRefusals(t *testing.T) {
	e := newEnv(t)
	test := e.payment(e.test, "BTC")
	live := e.payment(e.live, "BTC")
	for _, tt := range []struct {
		name, target string
		header       []string
		want         int
	}{
		{"live store", "/payment/" + live.PaymentID + "/test/pay?code=" + live.Code, nil, http.StatusNotFound},
		{"wrong code", "/payment/" + test.PaymentID + "/test/pay?code=nope", nil, http.StatusNotFound},
		{"unknown action", "/payment/" + test.PaymentID + "/test/withdraw?code=" + test.Code, nil, http.StatusNotFound},
		{"cross-site form", "/payment/" + test.PaymentID + "/test/pay?code=" + test.Code, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
		{"same-site other origin", "/payment/" + test.PaymentID + "/test/pay?code=" + test.Code, []string{"Sec-Fetch-Site", "same-site"}, http.StatusForbidden},
		{"foreign Origin", "/payment/" + test.PaymentID + "/test/pay?code=" + test.Code, []string{"Origin", "https://evil.example"}, http.StatusForbidden},
		{"GET is not an action", "/payment/" + test.PaymentID + "/test/pay?code=" + test.Code, []string{"X-Method", "GET"}, http.StatusMethodNotAllowed},
	} {
		t.Run(tt.name, func(t *testing.T) {
			method := http.MethodPost
			if len(tt.header) == 2 && tt.header[0] == "X-Method" {
				method = tt.header[1]
			}
			resp := e.do(method, tt.target, tt.header...)
			if got := resp.StatusCode; got != tt.want {
				t.Errorf("status %d, want %d", got, tt.want)
			}
		})
	}
	for _, p := range []gateway.Payment{test, live} {
		if got := e.current(p).IPAmount; !got.IsZero() {
			t.Errorf("a refused action moved money: %s received", got)
		}
	}
	// The site's own origin is accepted, from PUBLIC_URL or the Host header.
	for _, origin := range []string{testPublicURL, "http://example.com"} {
		resp := e.do(http.MethodPost, "/payment/"+test.PaymentID+"/test/pay-part?code="+test.Code, "Origin", origin)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("Origin %s: status %d, want 303", origin, resp.StatusCode)
		}
	}
}
