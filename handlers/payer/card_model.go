package payer

import (
	"context"
	"fmt"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/onramp"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

// Onramp is what the pages need of the card on-ramps (gateway/onramp provides it).
type Onramp interface {
	// Offered reports whether a provider can sell asset for fiat, and if not, why (for the log).
	Offered(p onramp.Provider, asset, fiat string) (bool, string)
	// Link builds the payer's link at the provider, on its documented host only.
	Link(ctx context.Context, p onramp.Provider, o onramp.Order) (onramp.Link, error)
	// WertOrigin is the origin of Wert's widget, which our framing page may frame.
	WertOrigin() string
}

// cardChoice is how a fiat payment is paid by card: through its provider, or, on a test store
// whose pages have test tools, through the emulated provider.
type cardChoice struct {
	provider onramp.Provider
	emulated bool
}

// cardFor returns a fiat payment's card choice, or false when the page offers crypto only: no
// fiat_provider, nothing left to pay, an open amount (no price to buy), or a provider that cannot
// take it (no credentials, an asset it does not sell), which the log says once.
func (h *Handler) cardFor(p gateway.Payment, state views.State) (cardChoice, bool) {
	if p.FiatProvider == "" || !state.Payable() || p.PaymentType != gateway.FixedAmount || !p.RemainAmount.IsPositive() {
		return cardChoice{}, false
	}
	prov, ok := onramp.ProviderOf(p.FiatProvider)
	if !ok {
		return cardChoice{}, false
	}
	if p.IsTest && h.testTools() {
		return cardChoice{provider: prov, emulated: true}, true
	}
	if h.cfg.Onramp == nil {
		h.noCard(prov, "no on-ramp is configured")
		return cardChoice{}, false
	}
	if ok, why := h.cfg.Onramp.Offered(prov, p.PaymentAssetID, p.FiatAssetID); !ok {
		h.noCard(prov, why)
		return cardChoice{}, false
	}
	return cardChoice{provider: prov}, true
}

// noCard logs why a provider is not offered: one line per provider and reason, not one per page
// view.
func (h *Handler) noCard(p onramp.Provider, why string) {
	if _, seen := h.noCards.LoadOrStore(string(p)+"\x00"+why, true); !seen {
		h.log.Info("pay by card not offered: the page shows crypto only", "provider", string(p), "reason", why)
	}
}

// cardPrice is what remains to pay in the payment's fiat currency, rounded up at its precision (the
// provider must never deliver less than is due): the price itself while nothing arrived and the
// payment is priced in that currency, else the remaining crypto at the current rate.
func (h *Handler) cardPrice(ctx context.Context, p gateway.Payment) (gateway.Amount, error) {
	fiat, ok := gateway.LookupAsset(p.FiatAssetID)
	if !ok {
		return gateway.Amount{}, fmt.Errorf("payer: no asset %s for the card price", p.FiatAssetID)
	}
	if p.AssetID == p.FiatAssetID && !p.IPAmount.IsPositive() && p.Amount.IsPositive() {
		return p.Amount.RoundUp(fiat.Precision), nil
	}
	return h.gw.QuoteDue(ctx, p.RemainAmount, p.PaymentAssetID, p.FiatAssetID)
}

// cardPanel is the page's "pay by card" panel, or nil when the payment offers none.
func (h *Handler) cardPanel(p gateway.Payment, state views.State, links paymentURLs, loc *locales.Localizer) *views.CardPanel {
	choice, ok := h.cardFor(p, state)
	if !ok {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	price, err := h.cardPrice(ctx, p)
	if err != nil {
		h.noCard(choice.provider, "no price in "+p.FiatAssetID+": "+err.Error())
		return nil
	}
	return &views.CardPanel{
		Provider:  choice.provider.Title(),
		Price:     fiatMoney(price, p.FiatAssetID, loc),
		Button:    loc.T("card.button", "Price", fiatMoney(price, p.FiatAssetID, loc)),
		ActionURL: links.path("/onramp"),
		Test:      choice.emulated,
	}
}

// fiatMoney writes a fiat amount at its currency's precision, laid out for the language.
func fiatMoney(a gateway.Amount, assetID string, loc *locales.Localizer) string {
	asset, _ := gateway.LookupAsset(assetID)
	return loc.Money(a.Decimal().StringFixed(asset.Precision), asset.Currency)
}
