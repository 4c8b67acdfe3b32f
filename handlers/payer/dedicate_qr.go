package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// dedicateQR answers GET /dedicate/{id}/qr.png[?amount=…&asset_id=…], the QR code on the page.
func (h *Handler) dedicateQR(c *fiber.Ctx) error { return h.sendDedicateQR(c, "same-origin") }

// DedicateQRCode answers GET /int/dedicate/{id}/qrcode, the dedicated address's qrcode_url. Like
// the payment's it is public (the id is the capability), registered before the /int group, and
// loadable from other origins.
func (h *Handler) DedicateQRCode(c *fiber.Ctx) error { return h.sendDedicateQR(c, "cross-origin") }

// sendDedicateQR writes the PNG of the address's wallet URI, with the link's amount when it asks
// for one. A released address has no QR code: nobody should be invited to send to it.
func (h *Handler) sendDedicateQR(c *fiber.Ctx, resourcePolicy string) error {
	ctx, cancel := h.callContext(c)
	defer cancel()
	v, err := h.gw.DedicateView(ctx, param(c, "id"))
	if err != nil {
		return err
	}
	if v.Released() {
		return gateway.Errorf(gateway.ErrCodeDedicateReleased, "Dedicate <%s> was released: its address receives no more payments.", v.DedicateID)
	}
	due, err := h.due(ctx, askOf(c), v)
	if err != nil {
		return err
	}
	asset, _ := gateway.LookupAsset(v.AssetID)
	img, err := h.qr.get(gateway.QRContent(asset, v.Address, due.amount))
	if err != nil {
		return err
	}
	return sendPNG(c, img, resourcePolicy)
}
