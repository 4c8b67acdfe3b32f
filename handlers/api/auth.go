package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// authenticate checks HTTP Basic credentials (API key as user, API secret as password).
func (h *Handler) authenticate(c *fiber.Ctx) error {
	key, secret, ok := basicAuth(c.Get(fiber.HeaderAuthorization))
	if !ok {
		return gateway.Errorf(gateway.ErrCodeUnauthorized, "Wrong or missing API key or secret.")
	}
	store, err := h.gw.Authenticate(c.UserContext(), key, secret)
	if err != nil {
		return err
	}
	c.Locals(storeKey, store)
	return c.Next()
}
