package api

import (
	"github.com/gofiber/fiber/v2"
)

// listTransactions answers GET /int/payment/{id}/txs.
func (h *Handler) listTransactions(c *fiber.Ctx) error {
	txs, err := h.gw.Transactions(c.UserContext(), storeOf(c).StoreID, param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(txs)
}
