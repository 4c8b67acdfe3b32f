package payer

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
)

// withRealLocales runs the pages with the real ten-language catalogue; a message id missing from
// it fails the test.
func withRealLocales(t testing.TB) func(*Config, *fiberConfig) {
	c, err := locales.Load(locales.OnMissing(func(lang, id string) { t.Errorf("message %q is not in the %s locale", id, lang) }))
	if err != nil {
		t.Fatal(err)
	}
	return func(cfg *Config, _ *fiberConfig) { cfg.Catalog = c }
}

// Every screen in every language: the page is in that language, right-to-left where it should
// be, with nothing left untranslated, and the address and amount intact and isolated
// left-to-right.
func TestEveryScreenInEveryLanguage(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		part := func(p gateway.Payment) string { return gateway.EmulatedAmount(p, gateway.TestPayPart).String() }
		screens := map[string]func() gateway.Payment{
			"waiting": func() gateway.Payment { return e.payment(e.test, "BTC") },
			"token":   func() gateway.Payment { return e.payment(e.test, "USDT.TRC20") },
			"open": func() gateway.Payment {
				return e.payment(e.test, "ETH", func(r *gateway.CreatePaymentRequest) {
					r.PaymentType, r.Amount = gateway.OpenAmount, gateway.AmountInput{}
				})
			},
			"partial": func() gateway.Payment { p := e.payment(e.test, "BTC"); e.send(p, part(p)); return e.current(p) },
			"confirming": func() gateway.Payment {
				p := e.payment(e.test, "LTC")
				e.send(p, p.PaymentAmount.String())
				return e.current(p)
			},
			"paid": func() gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.send(p, p.PaymentAmount.String())
				e.mine(p, 6)
				return e.current(p)
			},
			"expired": func() gateway.Payment { p := e.payment(e.test, "BTC"); e.expire(p); return e.current(p) },
			"expired_partial": func() gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.send(p, part(p))
				e.mine(p, 6)
				e.expire(p)
				return e.current(p)
			},
			"late": func() gateway.Payment {
				p := e.payment(e.test, "BTC")
				e.expire(p)
				e.send(p, "0.0001")
				return e.current(p)
			},
		}
		payments := map[string]gateway.Payment{}
		for name, make := range screens {
			payments[name] = make()
		}
		english := map[string]string{} // screen → English headline
		for _, lang := range e.h.catalog.Languages() {
			for name, p := range payments {
				t.Run(lang+"/"+name, func(t *testing.T) {
					doc := readableIn(t, e, pageURL(p)+"&lang="+lang, lang, english, name)
					if s := byID(doc, "pay-amount"); s.Length() == 1 {
						eq(t, "amount", s.Text(), p.RemainAmount.String())
					}
					if s := byID(doc, "pay-address"); s.Length() == 1 {
						eq(t, "address", s.Text(), p.Address)
					}
					if byID(doc, "network-warning").Length() == 1 && attr2(doc.Find("html"), "dir") == "rtl" {
						if w := text(doc, "network-warning"); !strings.Contains(w, "\u2068"+assetLabelOf(p.PaymentAssetID)+"\u2069") {
							t.Errorf("the asset is not isolated in the warning: %q", w)
						}
					}
					if byID(doc, "countdown").Length() == 1 {
						if attr2(byID(doc, "deadline-time"), "datetime") == "" || text(doc, "deadline-time") == "" {
							t.Error("no deadline")
						}
					}
				})
			}
		}
	}, withRealLocales(t))
}

// Every screen of the dedicated-address page in every language, as above.
func TestEveryDedicateScreenInEveryLanguage(t *testing.T) {
	e := newEnv(t, withRealLocales(t))
	open := e.dedicate(e.test, "USDT.TRC20")
	received := e.dedicate(e.test, "BTC")
	if _, err := e.eng.EmulateDedicateTransaction(context.Background(), e.test, received.DedicateID, gateway.AmountInput{Value: gateway.MustAmount("0.002"), Set: true}); err != nil {
		t.Fatal(err)
	}
	released := e.dedicate(e.test, "ETH")
	if _, err := e.eng.ReleaseDedicate(context.Background(), e.test.StoreID, released.DedicateID); err != nil {
		t.Fatal(err)
	}
	screens := []struct {
		name, target, address string
	}{
		{"any amount", "/dedicate/" + open.DedicateID + "?x=1", open.Address},
		{"fiat amount", "/dedicate/" + open.DedicateID + "?amount=25&asset_id=USD", open.Address},
		{"unreadable amount", "/dedicate/" + open.DedicateID + "?amount=lots", open.Address},
		{"payment received", "/dedicate/" + received.DedicateID + "?x=1", received.Address},
		{"released", "/dedicate/" + released.DedicateID + "?x=1", ""},
	}
	english := map[string]string{}
	for _, lang := range e.h.catalog.Languages() {
		for _, sc := range screens {
			t.Run(lang+"/"+sc.name, func(t *testing.T) {
				doc := readableIn(t, e, sc.target+"&lang="+lang, lang, english, sc.name)
				if sc.address != "" {
					eq(t, "address", byID(doc, "pay-address").Text(), sc.address)
				}
				if s := byID(doc, "payment-amount"); s.Length() > 0 {
					eq(t, "amount direction", attr2(s.Closest("[dir]"), "dir"), "ltr")
				}
			})
		}
	}
}

