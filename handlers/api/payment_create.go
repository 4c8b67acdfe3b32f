package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// createPayment answers POST /int/payment (crypto and fiat-provider variants) with 200 and the payment.
func (h *Handler) createPayment(c *fiber.Ctx) error {
	var req gateway.CreatePaymentRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	p, err := h.gw.CreatePayment(c.UserContext(), storeOf(c), req)
	if err != nil {
		return err
	}
	return c.JSON(p)
}
