package views

import (
	"bytes"
	"context"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/cryptocheckout/checkout/locales"
)

func renderPage(t *testing.T, m PaymentPage, lang string) *goquery.Document {
	t.Helper()
	c, err := locales.Load(locales.OnMissing(func(lang, id string) { t.Errorf("no message %q in %s", id, lang) }))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Payment(m).Render(WithLocalizer(context.Background(), c.Localizer(lang)), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The component decides the way back to the store from the screen alone.
func TestPaymentComponentOutcome(t *testing.T) {
	base := PaymentPage{
		Layout: Layout{Lang: "en", Dir: "ltr", Title: "Pay"}, PaymentID: "id", Number: "7", Store: "Shop",
		SuccessURL: "https://shop.example/ok", CancelURL: "https://shop.example/cancel",
		Pay: &PayPanel{Amount: "1", Currency: "BTC", AssetLabel: "BTC", Network: "Bitcoin", Address: "bc1q", QRURL: "/qr"},
	}
	for _, tt := range []struct {
		state         State
		status        string
		link, want    string
		autoReturn    bool
		payPanelShown bool
	}{
		{state: StateWaiting, status: "OPEN", payPanelShown: true},
		{state: StatePartial, status: "OPEN", payPanelShown: true},
		{state: StateConfirming, status: "CLOSING", link: "success-link", want: "https://shop.example/ok"},
		{state: StatePaid, status: "COMPLETE", link: "success-link", want: "https://shop.example/ok", autoReturn: true},
		{state: StateExpired, status: "CANCEL", link: "cancel-link", want: "https://shop.example/cancel"},
		{state: StateExpiredPartial, status: "CANCEL", link: "cancel-link", want: "https://shop.example/cancel"},
		{state: StateLate, status: "CANCEL", link: "cancel-link", want: "https://shop.example/cancel"},
		{state: StateLatePartial, status: "CANCEL", link: "cancel-link", want: "https://shop.example/cancel"},
	} {
		t.Run(string(tt.state)+"/"+tt.status, func(t *testing.T) {
			m := base
			m.State, m.Status = tt.state, tt.status
			if !tt.state.Payable() {
				m.Pay = nil
			}
			doc := renderPage(t, m, "en")
			links := doc.Find(`[data-testid="success-link"], [data-testid="cancel-link"]`)
			if tt.link == "" {
				if links.Length() != 0 {
					t.Errorf("a way back while paying")
				}
			} else {
				l := doc.Find(`[data-testid="` + tt.link + `"]`)
				if href, _ := l.Attr("href"); l.Length() != 1 || href != tt.want {
					t.Errorf("%s href %q, want %q", tt.link, href, tt.want)
				}
			}
			if got := doc.Find(`[data-testid="auto-return"]`).Length() == 1; got != tt.autoReturn {
				t.Errorf("auto-return note present: %v, want %v", got, tt.autoReturn)
			}
			if got := doc.Find(`[data-testid="pay"]`).Length() == 1; got != tt.payPanelShown {
				t.Errorf("pay panel present: %v, want %v", got, tt.payPanelShown)
			}
		})
	}
}

func TestErrorComponent(t *testing.T) {
	c := locales.MustLoad()
	var buf bytes.Buffer
	err := Error(ErrorPage{Layout: Layout{Lang: "ar", Dir: "rtl", Title: "T"}, Status: 404, Title: "<b>T</b>", Detail: "D"}).
		Render(WithLocalizer(context.Background(), c.Localizer("en")), &buf)
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(&buf)
	if dir, _ := doc.Find("html").Attr("dir"); dir != "rtl" {
		t.Errorf("dir %q", dir)
	}
	if got := doc.Find(`[data-testid="error-title"]`).Text(); got != "<b>T</b>" {
		t.Errorf("title %q", got)
	}
	if doc.Find("b").Length() != 0 {
		t.Error("the title was rendered as markup")
	}
	if doc.Find(`noscript`).Length() != 0 {
		t.Error("an error page refreshes itself")
	}
}
