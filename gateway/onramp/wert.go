package onramp

import (
	"context"
	"net/url"
)

// wert builds the address of Wert's widget from the options its widget initializer documents
// (github.com/wert-io/widget-initializer: partner_id, origin https://widget.wert.io or sandbox
// https://sandbox.wert.io, commodity, network, address, commodity_amount, currency, redirect_url,
// click_id). Wert's documented integration shows the widget in a frame of the partner's page, so
// the link is Framed: our own same-origin page frames it, and no Wert script runs on our pages.
type wert struct{ cfg Config }

func (w *wert) host() string {
	if w.cfg.Sandbox {
		return "sandbox.wert.io"
	}
	return "widget.wert.io"
}

// Origin is the origin of Wert's widget, for the framing page's Content-Security-Policy.
func (s *Service) WertOrigin() string { return "https://" + s.providers[Wert].(*wert).host() }

func (w *wert) configured() string {
	if w.cfg.WertPartnerID == "" {
		return "ONRAMP_WERT_PARTNER_ID is not set"
	}
	return ""
}

func (w *wert) supports(asset, fiat string) bool {
	_, ok := wertCoins[asset]
	return ok && wertFiat[fiat]
}

func (w *wert) allowed(u *url.URL) bool { return hostIs(u, w.host()) }

func (w *wert) link(_ context.Context, o Order) (Link, error) {
	c := wertCoins[o.AssetID]
	q := query{}
	q.add("commodity", c.code)
	q.add("network", c.network)
	q.add("address", o.Address)
	q.add("commodity_amount", decimalString(o.CryptoAmount))
	q.add("currency", o.FiatAssetID)
	if o.ReturnURL != "" {
		q.add("redirect_url", o.ReturnURL)
	}
	q.add("click_id", o.PaymentID)
	return Link{URL: "https://" + w.host() + "/" + url.PathEscape(w.cfg.WertPartnerID) + "/widget" + q.String(), Framed: true}, nil
}
