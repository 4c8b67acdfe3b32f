package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/views"
)

// showReceipt answers GET /payment/{id}/receipt?code=…: the printable receipt. It opens with the
// payment's code like the payment page, and a wrong code is the same 404 as an unknown payment.
func (h *Handler) showReceipt(c *fiber.Ctx) error {
	ctx, cancel := h.callContext(c)
	defer cancel()
	v, err := h.gw.PaymentView(ctx, c.Params("id"), c.Query("code"))
	if err != nil {
		return err
	}
	loc := h.language(c, v.Payment.PayerLang)
	m := receiptPage(v, loc, h.chosenLanguage(c), h.now())
	m.Logo = h.logoURL(v.Page)
	setPageHeaders(c, v.FrameAncestors)
	return render(c, fiber.StatusOK, loc, views.ReceiptView(m))
}
