package locales

import (
	"strings"
	"testing"
	"time"
)

func mustLoad(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(OnMissing(func(lang, id string) { t.Errorf("no message %q in %s", id, lang) }))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTenLanguages(t *testing.T) {
	c := mustLoad(t)
	want := map[string]struct{ name, dir string }{
		"ar": {"العربية", "rtl"}, "en": {"English", "ltr"}, "es": {"Español", "ltr"}, "fa": {"فارسی", "rtl"},
		"fr": {"Français", "ltr"}, "ja": {"日本語", "ltr"}, "pt": {"Português", "ltr"}, "ru": {"Русский", "ltr"},
		"tr": {"Türkçe", "ltr"}, "zh": {"中文", "ltr"},
	}
	choices := c.Choices()
	if got := len(choices); got != len(want) {
		t.Fatalf("%d languages, want %d: %+v", got, len(want), choices)
	}
	for _, l := range choices {
		w, ok := want[l.Code]
		if !ok {
			t.Errorf("unexpected language %s", l.Code)
			continue
		}
		if l.Name != w.name || l.Dir != w.dir {
			t.Errorf("%s: name %q dir %s, want %q %s", l.Code, l.Name, l.Dir, w.name, w.dir)
		}
		if got := c.Localizer(l.Code).Dir(); got != w.dir {
			t.Errorf("%s: localizer dir %s, want %s", l.Code, got, w.dir)
		}
	}
}

// Counted messages take the form CLDR gives each number in each language.
func TestPluralsInEachLanguage(t *testing.T) {
	c := mustLoad(t)
	for _, tt := range []struct {
		lang, id string
		n        int
		want     string
	}{
		{"ru", "countdown.minutes", 1, "Осталась 1 минута"},
		{"ru", "countdown.minutes", 3, "Осталось 3 минуты"},
		{"ru", "countdown.minutes", 5, "Осталось 5 минут"},
		{"ru", "countdown.minutes", 11, "Осталось 11 минут"},
		{"ru", "countdown.minutes", 21, "Осталась 21 минута"},
		{"ru", "tx.heading", 2, "2 транзакции"},
		{"ru", "tx.heading", 12, "12 транзакций"},
		{"ar", "tx.heading", 0, "لا توجد معاملات"},
		{"ar", "tx.heading", 1, "معاملة واحدة"},
		{"ar", "tx.heading", 2, "معاملتان"},
		{"ar", "tx.heading", 3, "3 معاملات"},
		{"ar", "tx.heading", 11, "11 معاملة"},
		{"ar", "tx.heading", 100, "100 معاملة"},
		{"ar", "countdown.minutes", 2, "الوقت المتبقي: دقيقتان"},
		{"fr", "countdown.minutes", 0, "Il reste 0 minute"},
		{"fr", "countdown.minutes", 2, "Il reste 2 minutes"},
		{"es", "countdown.seconds", 1, "Queda 1 segundo"},
		{"pt", "tx.heading", 2, "2 transações"},
		{"ja", "countdown.minutes", 14, "残り14分"},
		{"zh", "tx.heading", 3, "3 笔交易"},
		{"tr", "countdown.seconds", 30, "30 saniye kaldı"},
		{"fa", "tx.heading", 4, "4 تراکنش"},
		{"en", "countdown.seconds", 1, "1 second left"},
	} {
		if got := c.Localizer(tt.lang).N(tt.id, tt.n); got != tt.want {
			t.Errorf("%s %s(%d) = %q, want %q", tt.lang, tt.id, tt.n, got, tt.want)
		}
	}
	if got, want := c.Localizer("ru").N("progress.confirmations", 6, "Done", 2), "2 из 6 подтверждений"; got != want {
		t.Errorf("ru confirmations = %q, want %q", got, want)
	}
	if got, want := c.Localizer("fr").N("progress.confirmations", 1, "Done", 0), "Confirmation\u00a0: 0 sur 1"; got != want {
		t.Errorf("fr confirmations = %q, want %q", got, want)
	}
}

func TestMoneyForEachLanguage(t *testing.T) {
	c := mustLoad(t)
	const nb = "\u00a0"
	for _, tt := range []struct{ lang, amount, code, want string }{
		{"en", "1234.50", "USD", "$1,234.50"},
		{"en", "99.00", "EUR", "€99.00"},
		{"ja", "1234.50", "USD", "$1,234.50"},
		{"zh", "1234.50", "USD", "US$1,234.50"},
		{"tr", "1234.50", "USD", "$1.234,50"},
		{"pt", "1234.50", "USD", "US$" + nb + "1.234,50"},
		{"es", "1234.50", "EUR", "1.234,50" + nb + "€"},
		{"fr", "1234.50", "USD", "1" + nb + "234,50" + nb + "$US"},
		{"ru", "1234567.05", "USD", "1" + nb + "234" + nb + "567,05" + nb + "$"},
		{"ar", "1234.50", "USD", "1,234.50" + nb + "US$"},
		{"fa", "1234.50", "USD", "$1,234.50"},
		{"en", "0.5", "USD", "$0.5"},
		{"en", "-3.10", "USD", "$-3.10"},
		{"en", "12345678901234567890.10", "USD", "$12345678901234567890.10"}, // past int64: digits kept, ungrouped
		{"en", "1e5", "USD", "1e5 USD"},                                      // not a plain decimal: as given
		{"en", "10.00", "XAU", "XAU" + nb + "10.00"},                         // a code for a symbol: spaced
		{"en", "10.00", "NOTACODE", "10.00 NOTACODE"},                        // not a currency: as given
	} {
		got := c.Localizer(tt.lang).Money(tt.amount, tt.code)
		// fr and ru group with a no-break space, narrow or not depending on the CLDR release.
		got = strings.ReplaceAll(got, "\u202f", nb)
		if got != tt.want {
			t.Errorf("%s Money(%s, %s) = %q, want %q", tt.lang, tt.amount, tt.code, got, tt.want)
		}
	}
	for _, lang := range []string{"ar", "fa"} {
		for _, r := range c.Localizer(lang).Money("1234567.89", "USD") {
			if r >= '٠' && r <= '٩' || r >= '۰' && r <= '۹' {
				t.Errorf("%s writes native digits; amounts keep Latin digits", lang)
			}
		}
	}
}

func TestDateTimeForEachLanguage(t *testing.T) {
	c := mustLoad(t)
	at := time.Date(2026, 3, 2, 16, 5, 0, 0, time.FixedZone("UTC+2", 2*3600)) // 14:05 UTC
	for lang, want := range map[string]string{
		"en": "2 Mar 2026, 14:05 UTC",
		"es": "02/03/2026, 14:05 UTC",
		"fr": "02/03/2026 14:05 UTC",
		"pt": "02/03/2026 14:05 UTC",
		"ru": "02.03.2026, 14:05 UTC",
		"tr": "02.03.2026 14:05 UTC",
		"ja": "2026年3月2日 14:05 UTC",
		"zh": "2026年3月2日 14:05 UTC",
		"ar": "2026-03-02 14:05 UTC",
		"fa": "2026-03-02 14:05 UTC",
	} {
		if got := c.Localizer(lang).DateTime(at); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// Values inside a right-to-left sentence are isolated so they keep their own direction; on
// left-to-right pages only values with right-to-left letters are.
func TestValuesAreIsolatedInRightToLeftText(t *testing.T) {
	c := mustLoad(t)
	const fsi, pdi = "\u2068", "\u2069"
	ar := c.Localizer("ar").T("pay.network_warning", "Asset", "USDT (TRC-20)", "Network", "TRON")
	if !strings.Contains(ar, fsi+"USDT (TRC-20)"+pdi) || !strings.Contains(ar, fsi+"TRON"+pdi) {
		t.Errorf("ar: values not isolated: %q", ar)
	}
	if got := c.Localizer("en").T("page.title", "Store", "Acme"); got != "Pay Acme" {
		t.Errorf("en: %q, want plain", got)
	}
	if got, want := c.Localizer("en").T("page.title", "Store", "متجر"), "Pay "+fsi+"متجر"+pdi; got != want {
		t.Errorf("en with an Arabic store name: %q, want %q", got, want)
	}
	if got, want := c.Localizer("fa").N("tx.heading", 3), "3 تراکنش"; got != want {
		t.Errorf("counts are not isolated: %q, want %q", got, want)
	}
}
