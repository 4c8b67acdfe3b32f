package locales

import (
	"strings"
	"unicode"

	"github.com/nicksnyder/go-i18n/v2/i18n"
)

// Localizer renders one language's messages. Messages without template actions are rendered once
// when the catalog loads, so the common case is a map lookup.
type Localizer struct {
	catalog *Catalog
	lang    string
	l       *i18n.Localizer
	fixed   map[string]string
	numbers numberStyle
}

func (c *Catalog) newLocalizer(lang string) *Localizer {
	l := &Localizer{catalog: c, lang: lang, l: i18n.NewLocalizer(c.bundle, lang), fixed: map[string]string{}, numbers: newNumberStyle(lang)}
	for _, id := range c.MessageIDs(Reference) {
		m, ok := c.messages[lang][id]
		if !ok {
			m = c.messages[Reference][id]
		}
		if !strings.Contains(m.Other, "{{") && m.One == "" && m.Few == "" && m.Many == "" {
			l.fixed[id] = m.Other
		}
	}
	return l
}

// Lang is the language's code, for <html lang>.
func (l *Localizer) Lang() string { return l.lang }

// Dir is "rtl" for languages written right to left, else "ltr", for <html dir>.
func (l *Localizer) Dir() string {
	if rightToLeft[l.lang] {
		return "rtl"
	}
	return "ltr"
}

// T renders a message. args are the template's values as name, value pairs:
// T("page.title", "Store", name).
func (l *Localizer) T(id string, args ...any) string {
	if len(args) == 0 {
		if s, ok := l.fixed[id]; ok {
			return s
		}
	}
	return l.localize(id, nil, args)
}

// N renders a message whose form depends on count (its {{.Count}}), with more values as in T.
func (l *Localizer) N(id string, count int, args ...any) string {
	return l.localize(id, count, args)
}

func (l *Localizer) localize(id string, count any, args []any) string {
	if _, ok := l.catalog.messages[Reference][id]; !ok {
		l.catalog.onMissing(l.lang, id)
		return id
	}
	data := make(map[string]any, len(args)/2+1)
	for i := 0; i+1 < len(args); i += 2 {
		if k, ok := args[i].(string); ok {
			data[k] = l.isolate(args[i+1])
		}
	}
	if count != nil {
		data["Count"] = count
	}
	out, err := l.l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: count})
	if err != nil && out == "" {
		l.catalog.onMissing(l.lang, id)
		return id
	}
	return out
}

// PluralForm is one form of a counted message: its CLDR plural category ("one", "few", "other"…)
// and its text with "{{.Count}}" where the number goes. Scripts pick the form with
// Intl.PluralRules, which uses the same categories.
type PluralForm struct {
	Category string
	Text     string
}

// PluralForms lists the forms a counted message has in this language.
func (l *Localizer) PluralForms(id string) []PluralForm {
	m, ok := l.catalog.messages[l.lang][id]
	if !ok {
		if m, ok = l.catalog.messages[Reference][id]; !ok {
			l.catalog.onMissing(l.lang, id)
			return nil
		}
	}
	var out []PluralForm
	for _, f := range []PluralForm{{"zero", m.Zero}, {"one", m.One}, {"two", m.Two}, {"few", m.Few}, {"many", m.Many}, {"other", m.Other}} {
		if f.Text != "" {
			out = append(out, f)
		}
	}
	return out
}

// isolate wraps a text value (a store's name, an amount, a network) in Unicode's first-strong
// isolate and pop-isolate marks when the page is right-to-left or the value holds right-to-left
// letters: the value then keeps its own direction inside the sentence, so "USDT (TRC-20)" or
// "0.5 BTC" never comes out reordered or with its brackets turned around. Numbers (counts) need
// no isolating.
func (l *Localizer) isolate(v any) any {
	s, ok := v.(string)
	if !ok || s == "" || l.Dir() != "rtl" && !hasRightToLeft(s) {
		return v
	}
	return "\u2068" + s + "\u2069"
}

func hasRightToLeft(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko) {
			return true
		}
	}
	return false
}
