package api

import "github.com/gofiber/fiber/v2"

// getWithdraw answers GET /int/withdraw/{id}.
func (h *Handler) getWithdraw(c *fiber.Ctx) error {
	w, err := h.gw.Withdraw(c.UserContext(), storeOf(c).StoreID, param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(w)
}
