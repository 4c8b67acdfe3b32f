package payer

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/onramp"
	"github.com/cryptocheckout/checkout/views"
)

// paymentOnramp answers POST /payment/{id}/onramp?code=…, the "pay by card" button: it builds the
// provider's link now, from the payment as it stands (what remains, its address, its success_url)
// and answers 303 See Other to it; Wert's widget is framed on a page of ours instead. The page's
// code authorises it and the test tools' CSRF rules apply. A test store goes to the emulated
// provider. When the provider fails, the payer gets a friendly page that sends them back to pay
// with crypto.
func (h *Handler) paymentOnramp(c *fiber.Ctx) error {
	if !h.sameOrigin(c) {
		return fiber.ErrForbidden
	}
	id, code := c.Params("id"), c.Query("code")
	ctx, cancel := h.callContext(c)
	defer cancel()
	v, err := h.gw.PaymentView(ctx, id, code)
	if err != nil {
		return err
	}
	p := v.Payment
	links := paymentLinks(p.PaymentID, code, h.chosenLanguage(c))
	choice, ok := h.cardFor(p, stateOf(p, v.Transactions, h.now()))
	if !ok {
		return c.Redirect(links.path(""), fiber.StatusSeeOther) // paid meanwhile, or no card: the page tells
	}
	if choice.emulated {
		return c.Redirect(onrampTestLinks(p.PaymentID, code, h.chosenLanguage(c)), fiber.StatusSeeOther)
	}
	price, err := h.cardPrice(ctx, p)
	if err != nil {
		return h.cardUnavailable(c, v, links, err)
	}
	link, err := h.cfg.Onramp.Link(ctx, choice.provider, onramp.Order{
		PaymentID: p.PaymentID, AssetID: p.PaymentAssetID, Address: p.Address,
		CryptoAmount: p.RemainAmount, FiatAssetID: p.FiatAssetID, FiatAmount: price,
		ReturnURL: httpURL(p.SuccessURL), Email: p.PayerEmail, PayerIP: c.IP(),
	})
	if err != nil {
		return h.cardUnavailable(c, v, links, err)
	}
	if link.Framed {
		return h.showOnrampFrame(c, v, choice.provider, link.URL, links)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(link.URL, fiber.StatusSeeOther)
}

// cardUnavailable logs why a provider's link could not be built and tells the payer, in their
// language, to pay with crypto instead (502: the provider, not the payer, failed).
func (h *Handler) cardUnavailable(c *fiber.Ctx, v gateway.PaymentView, links paymentURLs, err error) error {
	p := v.Payment
	if errors.Is(err, onramp.ErrNotOffered) {
		return c.Redirect(links.path(""), fiber.StatusSeeOther)
	}
	h.log.Warn("pay by card: provider link failed", "payment_id", p.PaymentID, "provider", p.FiatProvider, "err", err)
	loc := h.language(c, p.PayerLang)
	setPageHeaders(c, v.FrameAncestors) // shown where the payment page was, embedded or not
	return render(c, fiber.StatusBadGateway, loc, views.Error(views.ErrorPage{
		Layout: layout(loc, loc.T("error.unavailable.title"), false),
		Status: fiber.StatusBadGateway,
		Title:  loc.T("error.unavailable.title"),
		Detail: loc.T("card.unavailable"),
	}))
}

// showOnrampFrame is our own page around a provider widget that is documented as a frame (Wert):
// its CSP frames exactly the provider's widget origin and still runs only our scripts.
func (h *Handler) showOnrampFrame(c *fiber.Ctx, v gateway.PaymentView, prov onramp.Provider, widget string, links paymentURLs) error {
	p := v.Payment
	loc := h.language(c, p.PayerLang)
	setPageHeaders(c, v.FrameAncestors)
	origin := h.cfg.Onramp.WertOrigin()
	if u, err := url.Parse(widget); err != nil || u.Scheme+"://"+u.Host != origin {
		return h.cardUnavailable(c, v, links, errors.New("payer: framed widget off its origin"))
	}
	c.Set(fiber.HeaderContentSecurityPolicy, strings.Replace(contentPolicy, "connect-src 'self'; ",
		"connect-src 'self'; frame-src "+origin+"; ", 1)+frameAncestors(v.FrameAncestors))
	return render(c, fiber.StatusOK, loc, views.OnrampFrame(views.OnrampFramePage{
		Layout:    layout(loc, loc.T("card.frame_title", "Provider", prov.Title()), false),
		Provider:  prov.Title(),
		WidgetURL: widget,
		BackURL:   links.path(""),
	}))
}
