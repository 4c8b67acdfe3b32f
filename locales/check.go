package locales

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// Problems lists what is wrong with the loaded locales compared with the reference: missing or
// unknown ids, counted messages lacking a plural form their language uses for whole numbers, template
// values that differ from the reference's, and text left in English. An empty list means every
// language is complete.
func (c *Catalog) Problems() []string {
	var out []string
	ref := c.messages[Reference]
	for _, lang := range c.langs {
		msgs := c.messages[lang]
		for _, id := range c.MessageIDs(Reference) {
			m, ok := msgs[id]
			if !ok {
				out = append(out, fmt.Sprintf("%s: missing %q", lang, id))
				continue
			}
			r := ref[id]
			counted := r.One != "" || r.Other != "" && strings.Contains(r.Other, ".Count")
			if counted {
				for _, form := range integerForms(lang) {
					if formText(m, form) == "" {
						out = append(out, fmt.Sprintf("%s: %q lacks the plural form %q", lang, id, form))
					}
				}
			}
			if got, want := placeholders(m), placeholders(r); !slices.Equal(got, want) {
				out = append(out, fmt.Sprintf("%s: %q uses %v, the reference %v", lang, id, got, want))
			}
			if lang != Reference && m.Other == r.Other && hasWords(r.Other) {
				out = append(out, fmt.Sprintf("%s: %q is still in English", lang, id))
			}
		}
		for id := range msgs {
			if _, ok := ref[id]; !ok {
				out = append(out, fmt.Sprintf("%s: %q is not in the reference locale", lang, id))
			}
		}
	}
	slices.Sort(out)
	return out
}

// integerForms are the CLDR plural categories a language uses for whole numbers (the only counts
// the pages show).
func integerForms(lang string) []string {
	tag := language.Make(lang)
	seen := map[plural.Form]bool{}
	for n := 0; n <= 1000; n++ {
		seen[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)] = true
	}
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two", plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	var out []string
	for _, f := range []plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many, plural.Other} {
		if seen[f] {
			out = append(out, names[f])
		}
	}
	return out
}

func formText(m *i18n.Message, form string) string {
	switch form {
	case "zero":
		return m.Zero
	case "one":
		return m.One
	case "two":
		return m.Two
	case "few":
		return m.Few
	case "many":
		return m.Many
	}
	return m.Other
}

// placeholders lists the template values a message's "other" form uses, sorted.
func placeholders(m *i18n.Message) []string {
	var out []string
	s := m.Other
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			break
		}
		out = append(out, strings.TrimSpace(s[i+2:i+j]))
		s = s[i+j+2:]
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// hasWords reports whether a text has letters outside its template values: only such texts can be
// left untranslated ("{{.Amount}}" cannot).
func hasWords(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "{{"):
			depth++
		case strings.HasPrefix(s[i:], "}}"):
			depth--
		case depth == 0 && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z'):
			return true
		}
	}
	return false
}
