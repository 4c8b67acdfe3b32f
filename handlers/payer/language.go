package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/locales"
)

// language picks the page's language among those with a locale file: ?lang= › the payment's
// payer_lang › Accept-Language › the reference language. payerLang is empty when no payment is
// known (error pages), so an error page never reveals anything about a payment.
func (h *Handler) language(c *fiber.Ctx, payerLang string) *locales.Localizer {
	if lang, ok := h.catalog.Supported(c.Query("lang")); ok {
		return h.catalog.Localizer(lang)
	}
	if lang, ok := h.catalog.Supported(payerLang); ok {
		return h.catalog.Localizer(lang)
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
