package onramp

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

// guardarian creates a Guardarian transaction through its API and sends the payer to the
// transaction's redirect_url (docs.guardarian.com, "Exchange API"; guardarian.notion.site,
// "Redirects after final statuses"): POST https://api-payments.guardarian.com/v1/transaction,
// header x-api-key, body with from_amount, from_currency, from_network, to_currency, to_network,
// payout_info.payout_address, redirects {successful, cancelled, failed} and
// external_partner_link_id; the customer's IP in X-Forwarded-For since the request does not come
// from the customer's device. Guardarian documents no sandbox host, so with ONRAMP_SANDBOX it is
// not offered rather than sent real orders.
type guardarian struct{ cfg Config }

func (g *guardarian) apiBase() string {
	if g.cfg.GuardarianAPIBase != "" {
		return g.cfg.GuardarianAPIBase
	}
	return "https://api-payments.guardarian.com"
}

func (g *guardarian) configured() string {
	switch {
	case g.cfg.GuardarianAPIKey == "":
		return "ONRAMP_GUARDARIAN_API_KEY is not set"
	case g.cfg.Sandbox && g.cfg.GuardarianAPIBase == "":
		return "Guardarian documents no sandbox host (ONRAMP_SANDBOX=true)"
	}
	return ""
}

func (g *guardarian) supports(asset, fiat string) bool {
	_, ok := guardarianCoins[asset]
	return ok && anyFiat[fiat]
}

// allowed: Guardarian's checkout lives on payments.guardarian.com.
func (g *guardarian) allowed(u *url.URL) bool { return hostIs(u, "payments.guardarian.com") }

type guardarianTransaction struct {
	FromAmount            string              `json:"from_amount"`
	FromCurrency          string              `json:"from_currency"`
	FromNetwork           string              `json:"from_network"`
	ToCurrency            string              `json:"to_currency"`
	ToNetwork             string              `json:"to_network"`
	PayoutInfo            guardarianPayout    `json:"payout_info"`
	Redirects             *guardarianReturns  `json:"redirects,omitempty"`
	ExternalPartnerLinkID string              `json:"external_partner_link_id"`
	Customer              *guardarianCustomer `json:"customer,omitempty"`
}

type guardarianPayout struct {
	PayoutAddress string `json:"payout_address"`
}

type guardarianReturns struct {
	Successful string `json:"successful"`
	Cancelled  string `json:"cancelled"`
	Failed     string `json:"failed"`
}

type guardarianCustomer struct {
	ContactInfo struct {
		Email string `json:"email"`
	} `json:"contact_info"`
}

func (g *guardarian) link(ctx context.Context, o Order) (Link, error) {
	c := guardarianCoins[o.AssetID]
	tx := guardarianTransaction{
		FromAmount: decimalString(o.FiatAmount), FromCurrency: o.FiatAssetID, FromNetwork: o.FiatAssetID,
		ToCurrency: c.code, ToNetwork: c.network,
		PayoutInfo:            guardarianPayout{PayoutAddress: o.Address},
		ExternalPartnerLinkID: o.PaymentID,
	}
	if o.ReturnURL != "" {
		// The payer comes back to the store whatever happened; the store's page tells the rest.
		tx.Redirects = &guardarianReturns{Successful: o.ReturnURL, Cancelled: o.ReturnURL, Failed: o.ReturnURL}
	}
	if o.Email != "" {
		tx.Customer = &guardarianCustomer{}
		tx.Customer.ContactInfo.Email = o.Email
	}
	headers := map[string]string{"x-api-key": g.cfg.GuardarianAPIKey}
	if o.PayerIP != "" {
		headers["X-Forwarded-For"] = o.PayerIP
	}
	var out struct {
		ID          any    `json:"id"`
		RedirectURL string `json:"redirect_url"`
	}
	if _, err := postJSON(ctx, g.cfg, g.apiBase()+"/v1/transaction", headers, tx, &out); err != nil {
		return Link{}, fmt.Errorf("POST /v1/transaction: %w", err)
	}
	if out.RedirectURL == "" {
		return Link{}, errors.New("POST /v1/transaction answered no redirect_url")
	}
	return Link{URL: out.RedirectURL}, nil
}
