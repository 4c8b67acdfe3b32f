package payer

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// dedicateAsk is what a dedicated-address link asks the payer to send: ?amount=…&asset_id=…, the
// amount in any asset (the address's own when asset_id is absent).
type dedicateAsk struct {
	amount  string // as given, carried on in the page's links
	assetID string
	bad     bool // given but unusable: the page shows no amount and says so
	// since is when the payer first opened the page (Unix seconds, carried in the page's links as
	// ?since=): a deposit from then on that covers the amount is the answer to it. 0 until
	// sinceFrom sets it.
	since int64
}

// askOf reads the link's request; a link without amount asks for nothing.
func askOf(c *fiber.Ctx) dedicateAsk {
	a := dedicateAsk{amount: strings.TrimSpace(query(c, "amount")), assetID: strings.TrimSpace(query(c, "asset_id"))}
	if a.amount == "" {
		return dedicateAsk{}
	}
	if len(a.amount) > 40 || len(a.assetID) > 20 {
		return dedicateAsk{bad: true}
	}
	if s := c.Query("since"); len(s) <= 12 {
		a.since, _ = strconv.ParseInt(s, 10, 64)
	}
	return a
}

// DedicateAckWindow bounds how long a page's ?since= holds: a payer who comes back to the link
// the next day is asked again, whatever they sent before.
const DedicateAckWindow = 24 * time.Hour

// sinceFrom fixes when the payer opened the page: the link's ?since= when it is a plausible
// moment of the last DedicateAckWindow, else now (the page is being opened).
func (a dedicateAsk) sinceFrom(now time.Time) dedicateAsk {
	if a.amount == "" || a.bad {
		return a
	}
	if t := time.Unix(a.since, 0); a.since <= 0 || t.After(now) || now.Sub(t) > DedicateAckWindow {
		a.since = now.Unix()
	}
	return a
}

// dedicateDue is the amount the page proposes, in the address's asset.
type dedicateDue struct {
	amount   gateway.Amount // zero: any amount
	fiat     string         // "25.00" when the link priced it in fiat, in fiatCode; the page formats it
	fiatCode string         // "USD"
	quote    string         // "200 USDT" when the link priced it in another crypto
	bad      bool
}

// due converts the link's request into the address's asset, rounded up at its precision. A request
// that cannot be read or converted gives no amount and bad; only a failure of the gateway itself is
// an error.
func (h *Handler) due(ctx context.Context, a dedicateAsk, v gateway.DedicateView) (dedicateDue, error) {
	if a.bad {
		return dedicateDue{bad: true}, nil
	}
	if a.amount == "" {
		return dedicateDue{}, nil
	}
	asset, _ := gateway.LookupAsset(v.AssetID)
	from := asset
	if a.assetID != "" {
		var ok bool
		if from, ok = gateway.LookupAsset(strings.ToUpper(a.assetID)); !ok {
			return dedicateDue{bad: true}, nil
		}
	}
	amount, err := gateway.ParseAmount(a.amount)
	if err != nil || !amount.IsPositive() {
		return dedicateDue{bad: true}, nil
	}
	out := dedicateDue{amount: amount.RoundUp(asset.Precision)}
	if from.AssetID != asset.AssetID {
		out.amount, err = h.gw.QuoteDue(ctx, amount, from.AssetID, asset.AssetID)
		var rejected *gateway.Error
		if errors.As(err, &rejected) || (err == nil && !out.amount.IsPositive()) {
			return dedicateDue{bad: true}, nil
		}
		if err != nil {
			return dedicateDue{}, err
		}
	}
	if !from.IsCrypto() {
		out.fiat, out.fiatCode = amount.Decimal().StringFixed(from.Precision), from.Currency
	} else if from.AssetID != asset.AssetID {
		out.quote = money(amount, from)
	}
	return out, nil
}

// dedicateURLs builds the URLs of a dedicated address's page and its parts, each carrying the
// link's request and the chosen language, so every part shows the same amount in the same language.
type dedicateURLs struct{ base, query string }

func dedicateLinks(id string, a dedicateAsk, lang string) dedicateURLs {
	q := url.Values{}
	if a.amount != "" && !a.bad {
		q.Set("amount", a.amount)
		if a.assetID != "" {
			q.Set("asset_id", a.assetID)
		}
		if a.since > 0 {
			q.Set("since", strconv.FormatInt(a.since, 10))
		}
	}
	if lang != "" {
		q.Set("lang", lang)
	}
	u := dedicateURLs{base: "/dedicate/" + url.PathEscape(id)}
	if len(q) > 0 {
		u.query = "?" + q.Encode()
	}
	return u
}

func (u dedicateURLs) path(suffix string) string { return u.base + suffix + u.query }

// with adds one more parameter to a part's URL.
func (u dedicateURLs) with(suffix, key, value string) string {
	sep := "?"
	if u.query != "" {
		sep = "&"
	}
	return u.base + suffix + u.query + sep + url.QueryEscape(key) + "=" + url.QueryEscape(value)
}
