package api

import "github.com/gofiber/fiber/v2"

// releaseDedicate answers POST /int/dedicate/{id}/release with the released dedicated address.
func (h *Handler) releaseDedicate(c *fiber.Ctx) error {
	d, err := h.gw.ReleaseDedicate(c.UserContext(), storeOf(c).StoreID, param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(d)
}
