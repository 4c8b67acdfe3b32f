package api

import (
	"github.com/gofiber/fiber/v2"
)

// getPayment answers GET /int/payment/{id}.
func (h *Handler) getPayment(c *fiber.Ctx) error {
	p, err := h.gw.Payment(c.UserContext(), storeOf(c).StoreID, param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}
