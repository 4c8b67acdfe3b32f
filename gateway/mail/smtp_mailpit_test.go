package mail_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	gmail "github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/gateway/mail/mailpittest"
)

const wait = 15 * time.Second

func smtpTo(t *testing.T, url string) *gmail.SMTP {
	t.Helper()
	cfg, err := gmail.ParseSMTPURL(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Timeout = 5 * time.Second
	s, err := gmail.NewSMTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEveryKindInEveryLanguageOverSMTP sends each kind of e-mail in each of the ten languages
// through a real SMTP server and reads what arrived: the localized subject, both bodies, the
// direction of the text, the links and the inline QR code, and nothing external or scripted.
func TestEveryKindInEveryLanguageOverSMTP(t *testing.T) {
	mp := mailpittest.Start(t)
	tr := smtpTo(t, mp.SMTPURL())
	ctx := context.Background()
	subjects := map[string]bool{}
	for _, lang := range catalog.Languages() {
		for _, kind := range kinds {
			t.Run(lang+"/"+string(kind), func(t *testing.T) {
				to := mailpittest.Inbox(t)
				n := notice(kind, to, lang)
				want, err := renderer.Render(n, gmail.Inline{QR: "x"})
				if err != nil {
					t.Fatal(err)
				}
				raw, err := gmail.Compose(n, from, renderer)
				if err != nil {
					t.Fatal(err)
				}
				if err := tr.Send(ctx, from.Address, to, raw); err != nil {
					t.Fatalf("Send: %v", err)
				}
				got := mp.Message(t, mp.Wait(t, to, 1, wait)[0].ID)
				got.Text = strings.ReplaceAll(got.Text, "\r\n", "\n")
				if got.Subject != want.Subject || got.Subject == "" {
					t.Errorf("subject %q, want %q", got.Subject, want.Subject)
				}
				if subjects[got.Subject] {
					t.Errorf("subject %q is shared with another kind or language", got.Subject)
				}
				subjects[got.Subject] = true
				if len(got.To) != 1 || got.To[0].Address != to || got.From.Address != "noreply@shop.example" {
					t.Errorf("To %v From %v", got.To, got.From)
				}
				dir := "ltr"
				if lang == "ar" || lang == "fa" {
					dir = "rtl"
				}
				for _, s := range []string{`lang="` + lang + `"`, `dir="` + dir + `"`, `Café &lt;Lumière&gt;`} {
					if !strings.Contains(got.HTML, s) {
						t.Errorf("HTML lacks %s", s)
					}
				}
				if strings.Contains(got.HTML, "<script") || strings.Contains(got.HTML, `src="http`) {
					t.Errorf("HTML has a script or an external image")
				}
				if strings.TrimSpace(got.Text) == "" || !strings.Contains(got.Text, "help@shop.example") {
					t.Errorf("text body missing or without the support contact: %q", got.Text)
				}
				link := ""
				switch kind {
				case gmail.KindDedicate:
					link = n.Dedicate.PaymentURL
				case gmail.KindPartial, gmail.KindExpiredPartial:
					link = n.Payment.PaymentURL
				case gmail.KindReceipt:
					link = n.ReceiptURL
				}
				if link != "" && (!strings.Contains(got.Text, link) || !strings.Contains(got.HTML, strings.ReplaceAll(link, "&", "&amp;"))) {
					t.Errorf("the page link %s is not in both bodies", link)
				}
				wantQR := gmail.QRContent(n)
				if wantQR == "" {
					if len(got.Inline) != 0 {
						t.Errorf("%s has inline images %v, want none", kind, got.Inline)
					}
					return
				}
				if len(got.Inline) != 1 || got.Inline[0].ContentID != "qr@checkout" || got.Inline[0].ContentType != "image/png" {
					t.Fatalf("inline parts %+v, want the QR code", got.Inline)
				}
				if !strings.Contains(got.HTML, `src="cid:qr@checkout"`) {
					t.Errorf("HTML does not show the inline QR code")
				}
				if qr := decodeQR(t, mp.PartData(t, got.ID, got.Inline[0].PartID)); qr != wantQR {
					t.Errorf("QR holds %q, want %q", qr, wantQR)
				}
				address := tronAddress
				if kind == gmail.KindPartial {
					address = btcAddress
				}
				if !strings.Contains(got.HTML, `dir="ltr"`) || !strings.Contains(got.HTML, address) || !strings.Contains(got.Text, "\n"+address+"\n") {
					t.Errorf("address %s not shown left to right on a line of its own", address)
				}
			})
		}
	}
}

// TestHeaderInjectionAddsNoRecipient puts "\r\nBcc: …" into every payer and merchant string that
// reaches a header and checks at the server that only the payer got the message.
func TestHeaderInjectionAddsNoRecipient(t *testing.T) {
	mp := mailpittest.Start(t)
	tr := smtpTo(t, mp.SMTPURL())
	to, evil := mailpittest.Inbox(t), mailpittest.Inbox(t)
	n := notice(gmail.KindReceipt, to, "en")
	n.Name = "Ana\r\nBcc: " + evil
	n.Store.Name = "Shop\r\nBcc: " + evil
	n.Payment.Description = "Order\r\nBcc: " + evil
	raw, err := gmail.Compose(n, from, renderer)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Send(context.Background(), from.Address, to, raw); err != nil {
		t.Fatal(err)
	}
	got := mp.Message(t, mp.Wait(t, to, 1, wait)[0].ID)
	if len(got.To) != 1 || len(got.Cc) != 0 || len(got.Bcc) != 0 {
		t.Fatalf("To %v Cc %v Bcc %v, want only %s", got.To, got.Cc, got.Bcc, to)
	}
	// Mailpit's search also matches display names, where the injected text now harmlessly sits:
	// what counts is whether the address is a recipient of any message.
	for _, s := range mp.To(t, evil) {
		m := mp.Message(t, s.ID)
		for _, a := range append(append(m.To, m.Cc...), m.Bcc...) {
			if strings.EqualFold(a.Address, evil) {
				t.Fatalf("message %s went to the injected address", s.ID)
			}
		}
	}
	header, _, _ := strings.Cut(strings.ReplaceAll(string(mp.Raw(t, got.ID)), "\r\n", "\n"), "\n\n")
	for _, line := range strings.Split(header, "\n") {
		if strings.HasPrefix(strings.ToLower(line), "bcc:") {
			t.Fatalf("the message has a header line %q", line)
		}
	}
	if !strings.Contains(got.To[0].Name, "Ana") {
		t.Errorf("the payer's name was lost: %q", got.To[0].Name)
	}
}

// TestRefusedRecipientIsPermanent: a 5xx answer is not retried.
func TestRefusedRecipientIsPermanent(t *testing.T) {
	mp := mailpittest.Start(t)
	tr := smtpTo(t, mp.SMTPURL())
	err := tr.Send(context.Background(), "noreply@shop.example", "bad address@example.com", []byte("Subject: x\r\n\r\nx\r\n"))
	if err == nil {
		t.Fatal("an invalid recipient was accepted")
	}
	var perm *gmail.PermanentError
	if !errors.As(err, &perm) {
		t.Fatalf("refusal %v is not permanent: it would be retried for a day", err)
	}
}
