package onramp

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
)

// moonPay builds MoonPay's buy widget link (dev.moonpay.com, "On-ramp widget parameters" and
// "URL signing"). A link that carries walletAddress must be signed: signature =
// base64(HMAC-SHA256(secret key, the query string including its leading "?")), computed over the
// values already URL-encoded, and appended last, itself URL-encoded.
type moonPay struct{ cfg Config }

func (m *moonPay) host() string {
	if m.cfg.Sandbox {
		return "buy-sandbox.moonpay.com"
	}
	return "buy.moonpay.com"
}

func (m *moonPay) configured() string {
	if m.cfg.MoonPayAPIKey == "" {
		return "ONRAMP_MOONPAY_API_KEY and ONRAMP_MOONPAY_SECRET_KEY are not set"
	}
	return ""
}

func (m *moonPay) supports(asset, fiat string) bool {
	_, ok := moonPayCoins[asset]
	return ok && anyFiat[fiat]
}

func (m *moonPay) allowed(u *url.URL) bool { return hostIs(u, m.host()) }

func (m *moonPay) link(_ context.Context, o Order) (Link, error) {
	c := moonPayCoins[o.AssetID]
	q := query{}
	q.add("apiKey", m.cfg.MoonPayAPIKey)
	q.add("currencyCode", c.code)
	q.add("walletAddress", o.Address)
	q.add("baseCurrencyCode", strings.ToLower(o.FiatAssetID))
	q.add("baseCurrencyAmount", decimalString(o.FiatAmount))
	if o.ReturnURL != "" {
		q.add("redirectURL", o.ReturnURL)
	}
	q.add("externalTransactionId", o.PaymentID)
	if o.Email != "" {
		q.add("email", o.Email)
	}
	signed := q.String()
	q.add("signature", moonPaySignature(m.cfg.MoonPaySecretKey, signed))
	return Link{URL: "https://" + m.host() + q.String()}, nil
}

// moonPaySignature signs a query string (with its leading "?").
func moonPaySignature(secret, query string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(query))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// query is a query string in the order its parameters were added (url.Values sorts them, and a
// signed query must be the exact string that was signed).
type query struct{ b strings.Builder }

func (q *query) add(name, value string) {
	if q.b.Len() == 0 {
		q.b.WriteByte('?')
	} else {
		q.b.WriteByte('&')
	}
	q.b.WriteString(url.QueryEscape(name))
	q.b.WriteByte('=')
	q.b.WriteString(url.QueryEscape(value))
}

func (q *query) String() string { return q.b.String() }
