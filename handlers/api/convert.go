package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// convert answers POST /int/convert.
func (h *Handler) convert(c *fiber.Ctx) error {
	var req gateway.ConvertRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	out, err := h.gw.Convert(c.UserContext(), req)
	if err != nil {
		return err
	}
	return c.JSON(out)
}
