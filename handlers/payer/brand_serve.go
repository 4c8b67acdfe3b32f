package payer

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// LogoSource finds a store's logo by its content hash (gateway.PageSettings.LogoHash): the embedded
// engine keeps the logos it was given, re-encoded. A view may instead carry the logo's bytes (remote
// mode: the stores file's logo_file); the handler then re-encodes and serves them itself.
type LogoSource interface {
	Logo(ctx context.Context, hash string) (gateway.Logo, error)
}

// serveBrand answers GET /brand/{rrggbb}.css: the store's colour and, for text on it, black or
// white, whichever reads better (one of them always reaches 4.5:1). The colour is the whole
// content, so the sheet is cached for a year and needs no store lookup; in dark mode the same pair
// holds, as the text is only ever drawn on the brand colour itself.
func (h *Handler) serveBrand(c *fiber.Ctx) error {
	hex, ok := strings.CutSuffix(c.Params("file"), ".css")
	color, err := gateway.ParseBrandColor("#" + hex)
	if !ok || err != nil || len(hex) != 6 || color == "" {
		return fiber.ErrNotFound
	}
	text := "#ffffff"
	if contrast(color, "#000000") > contrast(color, text) {
		text = "#000000"
	}
	c.Set(fiber.HeaderContentType, "text/css; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	return c.SendString(":root{--brand:" + color + ";--brand-text:" + text + "}\n")
}

// serveLogo answers GET /logo/{hash}.png: a store's logo, re-encoded when it was set or when it
// first came with a view.
func (h *Handler) serveLogo(c *fiber.Ctx) error {
	hash, ok := strings.CutSuffix(c.Params("file"), ".png")
	if !ok || !plainAddress(hash) || len(hash) > 64 {
		return fiber.ErrNotFound
	}
	logo, ok := h.logos.get(hash)
	if !ok {
		if h.cfg.Logos == nil {
			return fiber.ErrNotFound
		}
		ctx, cancel := h.callContext(c)
		defer cancel()
		var err error
		if logo, err = h.cfg.Logos.Logo(ctx, strings.Clone(hash)); err != nil {
			if gateway.NotFound(err) {
				return fiber.ErrNotFound
			}
			return err
		}
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set("Cross-Origin-Resource-Policy", "same-origin")
	return c.Send(logo.PNG)
}

// contrast is the WCAG 2 contrast ratio of two #rrggbb colours (1 to 21).
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// luminance is a #rrggbb colour's relative luminance (WCAG 2).
func luminance(color string) float64 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(color, "#"), 16, 32)
	channel := func(shift uint) float64 {
		c := float64((v>>shift)&0xff) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*channel(16) + 0.7152*channel(8) + 0.0722*channel(0)
}
