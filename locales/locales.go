// Package locales holds every payer-visible string, one file per language named by its ISO 639-1
// code (en.json is the reference), embedded in the binary. Adding a language is adding its file.
// It also decides which of those languages a request gets.
package locales

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed *.json
var files embed.FS

// Reference is the language every locale is checked against and the last resort of the choice.
const Reference = "en"

// rightToLeft are the languages written from right to left.
var rightToLeft = map[string]bool{"ar": true, "fa": true, "he": true, "ur": true}

// Catalog is the set of loaded languages. It is safe for concurrent use once loaded.
type Catalog struct {
	bundle     *i18n.Bundle
	langs      []string // reference first, then the others sorted
	matcher    language.Matcher
	messages   map[string]map[string]*i18n.Message // language → message id → message
	localizers map[string]*Localizer
	choices    []Language
	onMissing  func(lang, id string)
}

// Option changes how a Catalog is loaded.
type Option func(*Catalog)

// OnMissing makes the catalog call fn whenever a page asks for a message id the reference locale
// does not have (tests use it to fail on typos; production shows the id and moves on).
func OnMissing(fn func(lang, id string)) Option { return func(c *Catalog) { c.onMissing = fn } }

// Load reads every embedded locale file.
func Load(opts ...Option) (*Catalog, error) {
	return LoadFS(files, opts...)
}

// Files are the embedded locale files, for tests that build catalogs with extra languages.
func Files() fs.FS { return files }

// LoadFS reads the locale files (*.json) of fsys.
func LoadFS(fsys fs.FS, opts ...Option) (*Catalog, error) {
	c := &Catalog{
		bundle:     i18n.NewBundle(language.English),
		messages:   map[string]map[string]*i18n.Message{},
		localizers: map[string]*Localizer{},
		onMissing:  func(string, string) {},
	}
	for _, o := range opts {
		o(c)
	}
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		lang := strings.TrimSuffix(path.Base(name), ".json")
		if _, err := language.ParseBase(lang); err != nil || len(lang) != 2 {
			return nil, fmt.Errorf("locales: %s: name a locale file by its two-letter language code", name)
		}
		mf, err := c.bundle.LoadMessageFileFS(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("locales: %s: %w", name, err)
		}
		byID := make(map[string]*i18n.Message, len(mf.Messages))
		for _, m := range mf.Messages {
			byID[m.ID] = m
		}
		c.messages[lang] = byID
		c.langs = append(c.langs, lang)
	}
	if c.messages[Reference] == nil {
		return nil, fmt.Errorf("locales: the reference locale %s.json is missing", Reference)
	}
	slices.SortFunc(c.langs, func(a, b string) int {
		switch {
		case a == Reference:
			return -1
		case b == Reference:
			return 1
		}
		return strings.Compare(a, b)
	})
	tags := make([]language.Tag, len(c.langs))
	for i, l := range c.langs {
		tags[i] = language.Make(l)
		c.localizers[l] = c.newLocalizer(l)
	}
	c.matcher = language.NewMatcher(tags)
	c.choices = c.languageChoices()
	return c, nil
}

// MustLoad is Load for program start: the locale files are embedded, so a failure is a build bug.
func MustLoad(opts ...Option) *Catalog {
	c, err := Load(opts...)
	if err != nil {
		panic(err)
	}
	return c
}

// Languages lists the languages with a locale file, the reference first.
func (c *Catalog) Languages() []string { return slices.Clone(c.langs) }

// MessageIDs lists the ids of a language's messages, sorted.
func (c *Catalog) MessageIDs(lang string) []string {
	ids := make([]string, 0, len(c.messages[lang]))
	for id := range c.messages[lang] {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Message returns a language's message by id, if the language has it.
func (c *Catalog) Message(lang, id string) (*i18n.Message, bool) {
	m, ok := c.messages[lang][id]
	return m, ok
}

// Supported turns a language code as a merchant or a URL gives it ("pt", "pt-BR", "ZH") into a
// language with a locale file.
func (c *Catalog) Supported(code string) (string, bool) {
	code = strings.TrimSpace(code)
	if code == "" || len(code) > 35 {
		return "", false
	}
	tag, err := language.Parse(code)
	if err != nil {
		return "", false
	}
	base, _ := tag.Base()
	if _, ok := c.messages[base.String()]; ok {
		return base.String(), true
	}
	return "", false
}

// Negotiate picks the best language with a locale file for an Accept-Language header.
func (c *Catalog) Negotiate(acceptLanguage string) (string, bool) {
	if acceptLanguage == "" || len(acceptLanguage) > 512 {
		return "", false
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return "", false
	}
	// Our one Chinese is written in Simplified characters. The matcher rates it a weak match for
	// Traditional readers (zh-TW, zh-HK: another script) and would prefer any exact later choice,
	// such as English; a reader who asked for Chinese first gets the Chinese we have (lang="zh").
	for i, t := range tags {
		if base, _ := t.Base(); base.String() == "zh" {
			tags[i] = language.Chinese
		}
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return "", false
	}
	return c.langs[i], true
}

// Localizer returns the localizer of a language with a locale file, or of the reference language.
func (c *Catalog) Localizer(lang string) *Localizer {
	if l, ok := c.localizers[lang]; ok {
		return l
	}
	return c.localizers[Reference]
}

// Language is a language a payer can choose, named in its own words for the language picker.
type Language struct {
	Code string // "pt"
	Name string // "Português"
	Dir  string // "ltr" or "rtl"
}

// Choices lists the languages with a locale file, each named in itself (its "language.name"),
// sorted by code so the list reads the same on every page.
func (c *Catalog) Choices() []Language { return slices.Clone(c.choices) }

func (c *Catalog) languageChoices() []Language {
	out := make([]Language, 0, len(c.langs))
	for _, lang := range c.langs {
		name := lang
		if m, ok := c.messages[lang]["language.name"]; ok && m.Other != "" {
			name = m.Other
		}
		out = append(out, Language{Code: lang, Name: name, Dir: c.Localizer(lang).Dir()})
	}
	slices.SortFunc(out, func(a, b Language) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Catalog returns the catalog the localizer belongs to.
func (l *Localizer) Catalog() *Catalog { return l.catalog }
