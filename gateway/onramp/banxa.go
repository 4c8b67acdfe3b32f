package onramp

import (
	"context"
	"net/url"
	"strings"
)

// banxa builds Banxa's referral link (docs.banxa.com, "Constructing Referral URLs" and "Supported
// Referral Parameters"): https://{partner}.banxa.com?… (sandbox {partner}.banxa-sandbox.com), every
// parameter optional and URL-encoded, unsigned. fiatAmount and coinAmount exclude each other; the
// seed's fiat payment is priced in fiat, so fiatAmount it is.
type banxa struct{ cfg Config }

func (b *banxa) host() string {
	if b.cfg.Sandbox {
		return b.cfg.BanxaPartner + ".banxa-sandbox.com"
	}
	return b.cfg.BanxaPartner + ".banxa.com"
}

func (b *banxa) configured() string {
	if b.cfg.BanxaPartner == "" {
		return "ONRAMP_BANXA_PARTNER is not set"
	}
	return ""
}

func (b *banxa) supports(asset, fiat string) bool {
	_, ok := banxaCoins[asset]
	return ok && anyFiat[fiat]
}

func (b *banxa) allowed(u *url.URL) bool { return hostIs(u, strings.ToLower(b.host())) }

func (b *banxa) link(_ context.Context, o Order) (Link, error) {
	c := banxaCoins[o.AssetID]
	q := query{}
	q.add("walletAddress", o.Address)
	q.add("blockchain", c.network)
	q.add("coinType", c.code)
	q.add("fiatType", o.FiatAssetID)
	q.add("fiatAmount", decimalString(o.FiatAmount))
	if o.ReturnURL != "" {
		q.add("returnUrl", o.ReturnURL)
	}
	if o.Email != "" {
		q.add("email", o.Email)
	}
	return Link{URL: "https://" + b.host() + q.String()}, nil
}
