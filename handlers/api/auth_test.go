package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

// Every route of the API, with a body that would be accepted.
var routes = []struct{ method, path, body string }{
	{"GET", "/int/assets", ""},
	{"POST", "/int/convert", `{"from_amount": 100, "from_asset_id": "USD", "asset_id": "BTC"}`},
	{"POST", "/int/payment", `{"amount": 1, "asset_id": "USD", "payment_asset_id": "BTC"}`},
	{"GET", "/int/payments?from=2026-03-04&to=2026-03-04", ""},
	{"GET", "/int/payment/3b241101-e2bb-4255-8caf-4136c566a962", ""},
	{"GET", "/int/payment/3b241101-e2bb-4255-8caf-4136c566a962/txs", ""},
	{"POST", "/int/test/payment/3b241101-e2bb-4255-8caf-4136c566a962/tx", `{"amount": "0.001"}`},
	{"POST", "/int/test/payment/3b241101-e2bb-4255-8caf-4136c566a962/expire", ""},
	{"POST", "/int/test/blocks", `{"crypto_network": "BITCOIN", "count": 1}`},
	{"GET", "/int/checkouts?limit=0", ""},
}

func TestEveryRouteNeedsBasicAuth(t *testing.T) {
	a := newTestAPI(t)
	a.addStore(t, "Other", "other-key", "other-secret-0123456789", true)
	tests := []struct {
		name   string
		header string // Authorization; "" sends none
	}{
		{"missing", ""},
		{"wrong secret", basic(apiKey, apiSecret+"x")},
		{"another store's secret", basic(apiKey, "other-secret-0123456789")},
		{"unknown key", basic("nobody", apiSecret)},
		{"empty user", basic("", apiSecret)},
		{"no colon", "Basic " + b64(apiKey+apiSecret)},
		{"not base64", "Basic !!!"},
		{"bearer", "Bearer " + apiSecret},
	}
	for _, r := range routes {
		for _, tt := range tests {
			t.Run(r.method+" "+r.path+" "+tt.name, func(t *testing.T) {
				req := httptest.NewRequest(r.method, r.path, strings.NewReader(r.body))
				req.Header.Set("Content-Type", "application/json")
				if tt.header != "" {
					req.Header.Set("Authorization", tt.header)
				}
				res := a.send(t, req)
				res.wantError(t, http.StatusUnauthorized, gateway.ErrCodeUnauthorized, "")
				if got, want := res.Header.Get("WWW-Authenticate"), `Basic realm="int"`; got != want {
					t.Errorf("WWW-Authenticate = %q, want %q", got, want)
				}
			})
		}
	}
	// Nothing was created by the refused calls.
	list := a.call(t, "GET", "/int/payments?from=2026-03-04&to=2026-03-04", "").ok(t).array(t)
	if got := len(list); got != 0 {
		t.Errorf("payments after refused calls = %d, want 0", got)
	}
}

// GET /int/checkouts is what the WooCommerce plugin calls to check credentials: it takes 200 as
// "right" and 401 as "wrong", so it answers 200 with an empty list whatever the query.
func TestCheckoutsIsACredentialCheck(t *testing.T) {
	a := newTestAPI(t)
	for _, path := range []string{"/int/checkouts?limit=0", "/int/checkouts", "/int/checkouts?limit=abc&offset=-1"} {
		list := a.call(t, "GET", path, "").ok(t).array(t)
		if list == nil || len(list) != 0 {
			t.Errorf("GET %s = %v, want an empty JSON array", path, list)
		}
	}
	req := httptest.NewRequest("GET", "/int/checkouts?limit=0", nil)
	req.Header.Set("Authorization", basic(apiKey, apiSecret+"x"))
	a.send(t, req).wantError(t, http.StatusUnauthorized, gateway.ErrCodeUnauthorized, "")
}

func TestCredentialsAreAccepted(t *testing.T) {
	a := newTestAPI(t)
	tests := []struct{ name, header string }{
		{"Basic", basic(apiKey, apiSecret)},
		{"lowercase scheme", "basic " + b64(apiKey+":"+apiSecret)},
		{"secret with a colon", ""},
	}
	a.addStore(t, "Colon", "colon-key", "colon:secret:0123456789", true)
	tests[2].header = basic("colon-key", "colon:secret:0123456789")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "/int/assets", nil)
			req.Header.Set("Authorization", tt.header)
			a.send(t, req).ok(t)
		})
	}
}

func TestUnknownRouteIs404JSON(t *testing.T) {
	a := newTestAPI(t)
	for _, r := range []struct{ method, path string }{
		{"GET", "/int/nope"},
		{"GET", "/int/payment"}, // POST only
		{"DELETE", "/int/payment/3b241101-e2bb-4255-8caf-4136c566a962"},
		{"POST", "/int/assets"},      // GET only
		{"GET", "/int/test/blocks"},  // POST only
		{"POST", "/int/payment/x/y"}, // too deep
	} {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			a.call(t, r.method, r.path, "").wantError(t, http.StatusNotFound, gateway.ErrCodeNotFound, "")
		})
	}
	t.Run("without credentials the route is not revealed", func(t *testing.T) {
		a.callAs(t, "", "", "GET", "/int/nope", "").wantError(t, http.StatusUnauthorized, gateway.ErrCodeUnauthorized, "")
	})
}

// The 413 answer to a body over the limit is written by the server before any route runs: it is
// tested on the real server (handlers/server), since app.Test reports it as a transport error.
func TestBodyUnderTheLimitIsRead(t *testing.T) {
	a := newTestAPI(t)
	// A body the server reads whole but validation refuses: the description is too long.
	body := `{"amount": 1, "asset_id": "USD", "payment_asset_id": "BTC", "description": "` + strings.Repeat("x", bodyLimit-200) + `"}`
	a.call(t, "POST", "/int/payment", body).wantError(t, http.StatusUnprocessableEntity, gateway.ErrCodeInvalidField, "description")
}
