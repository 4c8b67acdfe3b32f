package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// createWithdraw answers POST /int/withdraw with 200 and the withdrawal.
func (h *Handler) createWithdraw(c *fiber.Ctx) error {
	var req gateway.CreateWithdrawRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	w, err := h.gw.CreateWithdraw(c.UserContext(), storeOf(c), req)
	if err != nil {
		return err
	}
	return c.JSON(w)
}
