package api

import "github.com/gofiber/fiber/v2"

// getDedicate answers GET /int/dedicate/{id}.
func (h *Handler) getDedicate(c *fiber.Ctx) error {
	d, err := h.gw.Dedicate(c.UserContext(), storeOf(c).StoreID, param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(d)
}
