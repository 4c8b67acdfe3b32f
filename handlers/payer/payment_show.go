package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/views"
)

// showPayment answers GET /payment/{id}?code=…: the payment page in the state the payment is in.
func (h *Handler) showPayment(c *fiber.Ctx) error {
	ctx, cancel := h.callContext(c)
	defer cancel()
	v, err := h.gw.PaymentView(ctx, c.Params("id"), c.Query("code"))
	if err != nil {
		return err
	}
	loc := h.language(c, v.Payment.PayerLang)
	setPageHeaders(c, v.FrameAncestors)
	return render(c, fiber.StatusOK, loc, views.Payment(h.paymentPage(v, loc, h.chosenLanguage(c))))
}
