package views

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/locales"
)

func renderMail(t *testing.T, n mail.Notice, images mail.Inline) (*goquery.Document, mail.Content) {
	t.Helper()
	c, err := locales.Load(locales.OnMissing(func(lang, id string) { t.Errorf("no message %q in %s", id, lang) }))
	if err != nil {
		t.Fatal(err)
	}
	content, err := MailRenderer{Catalog: c}.Render(n, images)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(content.HTML))
	if err != nil {
		t.Fatal(err)
	}
	return doc, content
}

func dedicateNotice(lang string) mail.Notice {
	return mail.Notice{Kind: mail.KindDedicate, To: "ana@example.com", Name: "<script>alert(1)</script>", Lang: lang,
		Store: mail.Store{Name: `Shop "<b>"`, BrandColor: "red;background:url(https://evil.example/x.png)", SupportEmail: "help@shop.example"},
		Dedicate: &gateway.Dedicate{DedicateID: "d", AssetID: "USDT.TRC20", Address: "TPMTqjtJ9EC1bSZJGANWuFJqEGSpB1e7yW",
			CryptoNetworkName: "TRON", PaymentURL: "https://pay.example/dedicate/d",
			MerchantFields: gateway.MerchantFields{Description: `<img src="https://evil.example/t.gif">`}}}
}

// The e-mail's HTML is right to left in Arabic with the address left to right, escapes every
// merchant and payer string, uses no colour that is not a plain #rrggbb, and has no script and no
// image but the inline ones.
func TestMailHTMLComponent(t *testing.T) {
	doc, content := renderMail(t, dedicateNotice("ar"), mail.Inline{QR: "qr@checkout"})
	if dir, _ := doc.Find("html").Attr("dir"); dir != "rtl" {
		t.Errorf("html dir %q, want rtl", dir)
	}
	addr := doc.Find(`[data-testid="address"]`)
	if d, _ := addr.Attr("dir"); d != "ltr" || addr.Text() != "TPMTqjtJ9EC1bSZJGANWuFJqEGSpB1e7yW" {
		t.Errorf("address block: dir %q, text %q", d, addr.Text())
	}
	if doc.Find("script").Length() != 0 || strings.Contains(content.HTML, "<script>alert") {
		t.Errorf("the payer's name became a script")
	}
	doc.Find("img").Each(func(_ int, s *goquery.Selection) {
		if src, _ := s.Attr("src"); !strings.HasPrefix(src, "cid:") {
			t.Errorf("image %q is not inline", src)
		}
	})
	if strings.Contains(content.HTML, "evil.example") && !strings.Contains(content.HTML, "&lt;img src=&#34;https://evil.example") {
		t.Errorf("merchant text reached the HTML unescaped or as CSS")
	}
	if style := doc.Find(`[data-testid="button"]`).Parent().AttrOr("style", ""); !strings.Contains(style, houseBrand) {
		t.Errorf("a brand colour that is not #rrggbb reached the CSS: %q", style)
	}
	if src := doc.Find(`[data-testid="qr"]`).AttrOr("src", ""); src != "cid:qr@checkout" {
		t.Errorf("QR image src %q", src)
	}
	if href := doc.Find(`[data-testid="button"]`).AttrOr("href", ""); href != "https://pay.example/dedicate/d" {
		t.Errorf("page link %q", href)
	}
	if !strings.Contains(content.Text, "\nTPMTqjtJ9EC1bSZJGANWuFJqEGSpB1e7yW\n") || strings.Contains(content.Text, "\u2068TPMT") {
		t.Errorf("the text body's address is not alone on its line, free of direction marks (copied into wallets)")
	}
}

// Without a QR image the block shows none; a store colour that is a plain colour is used.
func TestMailHTMLBrandAndNoQR(t *testing.T) {
	n := dedicateNotice("en")
	n.Store.BrandColor = "#1a6b3c"
	doc, _ := renderMail(t, n, mail.Inline{})
	if doc.Find(`[data-testid="qr"]`).Length() != 0 {
		t.Errorf("a QR image without an inline part")
	}
	if style := doc.Find(`[data-testid="button"]`).Parent().AttrOr("style", ""); !strings.Contains(style, "#1a6b3c") {
		t.Errorf("the store colour is not used: %q", style)
	}
	if dir, _ := doc.Find("html").Attr("dir"); dir != "ltr" {
		t.Errorf("English e-mail dir %q", dir)
	}
}

// A payer_lang outside the ten falls back to English; pt-BR is Portuguese.
func TestMailLanguageChoice(t *testing.T) {
	for lang, want := range map[string]string{"pt-BR": "pt", "xx": "en", "": "en", "FA": "fa"} {
		doc, _ := renderMail(t, dedicateNotice(lang), mail.Inline{})
		if got, _ := doc.Find("html").Attr("lang"); got != want {
			t.Errorf("payer_lang %q: e-mail in %q, want %q", lang, got, want)
		}
	}
}
