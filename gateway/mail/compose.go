package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"github.com/skip2/go-qrcode"
	gomail "github.com/wneessen/go-mail"

	"github.com/cryptocheckout/checkout/gateway"
)

// Content is what a Renderer makes of a notice: the subject and the two bodies.
type Content struct {
	Subject string
	Text    string
	HTML    string
}

// Inline names the images a message carries by their Content-ID (the HTML refers to them as
// "cid:…"); an empty name means the message has no such image.
type Inline struct {
	QR   string
	Logo string
}

// Renderer writes a notice's subject, text and HTML in the notice's language (views does).
type Renderer interface {
	Render(n Notice, images Inline) (Content, error)
}

// Content-IDs of the inline images.
const (
	qrCID   = "qr@checkout"
	logoCID = "logo@checkout"
)

// qrSize is the side of the QR image in pixels: sharp on high-density phone screens.
const qrSize = 320

// QRContent is what the notice's QR code holds, "" when it has none: the QR form of the wallet URI of the
// dedicated address, or of a partly paid payment with the amount left.
func QRContent(n Notice) string {
	switch {
	case n.Kind == KindDedicate && n.Dedicate != nil:
		a, ok := gateway.LookupAsset(n.Dedicate.AssetID)
		if !ok {
			return ""
		}
		return gateway.QRContent(a, n.Dedicate.Address, gateway.Zero)
	case n.Kind == KindPartial && n.Payment != nil:
		a, ok := gateway.LookupAsset(n.Payment.PaymentAssetID)
		if !ok {
			return ""
		}
		return gateway.QRContent(a, n.Payment.Address, n.Payment.RemainAmount)
	}
	return ""
}

// Compose writes the whole RFC 5322 message of n, from from, with r's words: multipart/related
// around multipart/alternative (text, HTML) and the inline images. The Message-ID is derived from
// the notice's event, so a message composed again for the same event carries the same id and a
// mail client shows it once.
func Compose(n Notice, from *mail.Address, r Renderer) ([]byte, error) {
	to, ok := Recipient(n.To)
	if !ok {
		return nil, fmt.Errorf("mail: %q is not an address to write to", HeaderText(n.To, 60))
	}
	m := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	m.FromMailAddress(from)
	// The payer's name goes through net/mail's encoder after line breaks became spaces: a name
	// can never end the header it is in.
	m.AddToMailAddress(&mail.Address{Name: HeaderText(n.Name, 100), Address: to})
	var images Inline
	if uri := QRContent(n); uri != "" {
		png, err := qrcode.Encode(uri, qrcode.Medium, qrSize)
		if err != nil {
			return nil, fmt.Errorf("mail: QR code: %w", err)
		}
		m.EmbedReader("qr.png", bytes.NewReader(png), gomail.WithFileContentID("<"+qrCID+">"), gomail.WithFileContentType(gomail.ContentType("image/png")))
		images.QR = qrCID
	}
	if logo := n.Store.Logo; len(logo) > 0 {
		if ct := http.DetectContentType(logo); ct == "image/png" || ct == "image/jpeg" || ct == "image/gif" {
			m.EmbedReader("logo"+extension(ct), bytes.NewReader(logo), gomail.WithFileContentID("<"+logoCID+">"),
				gomail.WithFileContentType(gomail.ContentType(ct)))
			images.Logo = logoCID
		}
	}
	c, err := r.Render(n, images)
	if err != nil {
		return nil, fmt.Errorf("mail: render %s: %w", n.Kind, err)
	}
	m.Subject(HeaderText(c.Subject, 200))
	m.SetMessageIDWithValue(messageID(n, from))
	m.SetDateWithValue(time.Unix(n.CreatedAt, 0).UTC())
	if n.Lang != "" {
		m.SetGenHeader(gomail.HeaderContentLang, n.Lang)
	}
	// An automatic message (RFC 3834): vacation replies and auto-responders stay quiet.
	m.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	m.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	if n.Store.SupportEmail != "" {
		if a, ok := Recipient(n.Store.SupportEmail); ok {
			_ = m.ReplyTo(a) // a plain address: always accepted
		}
	}
	m.SetBodyString(gomail.TypeTextPlain, c.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, c.HTML)
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("mail: write message: %w", err)
	}
	return buf.Bytes(), nil
}

func extension(contentType string) string {
	switch contentType {
	case "image/jpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	}
	return ".png"
}

// messageID is <digest-of-the-event@domain-of-the-sender>.
func messageID(n Notice, from *mail.Address) string {
	sum := sha256.Sum256([]byte(n.EventKey()))
	domain := "checkout.invalid"
	if _, d, ok := strings.Cut(from.Address, "@"); ok {
		domain = d
	}
	return hex.EncodeToString(sum[:16]) + "." + string(n.Kind) + "@" + domain
}
