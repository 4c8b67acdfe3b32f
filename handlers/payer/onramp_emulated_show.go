package payer

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

// The emulated provider's test cards: one accepted, one declined, as card processors' test modes
// have them. No other number is taken, so nobody types a real card into a test page by mistake.
const (
	testCardAccepted = "4242424242424242"
	testCardDeclined = "4000000000000002"
)

// onrampTestLinks is the emulated provider's page of a payment, carrying the code and language.
func onrampTestLinks(id, code, lang string) string {
	u := "/onramp/test/" + url.PathEscape(id) + "?code=" + url.QueryEscape(code)
	if lang != "" {
		u += "&lang=" + url.QueryEscape(lang)
	}
	return u
}

// showOnrampTest answers GET /onramp/test/{id}?code=…: the emulated provider's card form, for a
// fiat payment of a test store, embedded mode only (in remote mode the real gateway's test store
// has its own tools). Anything else is the usual "no such payment".
func (h *Handler) showOnrampTest(c *fiber.Ctx) error {
	v, ok, err := h.emulatedPayment(c)
	if err != nil || !ok {
		return err
	}
	return h.renderOnrampTest(c, v, fiber.StatusOK, "")
}

// emulatedPayment reads the payment of an emulated-provider request. ok is false when the request
// was answered already (a redirect to a payment that has nothing left to pay by card).
func (h *Handler) emulatedPayment(c *fiber.Ctx) (gateway.PaymentView, bool, error) {
	if !h.testTools() {
		return gateway.PaymentView{}, false, fiber.ErrNotFound
	}
	id, code := c.Params("id"), c.Query("code")
	ctx, cancel := h.callContext(c)
	defer cancel()
	v, err := h.gw.PaymentView(ctx, id, code)
	if err != nil {
		return v, false, err
	}
	if !v.Payment.IsTest || v.Payment.FiatProvider == "" {
		return v, false, gateway.Errorf(gateway.ErrCodeNoPayment, "Payment not found.")
	}
	if _, payable := h.cardFor(v.Payment, stateOf(v.Payment, v.Transactions, h.now())); !payable {
		return v, false, c.Redirect(paymentLinks(v.Payment.PaymentID, code, h.chosenLanguage(c)).path(""), fiber.StatusSeeOther)
	}
	return v, true, nil
}

func (h *Handler) renderOnrampTest(c *fiber.Ctx, v gateway.PaymentView, status int, problem string) error {
	p := v.Payment
	loc := h.language(c, p.PayerLang)
	choice, _ := h.cardFor(p, stateOf(p, v.Transactions, h.now()))
	ctx, cancel := h.callContext(c)
	defer cancel()
	price, err := h.cardPrice(ctx, p)
	if err != nil {
		return err
	}
	asset, _ := gateway.LookupAsset(p.PaymentAssetID)
	setPageHeaders(c, v.FrameAncestors)
	return render(c, status, loc, views.OnrampTest(views.OnrampTestPage{
		Layout:    layout(loc, loc.T("card.emulated.title", "Provider", choice.provider.Title()), false),
		Provider:  choice.provider.Title(),
		Store:     p.StoreName,
		Price:     fiatMoney(price, p.FiatAssetID, loc),
		Crypto:    money(p.RemainAmount, asset),
		Address:   p.Address,
		ActionURL: onrampTestLinks(p.PaymentID, p.Code, h.chosenLanguage(c)),
		BackURL:   paymentLinks(p.PaymentID, p.Code, h.chosenLanguage(c)).path(""),
		Error:     problem,
		Cards:     testCards(loc),
	}))
}

func testCards(loc *locales.Localizer) []views.TestCard {
	return []views.TestCard{
		{Number: "4242 4242 4242 4242", Result: loc.T("card.emulated.approved")},
		{Number: "4000 0000 0000 0002", Result: loc.T("card.emulated.declined")},
	}
}
