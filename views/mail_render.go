package views

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/locales"
)

// MailRenderer writes e-mails to payers in their language (mail.Renderer).
type MailRenderer struct {
	Catalog *locales.Catalog
}

// Render writes the subject and both bodies of notice n.
func (r MailRenderer) Render(n mail.Notice, images mail.Inline) (mail.Content, error) {
	v := MailModel(r.Catalog, n, images)
	var html bytes.Buffer
	if err := MailHTML(v).Render(context.Background(), &html); err != nil {
		return mail.Content{}, fmt.Errorf("views: mail HTML: %w", err)
	}
	return mail.Content{Subject: v.Subject, Text: MailText(v), HTML: html.String()}, nil
}

// MailText is the plain-text body: the same content as the HTML, one fact a line, the address
// and links each on a line of their own so they can be copied whole.
func MailText(v MailView) string {
	var b strings.Builder
	line := func(s ...string) {
		b.WriteString(strings.Join(s, ""))
		b.WriteString("\n")
	}
	if v.Store != "" {
		line(v.Store)
		line()
	}
	if v.Test != "" {
		line(v.Test)
		line()
	}
	line(v.Heading)
	line(strings.Repeat("=", 20))
	line()
	line(v.Greeting)
	line()
	for _, p := range v.Intro {
		line(p)
		line()
	}
	for _, r := range v.Rows {
		line(r.Label, ": ", r.Value)
	}
	if len(v.Rows) > 0 {
		line()
	}
	if a := v.Address; a != nil {
		line(a.Label, ":")
		line(a.Address)
		line(a.Network)
		line(a.Warning)
		line()
	}
	if v.Button != nil {
		line(v.Button.Label, ":")
		line(v.Button.URL)
		line()
	}
	if len(v.Txs) > 0 {
		line(v.TxHeading, ":")
		for _, t := range v.Txs {
			line("- ", t.Amount, " (", t.State, ")")
			line("  ", t.Hash)
			if t.URL != "" {
				line("  ", t.URL)
			}
		}
		line()
	}
	line(v.Support)
	for _, c := range v.Contacts {
		line(c.Label)
	}
	line()
	line("-- ")
	line(v.Footer)
	return b.String()
}
