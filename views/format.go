package views

import (
	"encoding/json"
	"strconv"

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