// readableIn GETs target and checks that the page is entirely in lang: lang and dir right, no
// untranslated text (a missing id fails the catalogue's OnMissing), a headline other than the
// English one, the picker marking lang, and the amount and address (when shown) in left-to-right
// isolates with their copy buttons.
func readableIn(t *testing.T, e *testEnv, target, lang string, english map[string]string, screen string) *goquery.Document {
	t.Helper()
	resp := e.do(http.MethodGet, target)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	// What the payer reads: the text, the title and the labels (the countdown's plural forms carry
	// {{.Count}} for the script, so attributes are checked one by one).
	readable := doc.Text()
	doc.Find("[aria-label], [alt], [data-copied]").Each(func(_ int, s *goquery.Selection) {
		readable += attr2(s, "aria-label") + attr2(s, "alt") + attr2(s, "data-copied")
	})
	for _, bad := range []string{strings.TrimSpace(locales.TodoMarker), "{{", "<no value>", "%!"} {
		if strings.Contains(readable, bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	root := doc.Find("html")
	wantDir := map[bool]string{true: "rtl", false: "ltr"}[lang == "ar" || lang == "fa"]
	eq(t, "lang", attr2(root, "lang"), lang)
	eq(t, "dir", attr2(root, "dir"), wantDir)
	eq(t, "Content-Language", resp.Header.Get("Content-Language"), lang)
	headline := text(doc, "headline")
	if headline == "" || strings.TrimSpace(doc.Find("title").Text()) == "" {
		t.Errorf("headline %q, title %q", headline, doc.Find("title").Text())
	}
	if lang == locales.Reference {
		english[screen] = headline
	} else if en, ok := english[screen]; ok && headline == en {
		t.Errorf("headline still English: %q", headline)
	}
	for _, id := range []string{"pay-address", "pay-amount"} {
		s := byID(doc, id)
		if s.Length() == 0 {
			continue
		}
		eq(t, id+" element", goquery.NodeName(s), "bdi")
		eq(t, id+" direction", attr2(s.Closest("[dir]"), "dir"), "ltr")
		eq(t, id+" copy button", attr2(doc.Find(`[data-copy="`+id+`"]`), "data-copy"), id)
		for _, r := range s.Text() {
			if r > 0x7e {
				t.Errorf("%s holds %U: copying must give plain ASCII", id, r)
			}
		}
	}
	picker := byID(doc, "language-picker")
	eq(t, "picker label", attr2(picker, "aria-label"), e.h.catalog.Localizer(lang).T("language.label"))
	if got := picker.Find("a[hreflang]").Length(); got != 10 {
		t.Errorf("picker has %d languages, want 10", got)
	}
	eq(t, "current language", attr2(picker.Find(`a[aria-current="page"]`), "lang"), lang)
	return doc
}

func assetLabelOf(assetID string) string {
	a, _ := gateway.LookupAsset(assetID)
	return assetLabel(a)
}

// The language is chosen in the documented order: ?lang= › cookie › payer_lang › Accept-Language ›
// en, each step skipping a language without a locale file.
func TestLanguageOrder(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		for _, tt := range []struct {
			name, query, cookie, payerLang, accept, want string
		}{
			{"query first", "fa", "ru", "ja", "tr", "fa"},
			{"cookie next", "", "ru", "ja", "tr", "ru"},
			{"unknown query skipped", "xx", "ru", "ja", "tr", "ru"},
			{"payer_lang next", "", "", "ja", "tr", "ja"},
			{"unsupported cookie skipped", "", "de", "ja", "tr", "ja"},
			{"payer_lang with a region", "", "", "pt-BR", "tr", "pt"},
			{"Accept-Language next", "", "", "de", "de-DE,zh-CN;q=0.8", "zh"},
			{"English last", "", "", "", "de-DE", "en"},
			{"nothing at all", "", "", "", "", "en"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				p := e.payment(e.test, "BTC", func(r *gateway.CreatePaymentRequest) { r.PayerLang = tt.payerLang })
				target := pageURL(p)
				if tt.query != "" {
					target += "&lang=" + tt.query
				}
				header := []string{"Accept-Language", tt.accept}
				if tt.cookie != "" {
					header = append(header, "Cookie", languageCookie+"="+tt.cookie)
				}
				doc, _ := e.page(target, http.StatusOK, header...)
				eq(t, "lang", attr2(doc.Find("html"), "lang"), tt.want)
			})
		}
	}, withRealLocales(t))
}

