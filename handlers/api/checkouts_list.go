package api

import "github.com/gofiber/fiber/v2"

// listCheckouts answers GET /int/checkouts, a compatibility endpoint outside the seed: merchant
// clients in the wild (the WooCommerce plugin's "check credentials") call it with ?limit=0 and
// take any answer but 200 as wrong credentials. The gateway has no checkout objects beyond
// payments, so the list is always empty; the route exists so that the call proves the credentials
// (401 when they are wrong, as every route). Query parameters are ignored.
func (h *Handler) listCheckouts(c *fiber.Ctx) error {
	return c.JSON([]struct{}{})
}
