package payer

import (
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

// languageCookie remembers the language a payer picked, for the pages they open next.
const languageCookie = "lang"

// language picks the page's language among those with a locale file, first match wins:
//
//  1. ?lang= in the URL (the picker's links, or a merchant's link);
//  2. the "lang" cookie: the payer's own earlier pick, on this site;
//  3. the payment's payer_lang, as the merchant set it;
//  4. the browser's Accept-Language;
//  5. the reference language (en).
//
// The payer's own pick (1, 2) beats the merchant's guess (3), which beats the browser's default
// (4). A value naming a language without a locale file ("de", "klingon") is skipped, not an error.
// payerLang is empty when no payment is known (error pages), so an error page never reveals
// anything about a payment.
func (h *Handler) language(c *fiber.Ctx, payerLang string) *locales.Localizer {
	for _, code := range []string{c.Query("lang"), c.Cookies(languageCookie), payerLang} {
		if lang, ok := h.catalog.Supported(code); ok {
			return h.catalog.Localizer(lang)
		}
	}
	if lang, ok := h.catalog.Negotiate(c.Get(fiber.HeaderAcceptLanguage)); ok {
		return h.catalog.Localizer(lang)
	}
	return h.catalog.Localizer(locales.Reference)
}

// chosenLanguage is the language named by ?lang=, "" when none with a locale file is.
func (h *Handler) chosenLanguage(c *fiber.Ctx) string {
	lang, _ := h.catalog.Supported(c.Query("lang"))
	return lang
}

// rememberLanguage is middleware of the pages: a page opened with ?lang= naming a language with a
// locale file sets the cookie, so the payer's next pages (and the live stream, which the browser
// opens with the cookie) keep that language. Lax, so it comes along when a store links here;
// HttpOnly, since no script needs it; Secure when the site is https.
func (h *Handler) rememberLanguage(c *fiber.Ctx) error {
	if lang := h.chosenLanguage(c); lang != "" && c.Cookies(languageCookie) != lang {
		c.Cookie(&fiber.Cookie{
			Name:     languageCookie,
			Value:    lang,
			Path:     "/",
			MaxAge:   int((365 * 24 * time.Hour) / time.Second),
			Secure:   strings.HasPrefix(h.publicOrigin, "https://"),
			HTTPOnly: true,
			SameSite: fiber.CookieSameSiteLaxMode,
		})
	}
	return c.Next()
}

// languagePicker lists every language as a link to this same page in that language: the path
// and every query parameter (the payment's code, a dedicated page's amount) kept, lang replaced.
// Plain links, so it works without JavaScript. Only GET pages get one: a link cannot repeat a POST.
// Error pages (samePage false) link to "?lang=…" only: they must be byte-identical whatever the
// URL (an unknown payment and a wrong code look the same), so they echo nothing of it; the
// payer's choice is remembered in the cookie for when they open their link again.
func languagePicker(c *fiber.Ctx, loc *locales.Localizer, samePage bool) *views.LanguagePicker {
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		return nil
	}
	query, path := url.Values{}, ""
	if samePage {
		if q, err := url.ParseQuery(string(c.Request().URI().QueryString())); err == nil {
			query = q
		}
		// One leading slash, escaped: a path such as "//evil.example" must not become a link elsewhere.
		path = (&url.URL{Path: "/" + strings.TrimLeft(c.Path(), "/")}).EscapedPath()
	}
	p := &views.LanguagePicker{Label: loc.T("language.label")}
	for _, l := range loc.Catalog().Choices() {
		query.Set("lang", l.Code)
		link := views.LanguageLink{Code: l.Code, Name: l.Name, Dir: l.Dir, URL: path + "?" + query.Encode(), Current: l.Code == loc.Lang()}
		if link.Current {
			p.Current = l.Name
		}
		p.Links = append(p.Links, link)
	}
	return p
}
