package wptest

import (
	"strings"
	"testing"
)

// The Go port agrees with WordPress's own sanitize_text_field on every text without '<'; on a text
// with '<' both change it (WordPress strips or escapes, the port escapes), which is all the port
// is used to tell.
func TestPortMatchesWordPress(t *testing.T) {
	texts := []string{
		`{"a":"b"}`, "  padded\t", "two  spaces", "tab\tand\nnewline\r\nend", "a%20b", "a %2F b",
		"%2%20520", "x%%2020y", "%2%2525", "100%", "%zz", "%E2%9C%93 check", "trailing %41", "\x0bvt\x0b",
		"Ünïcödé ✓ 日本語 عربى", "\u00a0nbsp\u00a0", "\u2028", "\xff", "a\x00b",
		`{"cancel_url":"https://shop.example/?r=\u0025Fa\u002520b","d":"x \u0020y"}`,
		"<b>bold</b>", "a < b", "<\nx",
	}
	real := WordPress(t)(texts)
	for i, s := range texts {
		got := SanitizeTextField(s)
		if strings.Contains(s, "<") {
			if real[i] == s || got == s {
				t.Errorf("%q: WordPress gives %q, the port %q; both must change it", s, real[i], got)
			}
			continue
		}
		if got != real[i] {
			t.Errorf("SanitizeTextField(%q) = %q, WordPress gives %q", s, got, real[i])
		}
	}
}
