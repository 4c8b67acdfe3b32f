package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/mail/mailpittest"
	"github.com/cryptocheckout/checkout/handlers/server"
)

// TestRemoteReplicasEmailPayersOnce: two replicas in front of a gateway, sharing Redis, with payer
// e-mails on (GATEWAY_PAYER_EMAILS). Replica A learns of the payment's changes from the gateway's
// webhooks, replica B from polling while a payer watches the page there. The partial-payment
// notice and the receipt each reach the payer once, in the payer's language.
func TestRemoteReplicasEmailPayersOnce(t *testing.T) {
	mp := mailpittest.Start(t)
	gw := startServer(t, map[string]string{
		"STORE_API_KEY": gwKey, "STORE_API_SECRET": gwSecret, "STORE_WEBHOOK_SECRET": gwWebhookSecret,
	})
	prefix := redistest.Prefix(t)
	replica := func() *server.Main {
		return startServer(t, map[string]string{
			"REDIS_URL": redistest.URL(t), "REDIS_PREFIX": prefix, "POLL_INTERVAL": "200ms",
			"GATEWAY_URL": gw.URL() + "/int", "GATEWAY_API_KEY": gwKey, "GATEWAY_API_SECRET": gwSecret,
			"GATEWAY_WEBHOOK_SECRET": gwWebhookSecret, "GATEWAY_PAYER_EMAILS": "true",
			"SMTP_URL": mp.SMTPURL(), "MAIL_FROM": "Shop <noreply@shop.example>",
		})
	}
	a, b := replica(), replica()
	to := mailpittest.Inbox(t)
	var p struct {
		PaymentID     string `json:"payment_id"`
		PaymentURL    string `json:"payment_url"`
		PaymentAmount string `json:"payment_amount"`
	}
	gatewayCall(t, gw, http.MethodPost, "/payment", `{"amount": "0.002", "asset_id": "BTC", "payment_asset_id": "BTC",
		"payer_email": "`+to+`", "payer_lang": "ja", "webhook_url": "`+a.URL()+`/webhooks/gateway"}`, &p)
	u, _ := url.Parse(p.PaymentURL)
	watch := openEvents(t, b.URL()+"/payment/"+p.PaymentID+"/events?code="+url.QueryEscape(u.Query().Get("code")))
	watch.waitState(t, "B", "waiting", 5*time.Second)

	gatewayCall(t, gw, http.MethodPost, "/test/payment/"+p.PaymentID+"/tx", `{"amount": "0.0005"}`, nil)
	watch.waitState(t, "B", "partial", 5*time.Second)
	partial := mp.Wait(t, to, 1, mailWait)
	if !strings.Contains(partial[0].Subject, "一部") {
		t.Errorf("partial notice subject %q is not the Japanese one", partial[0].Subject)
	}
	gatewayCall(t, gw, http.MethodPost, "/test/payment/"+p.PaymentID+"/tx", `{"amount": "0.0015"}`, nil)
	gatewayCall(t, gw, http.MethodPost, "/test/blocks", `{"crypto_network": "BITCOIN", "count": 6}`, nil)
	watch.waitState(t, "B", "paid", 5*time.Second)
	got := mp.Wait(t, to, 2, mailWait)
	if !strings.Contains(got[0].Subject, "領収書") {
		t.Errorf("newest e-mail %q is not the Japanese receipt", got[0].Subject)
	}
	// Both replicas saw every change, several times over (webhooks for each event, polls): still
	// one e-mail per event once things settle.
	time.Sleep(time.Second)
	if n := len(mp.To(t, to)); n != 2 {
		t.Fatalf("%d e-mails for a partial payment and a completion, want 2", n)
	}
}

// TestRemoteStoresFilePayerEmails: with a stores file, payers of the store whose table says
// payer_emails = true get their receipt, with that store's support contact and colour; payers of
// the other store get nothing.
func TestRemoteStoresFilePayerEmails(t *testing.T) {
	mp := mailpittest.Start(t)
	s := startTwoStores(t, "payer_emails = true\nbrand_color = \"#1a6b3c\"\n")
	r := s.replica(t, map[string]string{"REDIS_URL": redistest.URL(t), "REDIS_PREFIX": redistest.Prefix(t),
		"SMTP_URL": mp.SMTPURL(), "MAIL_FROM": "Checkout <noreply@checkout.example>"})
	toA, toB := mailpittest.Inbox(t), mailpittest.Inbox(t)
	pay := func(key, secret, to string) {
		var p struct {
			PaymentID     string `json:"payment_id"`
			PaymentAmount string `json:"payment_amount"`
		}
		callAs(t, s.gw, key, secret, http.MethodPost, "/payment", `{"amount": "0.001", "asset_id": "BTC", "payment_asset_id": "BTC",
			"payer_email": "`+to+`", "payer_lang": "fr", "webhook_url": "`+r.URL()+`/webhooks/gateway"}`, &p)
		callAs(t, s.gw, key, secret, http.MethodPost, "/test/payment/"+p.PaymentID+"/tx", `{"amount": "`+p.PaymentAmount+`"}`, nil)
		callAs(t, s.gw, key, secret, http.MethodPost, "/test/blocks", `{"crypto_network": "BITCOIN", "count": 6}`, nil)
	}
	pay(gwKey, gwSecret, toA)
	pay(keyB, secretB, toB)
	got := mp.Message(t, mp.Wait(t, toB, 1, mailWait)[0].ID)
	if !strings.Contains(got.Subject, "Reçu") || !strings.Contains(got.Text, "help@shop-b.example") || !strings.Contains(got.HTML, "#1a6b3c") {
		t.Errorf("store B's receipt: subject %q, without its support e-mail or colour", got.Subject)
	}
	time.Sleep(time.Second) // store A's webhooks were sent before B's: its e-mail, if any, would be here
	if n := len(mp.To(t, toA)); n != 0 {
		t.Fatalf("store A (payer_emails off) e-mailed its payer %d times", n)
	}
}
