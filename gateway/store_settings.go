package gateway

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// ParseMarkups reads markups written as "BTC:2:0.0001,ETH:1.5:" — asset:percent:amount, either
// number may be empty. Every asset must be a known crypto asset and every number non-negative.
func ParseMarkups(s string) (map[string]Markup, error) {
	out := map[string]Markup{}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		parts := strings.Split(item, ":")
		if len(parts) != 3 {
			return nil, fmt.Errorf("markup %q: want asset:percent:amount", truncate(item, 40))
		}
		asset, err := CryptoAssetByID("markup", strings.TrimSpace(parts[0]))
		if err != nil {
			return nil, fmt.Errorf("markup %q: %s", truncate(item, 40), err.(*Error).Message)
		}
		percent, err := optionalNonNegative(parts[1], 4)
		if err != nil {
			return nil, fmt.Errorf("markup %q: percent: %w", truncate(item, 40), err)
		}
		amount, err := optionalNonNegative(parts[2], asset.Precision)
		if err != nil {
			return nil, fmt.Errorf("markup %q: amount: %w", truncate(item, 40), err)
		}
		out[asset.AssetID] = Markup{Percent: percent, Amount: amount}
	}
	return out, nil
}

// FormatMarkups writes markups back in the ParseMarkups form, sorted by asset.
func FormatMarkups(m map[string]Markup) string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var parts []string
	for _, id := range ids {
		parts = append(parts, id+":"+optString(m[id].Percent)+":"+optString(m[id].Amount))
	}
	return strings.Join(parts, ",")
}

func optString(a *Amount) string {
	if a == nil {
		return ""
	}
	return a.String()
}

// ParseOptionalAmount reads "" as unset, otherwise a non-negative decimal with at most places decimals.
func ParseOptionalAmount(s string, places int32) (*Amount, error) {
	return optionalNonNegative(s, places)
}

func optionalNonNegative(s string, places int32) (*Amount, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	v, err := ParseAmount(s)
	if err != nil {
		return nil, err
	}
	if v.IsNegative() {
		return nil, fmt.Errorf("%s is negative", s)
	}
	if !v.FitsPrecision(places) {
		return nil, fmt.Errorf("%s has more than %d decimals", s, places)
	}
	return &v, nil
}

// ParseOrigins reads a comma- or space-separated list of origins allowed to frame the payer
// pages ("https://shop.example, https://*.example.org"). Each must be a scheme://host[:port].
func ParseOrigins(s string) ([]string, error) {
	var out []string
	for _, o := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("origin %q: want scheme://host[:port]", truncate(o, 60))
		}
		if strings.ContainsAny(u.Host, ";'\" ") {
			return nil, fmt.Errorf("origin %q: invalid host", truncate(o, 60))
		}
		out = append(out, u.Scheme+"://"+u.Host)
	}
	return out, nil
}
