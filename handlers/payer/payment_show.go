package payer

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/views"
)

// showPayment answers GET /payment/{id}?code=…: the payment page in the state the payment is in.
// A page rendered for the same payment, query (code, lang: the language picker's links repeat the
// whole query) and language inputs is served again from the page cache until the payment changes,
// with its compressed forms (made once): browsers ask for br, and compressing per request would
// cost several times the page itself.
func (h *Handler) showPayment(c *fiber.Ctx) error {
	id, code := strings.Clone(c.Params("id")), c.Query("code") // the cache keeps id past the request
	key := id + "\x00" + string(c.Request().URI().QueryString()) + "\x00" + c.Cookies(languageCookie) + "\x00" + c.Get(fiber.HeaderAcceptLanguage)
	if p, ok := h.pages.get(key, h.now()); ok {
		setPageHeadersCSP(c, p.policy)
		return sendPage(c, p.lang, p.body)
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
	body, err := renderBytes(c, loc, views.Payment(h.paymentPage(v, loc, h.chosenLanguage(c))))
	if err != nil {
		cancel()
		return err
	}
	page := &cachedPage{paymentID: id, lang: loc.Lang(), policy: pagePolicy(v.FrameAncestors), body: &encodedBody{plain: body}, changed: changed, cancel: cancel}
	h.pages.put(key, page, h.now())
	setPageHeadersCSP(c, page.policy)
	return sendPage(c, page.lang, page.body)
}
