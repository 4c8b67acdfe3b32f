package payer

import (
	"sync"

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
	key := keyBuffers.Get().(*[]byte)
	defer keyBuffers.Put(key)
	*key = pageKey((*key)[:0], c)
	if p, ok := h.pages.get(*key, h.now()); ok {
		return sendCachedPage(c, p)
	}
	id, code := param(c, "id"), query(c, "code")             // the cache keeps id past the request
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
	page := &cachedPage{paymentID: id, lang: loc.Lang(), body: &encodedBody{plain: body}, changed: changed, cancel: cancel,
		headers: [][2][]byte{
			{[]byte(fiber.HeaderContentSecurityPolicy), []byte(pagePolicy(v.FrameAncestors))},
			{[]byte(fiber.HeaderContentLanguage), []byte(loc.Lang())},
		}}
	h.pages.put(string(*key), page, h.now())
	return sendCachedPage(c, page)
}

var keyBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// pageKey is what makes two payment pages differ: the payment, the whole query (code, lang: the
// language picker's links repeat the query) and the language inputs.
func pageKey(b []byte, c *fiber.Ctx) []byte {
	b = append(append(b, c.Params("id")...), 0)
	b = append(append(b, c.Request().URI().QueryString()...), 0)
	b = append(append(b, c.Request().Header.Cookie(languageCookie)...), 0)
	return append(b, c.Request().Header.Peek(fiber.HeaderAcceptLanguage)...)
}

// Headers of every payment page, canonical: set without fasthttp normalising their names on every
// request of a warm page.
var (
	hdrReferrerPolicy = [2][]byte{[]byte(fiber.HeaderReferrerPolicy), []byte("no-referrer")}
	hdrNoSniff        = [2][]byte{[]byte(fiber.HeaderXContentTypeOptions), []byte("nosniff")}
	hdrNoStore        = [2][]byte{[]byte(fiber.HeaderCacheControl), []byte("no-store")}
	hdrHTML           = [2][]byte{[]byte(fiber.HeaderContentType), []byte(fiber.MIMETextHTMLCharsetUTF8)}
)

// sendCachedPage answers with a page of the cache: the headers setPageHeaders would set, its own,
// and its body in the coding the request prefers.
func sendCachedPage(c *fiber.Ctx, p *cachedPage) error {
	h := &c.Response().Header
	for _, kv := range [...][2][]byte{hdrReferrerPolicy, hdrNoSniff, hdrNoStore, hdrHTML} {
		h.SetCanonical(kv[0], kv[1])
	}
	for _, kv := range p.headers {
		h.SetCanonical(kv[0], kv[1])
	}
	c.Status(fiber.StatusOK)
	return p.body.send(c)
}
