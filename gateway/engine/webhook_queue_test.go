package engine

import (
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

func TestWebhookOutboxFollowsTheLifecycle(t *testing.T) {
	e, clk := newTestEngine(t)
	store := newTestStore(t, e, NewStore{WebhookURL: "https://store.example/hook"})
	p := createPayment(t, e, store, fixed("300", "USD", "BTC"))

	send(t, e, store, p.PaymentID, "0.004")
	send(t, e, store, p.PaymentID, "0.006")
	mine(t, e, store, "BITCOIN", 3)
	mine(t, e, store, "BITCOIN", 3)
	mine(t, e, store, "BITCOIN", 3) // nothing left to confirm
	clk.Advance(3 * time.Hour)
	expireDue(t, e)

	want := []struct{ event, status, ip string }{
		{EventPaymentOpen, gateway.StatusOpen, "0"},            // created
		{EventPaymentOpen, gateway.StatusOpen, "0.004"},        // first transaction
		{EventPaymentOpen, gateway.StatusClosing, "0.01"},      // second transaction, with the current status
		{EventPaymentComplete, gateway.StatusComplete, "0.01"}, // confirmed, once
	}
	rows := outboxRows(t, e, p.PaymentID)
	if got := len(rows); got != len(want) {
		for _, r := range rows {
			t.Logf("%s %s %s", r.Event, r.Body.Payment.Status, r.Body.Payment.IPAmount)
		}
		t.Fatalf("outbox rows = %d, want %d", got, len(want))
	}
	for i, w := range want {
		r := rows[i]
		if r.Event != w.event || r.Body.Event != w.event || r.Body.Payment.Status != w.status || r.Body.Payment.IPAmount.String() != w.ip {
			t.Errorf("row %d = %s (body %s) status %s ip %s; want %s status %s ip %s",
				i, r.Event, r.Body.Event, r.Body.Payment.Status, r.Body.Payment.IPAmount, w.event, w.status, w.ip)
		}
		if got, want := r.Body.Type, "notification"; got != want {
			t.Errorf("row %d type = %q, want %q", i, got, want)
		}
		if got, want := r.Body.Payment.PaymentID, p.PaymentID; got != want {
			t.Errorf("row %d payment_id = %s, want %s", i, got, want)
		}
		if got, want := r.URL, "https://store.example/hook"; got != want {
			t.Errorf("row %d url = %s, want the store's %s", i, got, want)
		}
	}
}

func TestWebhookOutboxCancelOnce(t *testing.T) {
	e, clk := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	p := createPayment(t, e, store, fixed("300", "USD", "BTC"))
	clk.Advance(2 * time.Hour)
	for i := 0; i < 3; i++ {
		expireDue(t, e)
	}
	rows := outboxRows(t, e, p.PaymentID)
	if got, want := len(rows), 2; got != want {
		t.Fatalf("outbox rows = %d, want %d (open, cancel)", got, want)
	}
	if got, want := rows[0].Event, EventPaymentOpen; got != want {
		t.Errorf("first event = %s, want %s", got, want)
	}
	if got, want := rows[1].Event, EventPaymentCancel; got != want {
		t.Errorf("second event = %s, want %s", got, want)
	}
	if got, want := rows[1].Body.Payment.Status, gateway.StatusCancel; got != want {
		t.Errorf("cancel webhook status = %s, want %s", got, want)
	}
}

func TestWebhookTarget(t *testing.T) {
	e, _ := newTestEngine(t)
	withURL := newTestStore(t, e, NewStore{WebhookURL: "https://store.example/hook"})
	withoutURL, _, err := e.CreateStore(t.Context(), NewStore{Name: "Quiet", IsTest: true})
	if err != nil {
		t.Fatal(err)
	}
	own := fixed("1", "BTC", "BTC")
	own.WebhookURL = "https://payment.example/hook"
	tests := []struct {
		name  string
		store gateway.Store
		req   gateway.CreatePaymentRequest
		want  []string
	}{
		{"the store's URL", withURL, fixed("1", "BTC", "BTC"), []string{"https://store.example/hook"}},
		{"the payment's own URL wins", withURL, own, []string{"https://payment.example/hook"}},
		{"the payment's own URL without a store URL", withoutURL, own, []string{"https://payment.example/hook"}},
		{"no URL anywhere: nothing to send", withoutURL, fixed("1", "BTC", "BTC"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := createPayment(t, e, tt.store, tt.req)
			rows := outboxRows(t, e, p.PaymentID)
			var got []string
			for _, r := range rows {
				got = append(got, r.URL)
			}
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
				t.Errorf("webhook urls = %v, want %v", got, tt.want)
			}
		})
	}
}
