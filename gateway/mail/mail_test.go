package mail_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	pngenc "image/png"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cryptocheckout/checkout/gateway"
	gmail "github.com/cryptocheckout/checkout/gateway/mail"
)

func TestParseSMTPURL(t *testing.T) {
	for _, c := range []struct {
		in               string
		host, user, pass string
		port             int
		implicit         bool
		starttls         string
		wantErr          bool
	}{
		{in: "smtp://user:p%40ss@mail.example:587", host: "mail.example", user: "user", pass: "p@ss", port: 587, starttls: "required"},
		{in: "smtp://mail.example", host: "mail.example", port: 587, starttls: "required"},
		{in: "smtps://u:p@mail.example:465", host: "mail.example", user: "u", pass: "p", port: 465, implicit: true, starttls: "required"},
		{in: "smtps://mail.example", host: "mail.example", port: 465, implicit: true, starttls: "required"},
		{in: "smtp://127.0.0.1:1025?starttls=off", host: "127.0.0.1", port: 1025, starttls: "off"},
		{in: "smtp://h?starttls=opportunistic", host: "h", port: 587, starttls: "opportunistic"},
		{in: "http://mail.example", wantErr: true},
		{in: "smtp://", wantErr: true},
		{in: "smtp://h:99999", wantErr: true},
		{in: "smtp://h?starttls=maybe", wantErr: true},
		{in: "smtps://h?starttls=off", wantErr: true},
	} {
		got, err := gmail.ParseSMTPURL(c.in)
		if c.wantErr {
			if err == nil {
				t.Errorf("ParseSMTPURL(%q) = %+v, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got.Host != c.host || got.Port != c.port || got.Username != c.user || got.Password != c.pass ||
			got.ImplicitTLS != c.implicit || got.StartTLS != c.starttls {
			t.Errorf("ParseSMTPURL(%q) = %+v, %v", c.in, got, err)
		}
	}
}

func TestRecipient(t *testing.T) {
	for in, want := range map[string]string{
		"ana@example.com":               "ana@example.com",
		" ana@example.com ":             "ana@example.com",
		"Ana Lima <ana@example.com>":    "ana@example.com",
		"ana@example.com\r\nBcc: x@y.z": "",
		"ana@example.com, x@y.z":        "",
		"ana@example.com\nx@y.z":        "",
		"ana":                           "",
		"ana@localhost":                 "",
		"<ana@example.com>\r\n":         "",
		"":                              "",
	} {
		got, ok := gmail.Recipient(in)
		if got != want || ok != (want != "") {
			t.Errorf("Recipient(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestHeaderText(t *testing.T) {
	for in, want := range map[string]string{
		"Ana\r\nBcc: evil@example.com": "Ana Bcc: evil@example.com",
		"  two   spaces \t":            "two spaces",
		"line\u2028sep":                "line sep",
		"Ünïcödé":                      "Ünïcödé",
	} {
		if got := gmail.HeaderText(in, 100); got != want {
			t.Errorf("HeaderText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := gmail.HeaderText(strings.Repeat("é", 300), 10); utf8.RuneCountInString(got) != 10 {
		t.Errorf("HeaderText cut to %d runes, want 10", utf8.RuneCountInString(got))
	}
}

func FuzzHeaderText(f *testing.F) {
	f.Add("Ana\r\nBcc: evil@example.com", 50)
	f.Add("\x00\x7f\u2028\u0085", 5)
	f.Fuzz(func(t *testing.T, s string, max int) {
		if max < 0 || max > 1000 {
			return
		}
		got := gmail.HeaderText(s, max)
		if strings.ContainsAny(got, "\r\n\x00") || utf8.RuneCountInString(got) > max {
			t.Fatalf("HeaderText(%q, %d) = %q", s, max, got)
		}
	})
}

func FuzzRecipient(f *testing.F) {
	f.Add("ana@example.com")
	f.Add("Ana <ana@example.com>\r\nBcc: x@y.z")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := gmail.Recipient(s)
		if ok && (strings.ContainsAny(got, "\r\n <>,;\"") || strings.Count(got, "@") != 1) {
			t.Fatalf("Recipient(%q) accepted %q", s, got)
		}
	})
}

func TestPaymentKind(t *testing.T) {
	p := func(status, typ, ip, remain string) gateway.Payment {
		return gateway.Payment{Status: status, PaymentType: typ, IPAmount: gateway.MustAmount(ip), RemainAmount: gateway.MustAmount(remain)}
	}
	for _, c := range []struct {
		p    gateway.Payment
		want gmail.Kind
	}{
		{p("OPEN", gateway.FixedAmount, "0", "1"), ""},
		{p("OPEN", gateway.FixedAmount, "0.4", "0.6"), gmail.KindPartial},
		{p("OPEN", gateway.OpenAmount, "0.4", "0"), ""},
		{p("CLOSING", gateway.FixedAmount, "1", "0"), ""},
		{p("COMPLETE", gateway.FixedAmount, "1", "0"), gmail.KindReceipt},
		{p("CANCEL", gateway.FixedAmount, "0", "1"), ""},
		{p("CANCEL", gateway.FixedAmount, "0.4", "0.6"), gmail.KindExpiredPartial},
	} {
		got, ok := gmail.PaymentKind(c.p)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("PaymentKind(%s %s ip=%s) = %q, want %q", c.p.Status, c.p.PaymentType, c.p.IPAmount, got, c.want)
		}
	}
	a := notice(gmail.KindPartial, "a@example.com", "en")
	b := notice(gmail.KindPartial, "a@example.com", "en")
	b.Payment.IPAmount = gateway.MustAmount("0.0007")
	if a.EventKey() == b.EventKey() {
		t.Errorf("two parts of a payment share the event key %q: the second part would get no e-mail", a.EventKey())
	}
	if r := notice(gmail.KindReceipt, "a@example.com", "en"); r.EventKey() != "receipt:"+r.Payment.PaymentID {
		t.Errorf("receipt event key = %q", r.EventKey())
	}
}

// TestComposeStructure reads a composed message back with the standard library: headers, the
// multipart/related → alternative(text, HTML) + inline PNG structure, and that payer and
// merchant text with line breaks added no header.
func TestComposeStructure(t *testing.T) {
	n := notice(gmail.KindDedicate, "ana@example.com", "ar")
	n.Name = "Ali\r\nBcc: evil@example.com"
	n.Store.Name = "Shop\r\nX-Evil: 1"
	n.Dedicate.Description = "line one\r\nBcc: evil2@example.com"
	raw, err := gmail.Compose(n, from, renderer)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v", err)
	}
	for _, h := range []string{"Bcc", "Cc", "X-Evil"} {
		if v := m.Header.Get(h); v != "" {
			t.Errorf("header %s: %q was injected", h, v)
		}
	}
	to, err := m.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "ana@example.com" {
		t.Fatalf("To = %v, %v; want only ana@example.com", to, err)
	}
	if got := m.Header.Get("Message-Id"); !strings.HasSuffix(got, ".dedicate@shop.example>") {
		t.Errorf("Message-ID = %q", got)
	}
	if got := m.Header.Get("Content-Language"); got != "ar" {
		t.Errorf("Content-Language = %q", got)
	}
	if got := m.Header.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", got)
	}
	if d, _ := m.Header.Date(); !d.Equal(created) {
		t.Errorf("Date = %v, want the time of the change %v", d, created)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || !strings.Contains(subject, "USDT (TRC-20)") || !strings.Contains(subject, "Shop X-Evil: 1") {
		t.Errorf("Subject = %q, %v", subject, err)
	}
	mt, params, _ := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if mt != "multipart/related" {
		t.Fatalf("top-level type %q, want multipart/related", mt)
	}
	parts := multipart.NewReader(m.Body, params["boundary"])
	alt, err := parts.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	amt, aparams, _ := mime.ParseMediaType(alt.Header.Get("Content-Type"))
	if amt != "multipart/alternative" {
		t.Fatalf("first part %q, want multipart/alternative", amt)
	}
	var types []string
	inner := multipart.NewReader(alt, aparams["boundary"])
	for {
		p, err := inner.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		types = append(types, ct)
	}
	if strings.Join(types, ",") != "text/plain,text/html" {
		t.Errorf("alternative parts %v, want text/plain then text/html", types)
	}
	img, err := parts.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Header.Get("Content-Id"); got != "<qr@checkout>" {
		t.Errorf("image Content-ID %q, want <qr@checkout>", got)
	}
	if got := img.Header.Get("Content-Type"); !strings.HasPrefix(got, "image/png") {
		t.Errorf("image Content-Type %q", got)
	}
	if again, _ := gmail.Compose(n, from, renderer); !bytes.Equal(headerValue(again, "Message-ID"), headerValue(raw, "Message-ID")) {
		t.Errorf("composing the same event again changed the Message-ID")
	}
}

func headerValue(raw []byte, name string) []byte {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil
	}
	return []byte(m.Header.Get(name))
}

type logos map[string][]byte

func (l logos) Logo(_ context.Context, hash string) ([]byte, error) {
	if b, ok := l[hash]; ok {
		return b, nil
	}
	return nil, errors.New("no such logo")
}

// TestLogoInline: a store's logo named by hash is read when composing and sent as an inline part
// the HTML shows by its Content-ID; an unknown hash leaves the e-mail without a logo.
func TestLogoInline(t *testing.T) {
	var png bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	n := notice(gmail.KindReceipt, "ana@example.com", "en")
	n.Store.LogoHash = "abc"
	withLogo, err := gmail.WithLogo(context.Background(), n, logos{"abc": png.Bytes()})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := gmail.Compose(withLogo, from, renderer)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("Content-Id: <logo@checkout>")) || !bytes.Contains(raw, []byte("cid:logo@checkout")) {
		t.Errorf("the logo is not an inline part shown by the HTML")
	}
	n.Store.LogoHash = "gone"
	without, err := gmail.WithLogo(context.Background(), n, logos{})
	if err == nil || len(without.Store.Logo) != 0 {
		t.Fatalf("unknown logo: %v, %d bytes", err, len(without.Store.Logo))
	}
	if raw, _ := gmail.Compose(without, from, renderer); bytes.Contains(raw, []byte("logo@checkout")) {
		t.Errorf("an e-mail without a logo refers to one")
	}
}

func TestReceiptURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://pay.example/payment/3f1c?code=ab%2Bc": "https://pay.example/payment/3f1c/receipt?code=ab%2Bc",
		"http://localhost:8080/payment/x?code=y":       "http://localhost:8080/payment/x/receipt?code=y",
		"https://pay.example/dedicate/3f1c":            "",
		"https://pay.example/payment/":                 "",
		"javascript:alert(1)":                          "",
		"":                                             "",
	} {
		if got := gmail.ReceiptURL(in); got != want {
			t.Errorf("ReceiptURL(%q) = %q, want %q", in, got, want)
		}
	}
}
