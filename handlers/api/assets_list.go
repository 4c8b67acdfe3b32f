package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// listAssets answers GET /int/assets with the catalogue.
func (h *Handler) listAssets(c *fiber.Ctx) error {
	return c.JSON(gateway.Assets())
}
