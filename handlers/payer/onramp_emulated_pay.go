package payer

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// payOnrampTest answers POST /onramp/test/{id}?code=…, the emulated provider's "pay": with the
// accepted test card it sends what remains to the payment's address as an emulated transaction
// (the test tools' "pay"), exactly as a provider's purchase arrives, and sends the payer back to the
// payment page, which follows the transaction's confirmations live. The declined test card and any
// other number are refused on the form (422). CSRF rules of the test tools.
func (h *Handler) payOnrampTest(c *fiber.Ctx) error {
	if !h.sameOrigin(c) {
		return fiber.ErrForbidden
	}
	v, ok, err := h.emulatedPayment(c)
	if err != nil || !ok {
		return err
	}
	loc := h.language(c, v.Payment.PayerLang)
	switch digits(c.FormValue("number")) {
	case testCardAccepted:
	case testCardDeclined:
		return h.renderOnrampTest(c, v, fiber.StatusUnprocessableEntity, loc.T("card.emulated.declined_error"))
	default:
		return h.renderOnrampTest(c, v, fiber.StatusUnprocessableEntity, loc.T("card.emulated.not_test_card"))
	}
	ctx, cancel := h.callContext(c)
	defer cancel()
	err = h.gw.PaymentTestAction(ctx, v.Payment.PaymentID, c.Query("code"), gateway.TestPayFull)
	h.pages.forget(v.Payment.PaymentID)
	if err != nil && !refusal(err) {
		return err
	}
	return c.Redirect(paymentLinks(v.Payment.PaymentID, c.Query("code"), h.chosenLanguage(c)).path(""), fiber.StatusSeeOther)
}

// digits keeps the digits of a card number as typed ("4242 4242 …", "4242-4242-…").
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
