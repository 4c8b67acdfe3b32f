package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// createDedicate answers POST /int/dedicate with 200 and the dedicated address.
func (h *Handler) createDedicate(c *fiber.Ctx) error {
	var req gateway.CreateDedicateRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	d, err := h.gw.CreateDedicate(c.UserContext(), storeOf(c), req)
	if err != nil {
		return err
	}
	return c.JSON(d)
}
