package cli

import (
	"bytes"
	"context"
	"net/mail"
	"regexp"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/handlers/server"
)

func runMail(t *testing.T, cfg server.Config, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := RunMail(context.Background(), cfg, args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// TestPayerEmailsFlagAndMailCommands: --payer-emails turns the setting on, an e-mail is then queued
// for a dedicated address, and "mail list|show|resend" show it without any SMTP server: show
// prints an RFC 5322 message, kept so the server sends exactly that.
func TestPayerEmailsFlagAndMailCommands(t *testing.T) {
	cfg := server.Config{DataDir: t.TempDir(), PublicURL: "https://pay.example", MailFrom: "Shop <noreply@shop.example>"}
	_, errOut, code := run(t, cfg, "create", "--name", "Shop", "--api-key", "k1", "--payer-emails", "maybe")
	if code == 0 || !strings.Contains(errOut, "--payer-emails") {
		t.Fatalf("--payer-emails maybe: exit %d, %q", code, errOut)
	}
	out, errOut, code := run(t, cfg, "create", "--name", "Shop", "--api-key", "k1")
	if code != 0 {
		t.Fatalf("create: %s", errOut)
	}
	storeID := regexp.MustCompile(`Store ([0-9a-f-]{36})`).FindStringSubmatch(out)[1]
	if out, _, _ := run(t, cfg, "list"); !strings.Contains(out, "PAYER EMAILS") || !strings.Contains(out, "false") {
		t.Fatalf("list does not show payer e-mails off: %q", out)
	}
	if _, errOut, code := run(t, cfg, "set", storeID, "--payer-emails", "true"); code != 0 {
		t.Fatalf("set --payer-emails true: %s", errOut)
	}

	e := openEngine(t, cfg.DataDir)
	store, err := e.StoreByID(context.Background(), storeID)
	if err != nil || !store.Page.PayerEmails {
		t.Fatalf("store after set: payer e-mails %v, %v", store.Page.PayerEmails, err)
	}
	d, err := e.CreateDedicate(context.Background(), store, gateway.CreateDedicateRequest{AssetID: "BTC",
		MerchantFields: gateway.MerchantFields{PayerEmail: "ana@example.com", PayerLang: "es", PayerName: "Ana"}})
	if err != nil {
		t.Fatal(err)
	}
	e.Close()

	out, _, code = runMail(t, cfg, "list")
	if code != 0 || !strings.Contains(out, "dedicate") || !strings.Contains(out, "ana@example.com") || !strings.Contains(out, d.DedicateID) ||
		!strings.Contains(out, "pending") {
		t.Fatalf("mail list = %q", out)
	}
	shown, errOut, code := runMail(t, cfg, "show", "1")
	if code != 0 {
		t.Fatalf("mail show: %s", errOut)
	}
	m, err := mail.ReadMessage(strings.NewReader(shown))
	if err != nil {
		t.Fatalf("mail show printed no RFC 5322 message: %v", err)
	}
	if m.Header.Get("From") != `"Shop" <noreply@shop.example>` || m.Header.Get("Content-Language") != "es" {
		t.Errorf("From %q, Content-Language %q", m.Header.Get("From"), m.Header.Get("Content-Language"))
	}
	if again, _, _ := runMail(t, cfg, "show", "1"); again != shown {
		t.Errorf("mail show printed a different message the second time: the first was not kept")
	}
	if out, _, code := runMail(t, cfg, "resend", "1"); code != 0 || !strings.Contains(out, "due again") {
		t.Errorf("resend: %d %q", code, out)
	}
	if _, errOut, code := runMail(t, cfg, "show", "99"); code == 0 || !strings.Contains(errOut, "not found") {
		t.Errorf("show 99: exit %d, %q", code, errOut)
	}
	if _, _, code := runMail(t, cfg, "show", "x"); code == 0 {
		t.Errorf("show x succeeded")
	}
}

// TestMailShowWithoutMailFrom previews with a placeholder sender and keeps nothing, so the server
// later sends the message with the real MAIL_FROM.
func TestMailShowWithoutMailFrom(t *testing.T) {
	cfg := server.Config{DataDir: t.TempDir(), PublicURL: "https://pay.example"}
	e := openEngine(t, cfg.DataDir)
	store := newMailingStore(t, e)
	if _, err := e.CreateDedicate(context.Background(), store, gateway.CreateDedicateRequest{AssetID: "ETH",
		MerchantFields: gateway.MerchantFields{PayerEmail: "ana@example.com"}}); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runMail(t, cfg, "show", "1")
	if code != 0 || !strings.Contains(out, "noreply@checkout.invalid") || !strings.Contains(errOut, "MAIL_FROM") {
		t.Fatalf("preview: exit %d, %q", code, errOut)
	}
	if m, _ := e.MailByID(context.Background(), 1); m.Message != nil {
		t.Fatalf("a preview with a placeholder sender was kept")
	}
}

func newMailingStore(t *testing.T, e interface {
	CreateStore(context.Context, engine.NewStore) (gateway.Store, engine.StoreCredentials, error)
}) gateway.Store {
	t.Helper()
	s, _, err := e.CreateStore(context.Background(), engine.NewStore{Name: "Shop", IsTest: true, Page: engine.StorePageChange{PayerEmails: new(true)}})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