func TestLanguageCookie(t *testing.T) {
	for _, tt := range []struct {
		publicURL, query string
		set, secure      bool
	}{
		{"http://pay.test", "&lang=ar", true, false},
		{"https://pay.example", "&lang=ar", true, true},
		{"https://pay.example", "&lang=xx", false, false}, // not a language we have
		{"https://pay.example", "", false, false},
	} {
		t.Run(tt.publicURL+tt.query, func(t *testing.T) {
			e := newEnv(t, withRealLocales(t), func(c *Config, _ *fiberConfig) { c.PublicURL = tt.publicURL })
			p := e.payment(e.test, "BTC")
			resp := e.do(http.MethodGet, pageURL(p)+tt.query)
			resp.Body.Close()
			var got *http.Cookie
			for _, c := range resp.Cookies() {
				if c.Name == languageCookie {
					got = c
				}
			}
			if (got != nil) != tt.set {
				t.Fatalf("cookie set: %v, want %v (%v)", got != nil, tt.set, resp.Header["Set-Cookie"])
			}
			if got == nil {
				return
			}
			if got.Value != "ar" || got.Path != "/" || !got.HttpOnly || got.SameSite != http.SameSiteLaxMode || got.Secure != tt.secure || got.MaxAge < 86400 {
				t.Errorf("cookie %+v", got)
			}
			// The next page, without ?lang=, keeps the choice, even for the error page.
			doc, _ := e.page(pageURL(p), http.StatusOK, "Cookie", got.Name+"="+got.Value)
			eq(t, "remembered", attr2(doc.Find("html"), "lang"), "ar")
			doc, _ = e.page("/payment/nope?code=x", http.StatusNotFound, "Cookie", got.Name+"="+got.Value)
			eq(t, "error page remembered", attr2(doc.Find("html"), "lang"), "ar")
		})
	}
}

// The picker's links lead to the same page in each language, keeping the code and every other
// parameter; error pages repeat nothing of their URL.
func TestLanguagePickerLinks(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		p := e.payment(e.test, "BTC")
		doc, _ := e.page(pageURL(p)+"&lang=ru&utm=a%26b", http.StatusOK)
		links := byID(doc, "language-picker").Find("a")
		names := map[string]string{}
		links.Each(func(_ int, a *goquery.Selection) {
			u, err := url.Parse(attr2(a, "href"))
			if err != nil {
				t.Fatal(err)
			}
			lang := attr2(a, "hreflang")
			names[lang] = a.Text()
			eq(t, "path", u.Path, "/payment/"+p.PaymentID)
			eq(t, "code kept", u.Query().Get("code"), p.Code)
			eq(t, "other parameter kept", u.Query().Get("utm"), "a&b")
			eq(t, "lang", u.Query().Get("lang"), lang)
			eq(t, "lang attribute", attr2(a, "lang"), lang)
		})
		eq(t, "Persian named in Persian", names["fa"], "فارسی")
		eq(t, "Japanese named in Japanese", names["ja"], "日本語")
		eq(t, "summary", strings.Join(strings.Fields(byID(doc, "language-picker").Find("summary").Text()), " "), "Язык: Русский")

		// Following a link renders that language.
		doc, _ = e.page(attr2(byID(doc, "lang-ja"), "href"), http.StatusOK)
		eq(t, "followed", attr2(doc.Find("html"), "lang"), "ja")

		doc, _ = e.page("/payment/"+p.PaymentID+"?code=wrong", http.StatusNotFound)
		eq(t, "error page link", attr2(byID(doc, "lang-tr"), "href"), "?lang=tr")

		doc, _ = e.page("//evil.example/x", http.StatusNotFound)
		byID(doc, "language-picker").Find("a").Each(func(_ int, a *goquery.Selection) {
			if href := attr2(a, "href"); strings.HasPrefix(href, "//") {
				t.Errorf("picker links off the site: %q", href)
			}
		})
	}, withRealLocales(t))
}

// The fiat amount and the deadline read as each language writes them.
func TestFiatAndDeadlineFormatted(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		p := e.payment(e.test, "BTC")
		end := p.EndDate.Time.UTC().Format("15:04")
		for lang, want := range map[string][2]string{
			"en": {"About $100.00", "Pay by 23 Nov 2026, " + end + " UTC"},
			"fr": {"Environ 100,00\u00a0$US", "À payer avant le 23/11/2026 " + end + " UTC"},
			"ru": {"Примерно 100,00\u00a0$", "Оплатите до 23.11.2026, " + end + " UTC"},
			"ja": {"約 $100.00", "支払期限：2026年11月23日 " + end + " UTC"},
			// In Arabic the time is isolated too: the marks around it enclose the <time> element.
			"ar": {"حوالي \u2068100.00\u00a0US$\u2069", "آخر موعد للدفع: \u20682026-11-23 " + end + " UTC\u2069"},
		} {
			doc, _ := e.page(pageURL(p)+"&lang="+lang, http.StatusOK)
			eq(t, lang+" fiat", strings.TrimSpace(byID(doc, "fiat").Text()), want[0])
			eq(t, lang+" deadline", strings.TrimSpace(byID(doc, "deadline").Text()), want[1])
		}
	}, withRealLocales(t))
}
