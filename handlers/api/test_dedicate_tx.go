package api

import "github.com/gofiber/fiber/v2"

// emulateDedicateTransaction answers POST /int/test/dedicate/{id}/tx {"amount": "25"}: the
// transaction, with the payment it was booked on.
func (h *Handler) emulateDedicateTransaction(c *fiber.Ctx) error {
	var req emulatedTxRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	tx, err := h.gw.EmulateDedicateTransaction(c.UserContext(), storeOf(c), param(c, "id"), req.Amount)
	if err != nil {
		return err
	}
	return c.JSON(tx)
}
