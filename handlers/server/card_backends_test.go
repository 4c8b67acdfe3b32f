package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/handlers/server"
)

// postNoFollow posts a page's form the way a browser on the site does, without following the
// redirect.
func postNoFollow(t *testing.T, target string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, target, nil)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// Pay by card over both backends. The same fiat payment of the gateway's test store: on the
// embedded gateway's own pages the card goes to the emulated provider (test tools are on); on a
// remote replica in front of it, which has no test tools, it goes to the real provider the replica's
// operator configured (MoonPay, signed), and the emulated provider does not exist there.
func TestPayByCardOnBothBackends(t *testing.T) {
	ramp := map[string]string{"ONRAMP_MOONPAY_API_KEY": "pk_test_both", "ONRAMP_MOONPAY_SECRET_KEY": "sk_test_both"}
	gwEnv := map[string]string{"STORE_API_KEY": gwKey, "STORE_API_SECRET": gwSecret, "STORE_WEBHOOK_SECRET": gwWebhookSecret}
	for k, v := range ramp {
		gwEnv[k] = v
	}
	gw := startServer(t, gwEnv)
	replicaEnv := map[string]string{"GATEWAY_URL": gw.URL() + "/int", "GATEWAY_API_KEY": gwKey,
		"GATEWAY_API_SECRET": gwSecret, "GATEWAY_WEBHOOK_SECRET": gwWebhookSecret}
	for k, v := range ramp {
		replicaEnv[k] = v
	}
	replica := startServer(t, replicaEnv)

	var p createdPayment
	callAs(t, gw, gwKey, gwSecret, http.MethodPost, "/payment",
		`{"amount":100,"asset_id":"EUR","payment_asset_id":"ETH","fiat_provider":"cmoonpay","fiat_asset_id":"EUR"}`, &p)
	path := "/payment/" + p.PaymentID + "?code=" + url.QueryEscape(p.code(t))
	onramp := "/payment/" + p.PaymentID + "/onramp?code=" + url.QueryEscape(p.code(t))

	for _, backend := range []struct {
		name string
		m    *server.Main
	}{{"embedded", gw}, {"remote", replica}} {
		t.Run(backend.name, func(t *testing.T) {
			status, _, body := get(t, backend.m.URL()+path)
			if status != http.StatusOK || !strings.Contains(body, `data-testid="card-pay"`) || !strings.Contains(body, "Pay by card with MoonPay") {
				t.Fatalf("page %d without the card panel:\n%s", status, body)
			}
			resp := postNoFollow(t, backend.m.URL()+onramp)
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("status %d, want 303", resp.StatusCode)
			}
			loc := resp.Header.Get("Location")
			emulatedPath := "/onramp/test/" + p.PaymentID + "?code=" + url.QueryEscape(p.code(t))
			switch backend.name {
			case "embedded":
				if loc != emulatedPath {
					t.Errorf("embedded test store: redirect to %q, want the emulated provider", loc)
				}
			case "remote":
				u, err := url.Parse(loc)
				if err != nil || u.Host != "buy.moonpay.com" || u.Query().Get("externalTransactionId") != p.PaymentID ||
					u.Query().Get("baseCurrencyAmount") != "100" || u.Query().Get("signature") == "" {
					t.Errorf("remote: redirect to %q, want a signed MoonPay link for the payment", loc)
				}
				if status, _, _ := get(t, backend.m.URL()+emulatedPath); status != http.StatusNotFound {
					t.Errorf("remote: the emulated provider answers %d, want 404", status)
				}
			}
		})
	}
}
