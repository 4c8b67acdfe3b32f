package payer

import (
	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/views"
)

// showPayment answers GET /payment/{id}?code=…: the payment page in the state the payment is in.
// A page rendered for the same payment, query (code, lang: the language picker's links repeat the
// whole query) and language inputs is served again from the page cache until the payment changes.
func (h *Handler) showPayment(c *fiber.Ctx) error {
	id, code := param(c, "id"), query(c, "code") // the cache keeps id past the request
	key := id + "\x00" + string(c.Request().URI().QueryString()) + "\x00" + c.Cookies(languageCookie) + "\x00" + c.Get(fiber.HeaderAcceptLanguage)
	if p, ok := h.pages.get(key, h.now()); ok {
		setPageHeaders(c, p.origins)
		return sendHTML(c, fiber.StatusOK, p.lang, p.body)
	}
	changed, cancel := h.gw.Subscribe(live.PaymentTopic(id)) // before the read: see the cache's comment
	ctx, cancelCall := h.callContext(c)
	defer cancelCall()
	v, err := h.gw.PaymentView(ctx, id, code)
	if err != nil {
		cancel()
		return err
	}
	loc := h.language(c, v.Payment.PayerLang)
	m := h.paymentPage(v, loc, h.chosenLanguage(c))
	if v.Stale {
		// The gateway did not answer: the last known state, said so, and never kept in the page
		// cache (the next request tries the gateway again).
		cancel()
		m.Layout.Reconnecting = loc.T("remote.reconnecting")
		setPageHeaders(c, v.FrameAncestors)
		return render(c, fiber.StatusOK, loc, views.Payment(m))
	}
	body, err := renderBytes(c, loc, views.Payment(m))
	if err != nil {
		cancel()
		return err
	}
	h.pages.put(key, &cachedPage{paymentID: id, lang: loc.Lang(), origins: v.FrameAncestors, body: body, changed: changed, cancel: cancel}, h.now())
	setPageHeaders(c, v.FrameAncestors)
	return sendHTML(c, fiber.StatusOK, loc.Lang(), body)
}
