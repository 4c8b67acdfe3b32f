package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// dedicateTestAction answers POST /dedicate/{id}/test/{action}[?amount=…&asset_id=…], a test
// store's test tool on a dedicated address, and sends the payer back to the page (303). The id,
// which the page itself is reached by, authorises it; live stores have no test tools (404).
// "pay" sends the amount the link asks for, or a sample amount when it asks for none.
func (h *Handler) dedicateTestAction(c *fiber.Ctx) error {
	if !h.testTools() {
		return fiber.ErrNotFound
	}
	if !h.sameOrigin(c) {
		return fiber.ErrForbidden
	}
	action, ok := gateway.ParseTestAction(c.Params("action"))
	if !ok || action == gateway.TestPayPart || action == gateway.TestExpire {
		return fiber.ErrNotFound
	}
	id := param(c, "id")
	ctx, cancel := h.callContext(c)
	defer cancel()
	v, err := h.gw.DedicateView(ctx, id)
	if err != nil {
		return err
	}
	ask := askOf(c).sinceFrom(h.now())
	due, err := h.due(ctx, ask, v)
	if err != nil {
		return err
	}
	amount := gateway.EmulatedAmount(gateway.Payment{PaymentAssetID: v.AssetID, PaymentAmount: due.amount}, gateway.TestPayFull)
	err = h.gw.DedicateTestAction(ctx, id, action, amount)
	if err != nil && !refusal(err) {
		return err
	}
	return c.Redirect(dedicateLinks(id, ask, h.chosenLanguage(c)).path(""), fiber.StatusSeeOther)
}
