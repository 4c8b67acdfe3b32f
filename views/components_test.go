package views

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/cryptocheckout/checkout/locales"
)

func render(t *testing.T, lang string, picker *LanguagePicker, m PaymentPage) *goquery.Document {
	t.Helper()
	c := locales.MustLoad()
	ctx := WithLanguagePicker(WithLocalizer(context.Background(), c.Localizer(lang)), picker)
	var buf bytes.Buffer
	if err := Payment(m).Render(ctx, &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The picker's label takes the language's colon: a full-width one, without a space, in Chinese
// and Japanese.
func TestPickerColon(t *testing.T) {
	for lang, want := range map[string]string{"en": "Language: English", "ja": "言語：日本語", "zh": "语言：中文", "ru": "Язык: Русский", "fr": "Langue\u00a0: Français"} {
		p := &LanguagePicker{Label: locales.MustLoad().Localizer(lang).T("language.label"), Current: locales.MustLoad().Localizer(lang).T("language.name")}
		doc := render(t, lang, p, PaymentPage{Layout: Layout{Lang: lang}})
		if got := strings.TrimSuffix(doc.Find("summary").Text(), " ▾"); got != want {
			t.Errorf("%s: picker %q, want %q", lang, got, want)
		}
	}
}

// The paid screen's receipt, a note, the support contact and an emulated transaction, as the
// component draws them.
func TestPaidScreenComponents(t *testing.T) {
	m := PaymentPage{
		Layout: Layout{Lang: "en", BrandCSS: "/brand/0b6e4f.css"}, State: StatePaid, Store: "Shop", Logo: "/logo/abc.png",
		Headline: "Paid", Note: "Another 1 BTC arrived.",
		Contact: &Contact{Label: "Contact Shop:", Email: "help@shop.example", URL: "https://shop.example/help", URLLabel: "shop.example/help"},
		Receipt: &Receipt{Fiat: "$100.00", Paid: "0.001 BTC", PaidAt: "1 Dec 2026, 21:00 UTC", PaidAtISO: "2026-12-01T21:00:00Z", Number: "7", ID: "id-1", URL: "/payment/id-1/receipt?code=c"},
		Txs:     TxList{Heading: "1 transaction", Rows: []TxRow{{ShortHash: "ab…cd", Amount: "0.001 BTC", Emulated: true, ExplorerURL: ""}}},
	}
	doc := render(t, "en", nil, m)
	for sel, want := range map[string]string{
		`[data-testid=note]`:          "Another 1 BTC arrived.",
		`[data-testid=contact-email]`: "help@shop.example",
		`[data-testid=receipt-fiat]`:  "$100.00",
		`[data-testid=receipt-id]`:    "id-1",
		`[data-testid=receipt-time]`:  "1 Dec 2026, 21:00 UTC",
	} {
		if got := strings.TrimSpace(doc.Find(sel).Text()); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if href, _ := doc.Find(`[data-testid=contact-email]`).Attr("href"); href != "mailto:help@shop.example" {
		t.Errorf("mailto %q", href)
	}
	if href, _ := doc.Find(`[data-testid=receipt-link]`).Attr("href"); href != "/payment/id-1/receipt?code=c" {
		t.Errorf("receipt link %q", href)
	}
	if doc.Find(`link[href="/brand/0b6e4f.css"]`).Length() != 1 || doc.Find(`body.branded`).Length() != 1 {
		t.Error("no brand sheet")
	}
	if src, _ := doc.Find(`[data-testid=store-logo]`).Attr("src"); src != "/logo/abc.png" {
		t.Errorf("logo %q", src)
	}
	if doc.Find(`[data-testid=tx-link]`).Length() != 0 || !strings.Contains(doc.Find(`[data-testid=tx-hash]`).Text(), "ab…cd") {
		t.Error("an emulated transaction must show its hash without an explorer link")
	}
}
