package views

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/cryptocheckout/checkout/locales"
)

func itoa(n int) string { return strconv.Itoa(n) }

// pluralJSON writes a counted message's forms as {"one": "…", "other": "…"} for the script's
// Intl.PluralRules.
func pluralJSON(forms []locales.PluralForm) string {
	m := make(map[string]string, len(forms))
	for _, f := range forms {
		m[f.Category] = f.Text
	}
	b, _ := json.Marshal(m) // a map of strings always encodes
	return string(b)
}

func boolAttr(b bool) string { return strconv.FormatBool(b) }

// colon is the language's colon between a label and its value: "Language: English", but the
// full-width "言語：日本語" in Chinese and Japanese, which carries its own spacing. (A locale's
// trailing space would not survive the catalogue, so the space is added here.)
func colon(ctx context.Context) string {
	c := t(ctx, "screen.colon")
	if strings.HasSuffix(c, "：") {
		return c
	}
	return c + " "
}

// refreshContent is a page's meta refresh: every RefreshSeconds, to RefreshURL when it has one.
func refreshContent(l Layout) string {
	if l.RefreshURL == "" {
		return strconv.Itoa(RefreshSeconds)
	}
	return strconv.Itoa(RefreshSeconds) + "; url=" + l.RefreshURL
}
