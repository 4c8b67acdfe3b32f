package locales

import (
	"fmt"
	"slices"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
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
			if hasTodo(m) {
				out = append(out, fmt.Sprintf("%s: %q is not translated yet (%s)", lang, id, strings.TrimSpace(TodoMarker)))
			}
			counted := r.One != "" || r.Other != "" && strings.Contains(r.Other, ".Count")
			if counted {
				for _, form := range pluralForms(lang) {
					if formText(m, form) == "" {
						out = append(out, fmt.Sprintf("%s: %q lacks the plural form %q", lang, id, form))
					}
				}
			}
			if got, want := placeholders(m), placeholders(r); !slices.Equal(got, want) {
				out = append(out, fmt.Sprintf("%s: %q uses %v, the reference %v", lang, id, got, want))
			}
			if lang != Reference && m.Other == r.Other && hasWords(r.Other) && !slices.Contains(sameAsEnglish[lang], id) {
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

// TodoMarker starts the text a new message gets in every language but the reference (make
// i18n-add): the check reports it until someone translates it.
const TodoMarker = "[TODO translate] "

// sameAsEnglish are the messages a language rightly writes exactly as English does; without this
// short list the check would take them for text left untranslated.
var sameAsEnglish = map[string][]string{
	"es": {"progress.total"},               // "Total"
	"fr": {"progress.total", "tx.heading"}, // "Total", "{{.Count}} transactions"
	"pt": {"progress.total"},               // "Total"
}

// pluralCounts are the counts whose plural category the check asks for: every whole number the
// pages can show in practice, and a million, which some languages (es, fr, pt) treat apart.
var pluralCounts = func() []int {
	out := make([]int, 0, 1002)
	for n := 0; n <= 1000; n++ {
		out = append(out, n)
	}
	return append(out, 1000000)
}()

// pluralForms are the CLDR plural categories a language uses for whole numbers (the only counts
// the pages show). They come from go-i18n itself, asked with a message that names each form, so
// the check demands exactly the forms the pages will pick.
func pluralForms(lang string) []string {
	b := i18n.NewBundle(language.English)
	tag := language.Make(lang)
	probe := &i18n.Message{ID: "probe", Zero: "zero", One: "one", Two: "two", Few: "few", Many: "many", Other: "other"}
	if err := b.AddMessages(tag, probe); err != nil {
		return []string{"other"}
	}
	l := i18n.NewLocalizer(b, lang)
	seen := map[string]bool{}
	for _, n := range pluralCounts {
		if form, err := l.Localize(&i18n.LocalizeConfig{MessageID: "probe", PluralCount: n}); err == nil {
			seen[form] = true
		}
	}
	var out []string
	for _, f := range []string{"zero", "one", "two", "few", "many", "other"} {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out
}

// hasTodo reports whether any form of a message still holds the marker of a new, untranslated key.
func hasTodo(m *i18n.Message) bool {
	for _, s := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
		if strings.Contains(s, strings.TrimSpace(TodoMarker)) {
			return true
		}
	}
	return false
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
