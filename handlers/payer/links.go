package payer

import "net/url"

// paymentURLs builds the URLs of a payment's page and its parts, each carrying the code (the
// payer's capability) and the chosen language, if any.
type paymentURLs struct{ base, query string }

func paymentLinks(id, code, lang string) paymentURLs {
	u := paymentURLs{base: "/payment/" + url.PathEscape(id), query: "?code=" + url.QueryEscape(code)}
	if lang != "" {
		u.query += "&lang=" + url.QueryEscape(lang)
	}
	return u
}

func (u paymentURLs) path(suffix string) string { return u.base + suffix + u.query }
