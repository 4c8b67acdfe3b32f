package engine

import (
	"context"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/mail"
)

// mailKinds lists the kinds of the e-mails queued about an object, oldest first.
func mailKinds(t testing.TB, e *Engine, objectID string) []string {
	t.Helper()
	mails, err := e.ListMails(context.Background(), "", 1000)
	if err != nil {
		t.Fatalf("ListMails: %v", err)
	}
	var out []string
	for i := len(mails) - 1; i >= 0; i-- {
		if mails[i].ObjectID == objectID {
			out = append(out, string(mails[i].Kind))
		}
	}
	return out
}

func payerFields(email string) gateway.MerchantFields {
	return gateway.MerchantFields{PayerEmail: email, PayerName: "Ana", PayerLang: "pt", Description: "Order 7"}
}

func TestPaymentMailsFollowTheLifecycle(t *testing.T) {
	e, _ := newTestEngine(t)
	s := newTestStore(t, e, NewStore{Page: StorePageChange{PayerEmails: new(true)}})
	req := fixed("0.01", "BTC", "BTC")
	req.MerchantFields = payerFields("ana@example.com")
	p := createPayment(t, e, s, req)
	if got := mailKinds(t, e, p.PaymentID); len(got) != 0 {
		t.Fatalf("a new payment queued %v; nothing is due before money arrives", got)
	}
	send(t, e, s, p.PaymentID, "0.004")
	send(t, e, s, p.PaymentID, "0.002")
	if got, want := mailKinds(t, e, p.PaymentID), []string{"partial", "partial"}; !equal(got, want) {
		t.Fatalf("after two parts: %v, want %v (one e-mail per part)", got, want)
	}
	send(t, e, s, p.PaymentID, "0.004") // enough: CLOSING, no e-mail yet
	if got := len(mailKinds(t, e, p.PaymentID)); got != 2 {
		t.Fatalf("the payment is only confirming, yet %d e-mails", got)
	}
	mine(t, e, s, gateway.NetworkBitcoin, 6)
	mine(t, e, s, gateway.NetworkBitcoin, 6) // replaying confirmations changes nothing
	if got, want := mailKinds(t, e, p.PaymentID), []string{"partial", "partial", "receipt"}; !equal(got, want) {
		t.Fatalf("after completion: %v, want %v", got, want)
	}
	send(t, e, s, p.PaymentID, "0.001") // late: the receipt was sent already
	if got := len(mailKinds(t, e, p.PaymentID)); got != 3 {
		t.Fatalf("a late transaction queued another e-mail (%d)", got)
	}
	mails, _ := e.ListMails(context.Background(), s.StoreID, 1)
	n := mails[0].Notice
	if n.Kind != mail.KindReceipt || n.To != "ana@example.com" || n.Lang != "pt" || n.Payment.Status != gateway.StatusComplete ||
		len(n.Txs) != 3 || n.Store.Name != "Test store" {
		t.Fatalf("receipt notice = %+v", n)
	}
}

func TestExpiryAfterPartialPaymentMails(t *testing.T) {
	e, clk := newTestEngine(t)
	s := newTestStore(t, e, NewStore{Page: StorePageChange{PayerEmails: new(true)}})
	req := fixed("0.01", "BTC", "BTC")
	req.MerchantFields = payerFields("ana@example.com")
	part := createPayment(t, e, s, req)
	nothing := createPayment(t, e, s, req)
	send(t, e, s, part.PaymentID, "0.003")
	mine(t, e, s, gateway.NetworkBitcoin, 6)
	clk.Advance(25 * 60 * 60 * 1e9)
	expireDue(t, e)
	if got, want := mailKinds(t, e, part.PaymentID), []string{"partial", "expired_partial"}; !equal(got, want) {
		t.Fatalf("partly paid, expired: %v, want %v", got, want)
	}
	if got := mailKinds(t, e, nothing.PaymentID); len(got) != 0 {
		t.Fatalf("expired with nothing received: %v, want no e-mail", got)
	}
	send(t, e, s, nothing.PaymentID, "0.01") // late, after CANCEL: not "expired after a partial payment"
	if got := mailKinds(t, e, nothing.PaymentID); len(got) != 0 {
		t.Fatalf("late transaction to a cancelled payment: %v, want none", got)
	}
}

func TestNoMailsWithoutTheSettingOrAnAddress(t *testing.T) {
	e, _ := newTestEngine(t)
	off := newTestStore(t, e, NewStore{})
	on := newTestStore(t, e, NewStore{Page: StorePageChange{PayerEmails: new(true)}, APIKey: "second"})
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		store gateway.Store
		email string
	}{
		{"store off", off, "ana@example.com"},
		{"no payer_email", on, ""},
	} {
		d, err := e.CreateDedicate(ctx, c.store, gateway.CreateDedicateRequest{AssetID: "BTC", MerchantFields: payerFields(c.email)})
		if err != nil {
			t.Fatalf("%s: CreateDedicate: %v", c.name, err)
		}
		if got := mailKinds(t, e, d.DedicateID); len(got) != 0 {
			t.Errorf("%s: queued %v, want nothing", c.name, got)
		}
	}
	// A payer_email that would add a header is refused by the API before anything is stored.
	for _, bad := range []string{"ana@example.com\r\nBcc: evil@example.com", "ana@example.com, evil@example.com"} {
		_, err := e.CreateDedicate(ctx, on, gateway.CreateDedicateRequest{AssetID: "BTC", MerchantFields: payerFields(bad)})
		wantCode(t, err, gateway.ErrCodeInvalidField)
	}
	d, err := e.CreateDedicate(ctx, on, gateway.CreateDedicateRequest{AssetID: "USDT.TRC20", MerchantFields: payerFields("Ana Lima <ana@example.com>")})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := mailKinds(t, e, d.DedicateID), []string{"dedicate"}; !equal(got, want) {
		t.Fatalf("dedicate with payer_email on a store with e-mails on: %v, want %v", got, want)
	}
	mails, _ := e.ListMails(ctx, on.StoreID, 1)
	if got := mails[0].To; got != "ana@example.com" {
		t.Fatalf("recipient of \"Ana Lima <ana@example.com>\" = %q, want the bare address", got)
	}
	st, err := e.UpdateStore(ctx, on.StoreID, StoreChange{Page: StorePageChange{PayerEmails: new(false)}})
	if err != nil || st.Page.PayerEmails {
		t.Fatalf("UpdateStore payer_emails=false: %v, %v", st.Page.PayerEmails, err)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
