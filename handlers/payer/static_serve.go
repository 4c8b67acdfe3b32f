package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/static"
)

// serveStatic answers GET /static/{name}.{hash}.{ext}. The hash in the URL names the content, so it
// may be cached for a year; an outdated hash is a 404, never the wrong file.
func (h *Handler) serveStatic(c *fiber.Ctx) error {
	a, ok := static.Lookup(static.Prefix + c.Params("file"))
	if !ok {
		return fiber.ErrNotFound
	}
	c.Set(fiber.HeaderContentType, a.ContentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderETag, a.ETag)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set("Cross-Origin-Resource-Policy", "same-origin")
	c.Vary(fiber.HeaderAcceptEncoding)
	if c.Get(fiber.HeaderIfNoneMatch) == a.ETag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	switch negotiate(c.Get(fiber.HeaderAcceptEncoding)) {
	case brotlied:
		if a.Brotli != nil {
			c.Set(fiber.HeaderContentEncoding, "br")
			return c.Send(a.Brotli)
		}
	case gzipped:
		if a.Gzip != nil {
			c.Set(fiber.HeaderContentEncoding, "gzip")
			return c.Send(a.Gzip)
		}
	}
	return c.Send(a.Body)
}
