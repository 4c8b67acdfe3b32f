package webhooks

import (
	"errors"

	"github.com/gofiber/fiber/v2"
)

// HandleError answers a failed POST /webhooks/gateway in the receiver's JSON, never the payer
// pages' HTML: among them a body over the server's limit, which fasthttp refuses before the
// receiver runs (413). The server's error handler delegates here for Path.
func (h *Handler) HandleError(c *fiber.Ctx, err error) error {
	var fe *fiber.Error
	switch {
	case errors.As(err, &fe) && fe.Code == fiber.StatusRequestEntityTooLarge:
		h.failed(ReasonTooLarge)
		return tooLarge(c)
	case errors.As(err, &fe) && fe.Code < 500:
		return c.Status(fe.Code).JSON(fiber.Map{"error": fe.Message})
	}
	h.cfg.Log.Error("webhook receiver failed", "err", err)
	return c.Status(fiber.StatusInternalServerError).JSON(fiber.Map{"error": "internal error"})
}

func tooLarge(c *fiber.Ctx) error {
	return c.Status(fiber.StatusRequestEntityTooLarge).JSON(fiber.Map{"error": "body too large"})
}
