package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// paymentTestAction answers POST /payment/{id}/test/{action}?code=…, a test store's test tool, and
// sends the payer back to the page (303). The page's code authorises it, as it authorises the page;
// live stores have no test tools (404). A refusal such as expiring a decided payment just shows the
// page again, which tells the payment's state.
func (h *Handler) paymentTestAction(c *fiber.Ctx) error {
	if !h.testTools() {
		return fiber.ErrNotFound
	}
	if !h.sameOrigin(c) {
		return fiber.ErrForbidden
	}
	action, ok := gateway.ParseTestAction(c.Params("action"))
	if !ok {
		return fiber.ErrNotFound
	}
	id, code := param(c, "id"), query(c, "code")
	ctx, cancel := h.callContext(c)
	defer cancel()
	err := h.gw.PaymentTestAction(ctx, id, code, action)
	h.pages.forget(id)
	if err != nil && !refusal(err) {
		return err
	}
	return c.Redirect(paymentLinks(id, code, h.chosenLanguage(c)).path(""), fiber.StatusSeeOther)
}

// refusal reports whether err is the gateway declining the action for the payment's state.
func refusal(err error) bool {
	switch code := gateway.ErrorCode(err); code {
	case gateway.ErrCodeInternal, gateway.ErrCodeTimeout, gateway.ErrCodeNoPayment, gateway.ErrCodeNotTestStore:
		return false
	}
	return true
}

// sameOrigin is the test tools' CSRF check. The forms carry the page's code, which another site
// cannot know; on top of that a browser's own word is taken: Sec-Fetch-Site when it sends it,
// else an Origin header naming another site is refused. ("null" is what browsers send under
// Referrer-Policy: no-referrer, so it proves nothing either way.)
func (h *Handler) sameOrigin(c *fiber.Ctx) bool {
	if site := c.Get("Sec-Fetch-Site"); site != "" {
		return site == "same-origin"
	}
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" || origin == "null" {
		return true
	}
	return origin == h.publicOrigin || origin == c.Protocol()+"://"+string(c.Request().Host())
}
