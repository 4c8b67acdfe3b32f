package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/views"
)

// showDedicate answers GET /dedicate/{id}[?amount=…&asset_id=…]: the dedicated address's page, with
// the link's amount converted into the address's asset when one was given.
func (h *Handler) showDedicate(c *fiber.Ctx) error {
	ctx, cancel := h.callContext(c)
	defer cancel()
	v, err := h.gw.DedicateView(ctx, param(c, "id"))
	if err != nil {
		return err
	}
	ask := askOf(c).sinceFrom(h.now())
	due, err := h.due(ctx, ask, v)
	if err != nil {
		return err
	}
	loc := h.language(c, "")
	links := dedicateLinks(v.DedicateID, ask, h.chosenLanguage(c))
	setPageHeaders(c, v.FrameAncestors)
	m := dedicatePage(v, due, ask.since, links, loc, h.testTools())
	m.Logo = h.logoURL(v.Page)
	if v.Stale {
		m.Layout.Reconnecting = loc.T("remote.reconnecting")
	}
	return render(c, fiber.StatusOK, loc, views.Dedicate(m))
}
