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
		"en.json": {Data: []byte(`{"a": "Hello", "b": {"one": "{{.Count}} day", "other": "{{.Count}} days"}, "c": "Pay {{.Store}}", "d": "{{.Amount}}"}`)},
		"ru.json": {Data: []byte(`{"a": "Hello", "b": {"one": "{{.Count}} день", "other": "{{.Count}} дня"}, "c": "Оплатить {{.Shop}}", "d": "{{.Amount}}", "z": "лишнее"}`)},
		"fr.json": {Data: []byte(`{"a": "Bonjour", "b": {"one": "{{.Count}} jour", "other": "{{.Count}} jours"}, "d": "{{.Amount}}"}`)},
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
		`ru: "c" uses [.Shop], the reference [.Store]`,
		`ru: "z" is not in the reference locale`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
	if strings.Contains(got, `"d" is still in English`) {
		t.Errorf("a message of only template values was reported as English:\n%s", got)
	}
	if strings.Contains(got, `fr: "b"`) {
		t.Errorf("French needs only one and other:\n%s", got)
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
