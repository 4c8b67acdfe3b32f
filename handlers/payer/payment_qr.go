package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// paymentQR answers GET /payment/{id}/qr.png?code=…, the QR code on the page.
func (h *Handler) paymentQR(c *fiber.Ctx) error { return h.sendQR(c, "same-origin") }

// QRCode answers GET /int/payment/{id}/qrcode?code=…, the payment's qrcode_url. It is public,
// authorised by the code like the page, not by API credentials: the server registers it before the
// /int group so the API's authentication does not run for it, and answers its errors as the API does.
// Merchants show it on their own sites and in e-mails, so other origins may load it.
func (h *Handler) QRCode(c *fiber.Ctx) error { return h.sendQR(c, "cross-origin") }

// sendQR writes the PNG of the payment's wallet URI for what remains to pay. Its content changes as
// the payment does, so caches must revalidate; the ETag makes that a 304.
func (h *Handler) sendQR(c *fiber.Ctx, resourcePolicy string) error {
	ctx, cancel := h.callContext(c)
	defer cancel()
	v, err := h.gw.PaymentView(ctx, param(c, "id"), query(c, "code"))
	if err != nil {
		return err
	}
	img, err := h.qr.get(qrContent(v.Payment))
	if err != nil {
		return err
	}
	return sendPNG(c, img, resourcePolicy)
}

// sendPNG answers with a QR code. Its content changes as the payment does, so caches must
// revalidate; the ETag makes that a 304.
func sendPNG(c *fiber.Ctx, img qrImage, resourcePolicy string) error {
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	c.Set(fiber.HeaderETag, img.etag)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set("Cross-Origin-Resource-Policy", resourcePolicy)
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	if c.Get(fiber.HeaderIfNoneMatch) == img.etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(img.png)
}

// qrContent is what the payment's QR code holds: the QR form of its wallet URI (gateway.QRContent).
func qrContent(p gateway.Payment) string {
	asset, _ := gateway.LookupAsset(p.PaymentAssetID)
	return gateway.QRContent(asset, p.Address, amountDue(p))
}

// amountDue is what the wallet is asked to send: what remains, or nothing for an open amount.
func amountDue(p gateway.Payment) gateway.Amount {
	if p.PaymentType == gateway.FixedAmount {
		return p.RemainAmount
	}
	return gateway.Zero
}
