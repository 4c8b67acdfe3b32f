package api

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// Test-store emulation: POST /int/test/payment/{id}/tx, /int/test/payment/{id}/expire, /int/test/blocks.

type emulatedTxRequest struct {
	Amount gateway.AmountInput `json:"amount"`
}

func (h *Handler) emulateTransaction(c *fiber.Ctx) error {
	var req emulatedTxRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	tx, err := h.gw.EmulatePaymentTransaction(c.UserContext(), storeOf(c), param(c, "id"), req.Amount)
	if err != nil {
		return err
	}
	return c.JSON(tx)
}

func (h *Handler) expirePayment(c *fiber.Ctx) error {
	p, err := h.gw.ExpireTestPayment(c.UserContext(), storeOf(c), param(c, "id"))
	if err != nil {
		return err
	}
	return c.JSON(p)
}

type blocksRequest struct {
	CryptoNetwork string           `json:"crypto_network"`
	Count         gateway.IntInput `json:"count"`
}

type blocksResponse struct {
	CryptoNetwork string `json:"crypto_network"`
	Count         int    `json:"count"`
	Transactions  int    `json:"transactions"`
}

func (h *Handler) mineBlocks(c *fiber.Ctx) error {
	var req blocksRequest
	if err := decodeBody(c, &req); err != nil {
		return err
	}
	n, err := h.gw.MineBlocks(c.UserContext(), storeOf(c), req.CryptoNetwork, req.Count)
	if err != nil {
		return err
	}
	count := 1
	if req.Count.Set {
		count = req.Count.Value
	}
	return c.JSON(blocksResponse{CryptoNetwork: req.CryptoNetwork, Count: count, Transactions: n})
}
