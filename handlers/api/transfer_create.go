package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// createTransfer answers POST /int/transfer with 200 and the completed transfer.
func (h *Handler) createTransfer(c *fiber.Ctx) error {
	var req gateway.TransferRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	t, err := h.gw.CreateTransfer(c.UserContext(), storeOf(c), req)
	if err != nil {
		return err
	}
	return c.JSON(t)
}
