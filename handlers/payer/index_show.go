package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/views"
)

// showIndex answers GET /: a short note, since payers only ever arrive with a payment link.
func (h *Handler) showIndex(c *fiber.Ctx) error {
	loc := h.language(c, "")
	setPageHeaders(c, nil)
	return render(c, fiber.StatusOK, loc, views.Index(layout(loc, loc.T("index.title"), false)))
}
