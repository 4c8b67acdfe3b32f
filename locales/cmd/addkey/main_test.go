package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/locales"
)

// copyLocales copies the real locale files into a temporary directory.
func copyLocales(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	names, err := filepath.Glob("../../*.json")
	if err != nil || len(names) < 10 {
		t.Fatalf("locale files: %v %v", names, err)
	}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func problems(t *testing.T, dir string) string {
	t.Helper()
	c, err := locales.LoadFS(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(c.Problems(), "\n")
}

// A new key lands in every locale, and the completeness check fails until each is translated.
func TestAddKeyIsFlaggedUntilTranslated(t *testing.T) {
	dir := copyLocales(t)
	if p := problems(t, dir); p != "" {
		t.Fatalf("the real locales have problems before the test:\n%s", p)
	}
	if err := addKey(dir, "pay.memo_warning", `Add the memo <exactly> & nothing else.`, ""); err != nil {
		t.Fatal(err)
	}
	if err := addKey(dir, "dedicate.days", "{{.Count}} days", "{{.Count}} day"); err != nil {
		t.Fatal(err)
	}
	c, err := locales.LoadFS(os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Localizer("en").T("pay.memo_warning"), "Add the memo <exactly> & nothing else."; got != want {
		t.Errorf("en text %q, want %q", got, want)
	}
	if got, want := c.Localizer("en").N("dedicate.days", 1), "1 day"; got != want {
		t.Errorf("en counted text %q, want %q", got, want)
	}
	got := problems(t, dir)
	for _, lang := range []string{"ar", "es", "fa", "fr", "ja", "pt", "ru", "tr", "zh"} {
		for _, key := range []string{"pay.memo_warning", "dedicate.days"} {
			if want := lang + `: "` + key + `" is not translated yet`; !strings.Contains(got, want) {
				t.Errorf("problems lack %q", want)
			}
		}
	}
	if !strings.Contains(got, `ru: "dedicate.days" lacks the plural form "few"`) {
		t.Errorf("Russian's missing forms are not reported:\n%s", got)
	}
	if strings.Contains(got, "en: ") {
		t.Errorf("the reference is reported:\n%s", got)
	}

	// Translating it by hand clears the report for that language.
	ru := filepath.Join(dir, "ru.json")
	data, _ := os.ReadFile(ru)
	data = []byte(strings.Replace(string(data), `"pay.memo_warning": "`+locales.TodoMarker+`Add the memo <exactly> & nothing else."`, `"pay.memo_warning": "Укажите мемо, и только его."`, 1))
	if err := os.WriteFile(ru, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := problems(t, dir); strings.Contains(got, `ru: "pay.memo_warning"`) {
		t.Errorf("a translated key is still reported:\n%s", got)
	}
}

func TestAddKeyRefusals(t *testing.T) {
	dir := copyLocales(t)
	for _, tt := range []struct{ key, text string }{
		{"pay.copy", "Copy"},  // exists
		{"Bad Key", "x"},      // not an id
		{"nodot", "x"},        // not dotted
		{"pay.new_thing", ""}, // no text
	} {
		if err := addKey(dir, tt.key, tt.text, ""); err == nil {
			t.Errorf("addKey(%q, %q) succeeded", tt.key, tt.text)
		}
	}
	if p := problems(t, dir); p != "" {
		t.Errorf("a refused key changed the files:\n%s", p)
	}
}
