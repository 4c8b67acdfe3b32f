package locales

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestEveryLocaleIsComplete(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Languages()[0], Reference; got != want {
		t.Fatalf("first language = %s, want %s", got, want)
	}
	for _, p := range c.Problems() {
		t.Error(p)
	}
}

// The completeness check itself must notice each kind of problem, or the test above proves nothing.
func TestProblemsFindsIncompleteLocales(t *testing.T) {
	fsys := fstest.MapFS{
		"en.json": {Data: []byte(`{"a": "Hello", "b": {"one": "{{.Count}} day", "other": "{{.Count}} days"}, "c": "Pay {{.Store}}", "d": "{{.Amount}}", "progress.total": "Total"}`)},
		"ru.json": {Data: []byte(`{"a": "Hello", "b": {"one": "{{.Count}} день", "other": "{{.Count}} дня"}, "c": "Оплатить {{.Store}}", "d": "{{.Amount}}", "progress.total": "Итого", "z": "лишнее"}`)},
		"tr.json": {Data: []byte(`{"a": "Merhaba", "b": {"one": "{{.Count}} gün", "other": "{{.Count}} gün"}, "c": "Ödeme: {{.Shop}}", "d": "{{.Amount}}", "progress.total": "Total"}`)},
		"fr.json": {Data: []byte(`{"a": "Bonjour", "b": {"one": "{{.Count}} jour", "other": "{{.Count}} jours"}, "d": "{{.Amount}}", "progress.total": "Total"}`)},
		"ar.json": {Data: []byte(`{"a": "مرحبا", "b": {"one": "يوم واحد", "two": "يومان", "few": "{{.Count}} أيام", "many": "{{.Count}} يومًا", "other": "{{.Count}} يوم"}, "c": "[TODO translate] Pay {{.Store}}", "d": "{{.Amount}}", "progress.total": "الإجمالي"}`)},
		"es.json": {Data: []byte(`{"a": "Hola", "b": {"one": "{{.Count}} día", "many": "{{.Count}} de días", "other": "{{.Count}} días"}, "c": "Pagar a {{.Store}}", "d": "{{.Amount}}", "progress.total": "Total"}`)},
	}
	c, err := LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(c.Problems(), "\n")
	for _, want := range []string{
		`fr: missing "c"`,
		`ru: "a" is still in English`,
		`ru: "b" lacks the plural form "few"`,
		`ru: "b" lacks the plural form "many"`,
		`tr: "c" uses [.Shop], the reference [.Store]`,
		`tr: "progress.total" is still in English`, // Turkish says "Toplam": only es, fr, pt share the word
		`ru: "z" is not in the reference locale`,
		`fr: "b" lacks the plural form "many"`, // a million takes "de" in CLDR: 1 000 000 de jours
		`ar: "b" lacks the plural form "zero"`,
		`ar: "c" is not translated yet (`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{
		`"d" is still in English`,             // only template values: nothing to translate
		`fr: "b" lacks the plural form "few"`, // French has no few
		`ar: "b" lacks the plural form "one"`,
		`es: `, // complete; "Total" is on the short list of words Spanish shares with English
		`fr: "progress.total"`,
	} {
		if strings.Contains(got, unwanted) {
			t.Errorf("problems wrongly report %q:\n%s", unwanted, got)
		}
	}
}

func TestLanguageChoice(t *testing.T) {
	fsys := fstest.MapFS{
		"en.json": {Data: []byte(`{"a": "Hello"}`)},
		"pt.json": {Data: []byte(`{"a": "Olá"}`)},
		"ar.json": {Data: []byte(`{"a": "مرحبا"}`)},
	}
	c, err := LoadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		code, want string
		ok         bool
	}{
		{"pt", "pt", true}, {"pt-BR", "pt", true}, {"PT", "pt", true}, {"ar", "ar", true},
		{"de", "", false}, {"", "", false}, {"not a language", "", false},
	} {
		if got, ok := c.Supported(tt.code); got != tt.want || ok != tt.ok {
			t.Errorf("Supported(%q) = %q, %v; want %q, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
	for _, tt := range []struct {
		header, want string
		ok           bool
	}{
		{"pt-BR,pt;q=0.9,en;q=0.8", "pt", true},
		{"de-DE,de;q=0.9", "", false},
		{"de-DE,ar;q=0.5", "ar", true},
		{"", "", false},
		{";;;garbage", "", false},
	} {
		if got, ok := c.Negotiate(tt.header); got != tt.want || ok != tt.ok {
			t.Errorf("Negotiate(%q) = %q, %v; want %q, %v", tt.header, got, ok, tt.want, tt.ok)
		}
	}
	if got, want := c.Localizer("ar").Dir(), "rtl"; got != want {
		t.Errorf("ar dir = %s, want %s", got, want)
	}
	if got, want := c.Localizer("pt").Dir(), "ltr"; got != want {
		t.Errorf("pt dir = %s, want %s", got, want)
	}
	if got, want := c.Localizer("de").Lang(), "en"; got != want {
		t.Errorf("a language without a file falls back to %s, want %s", got, want)
	}
}

func TestLocalizer(t *testing.T) {
	var missing []string
	c, err := Load(OnMissing(func(lang, id string) { missing = append(missing, id) }))
	if err != nil {
		t.Fatal(err)
	}
	l := c.Localizer("en")
	for _, tt := range []struct{ got, want string }{
		{l.T("pay.copy"), "Copy"},
		{l.T("page.title", "Store", "Acme <b>"), "Pay Acme <b>"},
		{l.N("countdown.minutes", 1), "1 minute left"},
		{l.N("countdown.minutes", 14), "14 minutes left"},
		{l.N("progress.confirmations", 6, "Done", 2), "2 of 6 confirmations"},
		{l.N("tx.heading", 1), "1 transaction"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
	if got := l.T("no.such.id"); got != "no.such.id" || len(missing) != 1 {
		t.Errorf("unknown id: %q, missing reported %v", got, missing)
	}
	forms := l.PluralForms("countdown.minutes")
	if len(forms) != 2 || forms[0].Category != "one" || forms[1].Category != "other" || !strings.Contains(forms[1].Text, "{{.Count}}") {
		t.Errorf("plural forms = %+v", forms)
	}
}

// Traditional Chinese readers (zh-TW, zh-HK) who put Chinese first are served the Chinese we have
// rather than their second choice; a later Chinese does not beat an earlier language.
func TestNegotiateTraditionalChinese(t *testing.T) {
	c := MustLoad()
	for header, want := range map[string]string{
		"zh-TW":               "zh",
		"zh-HK,en;q=0.5":      "zh",
		"zh-Hant-TW,fr;q=0.9": "zh",
		"en-US,zh-TW;q=0.9":   "en",
		"ja,zh-HK;q=0.8":      "ja",
	} {
		if got, ok := c.Negotiate(header); !ok || got != want {
			t.Errorf("Negotiate(%q) = %q, %v; want %q", header, got, ok, want)
		}
	}
}
