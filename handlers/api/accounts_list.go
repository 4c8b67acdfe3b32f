package api

import "github.com/gofiber/fiber/v2"

// listAccounts answers GET /int/accounts.
func (h *Handler) listAccounts(c *fiber.Ctx) error {
	out, err := h.gw.Accounts(c.UserContext(), storeOf(c))
	if err != nil {
		return err
	}
	return c.JSON(out)
}
