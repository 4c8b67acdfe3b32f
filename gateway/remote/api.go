package remote

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// Payment reads GET /payment/{id}. An unknown id is a *gateway.Error with ERR_NO_PAYMENT.
func (c *Client) Payment(ctx context.Context, id string) (gateway.Payment, error) {
	var p gateway.Payment
	err := c.call(ctx, "payment", http.MethodGet, "/payment/"+url.PathEscape(id), nil, true, &p)
	return p, err
}

// Transactions reads GET /payment/{id}/txs.
func (c *Client) Transactions(ctx context.Context, id string) ([]gateway.Transaction, error) {
	var txs []gateway.Transaction
	err := c.call(ctx, "transactions", http.MethodGet, "/payment/"+url.PathEscape(id)+"/txs", nil, true, &txs)
	if err == nil && txs == nil {
		txs = []gateway.Transaction{} // "null" and "[]" mean the same: nothing received yet
	}
	return txs, err
}

// Dedicate reads GET /dedicate/{id}. An unknown id is a *gateway.Error with ERR_NO_DEDICATE.
func (c *Client) Dedicate(ctx context.Context, id string) (Dedicate, error) {
	var d Dedicate
	err := c.call(ctx, "dedicate", http.MethodGet, "/dedicate/"+url.PathEscape(id), nil, true, &d)
	return d, err
}

// Assets reads GET /assets.
func (c *Client) Assets(ctx context.Context) ([]gateway.Asset, error) {
	var assets []gateway.Asset
	err := c.call(ctx, "assets", http.MethodGet, "/assets", nil, true, &assets)
	return assets, err
}

// ConvertRequest is the body of POST /convert.
type ConvertRequest struct {
	FromAmount  gateway.Amount
	FromAssetID string
	AssetID     string
}

// MarshalJSON writes from_amount as a JSON number, the seed's type, with the amount's exact digits:
// a gateway in the wild may not accept a string there.
func (r ConvertRequest) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		FromAmount  gateway.Rate `json:"from_amount"`
		FromAssetID string       `json:"from_asset_id"`
		AssetID     string       `json:"asset_id"`
	}{gateway.RateFromDecimal(r.FromAmount.Decimal()), r.FromAssetID, r.AssetID})
}

// Convert calls POST /convert. It changes nothing on the gateway, so it is retried like a read.
func (c *Client) Convert(ctx context.Context, req ConvertRequest) (gateway.Conversion, error) {
	var out gateway.Conversion
	err := c.call(ctx, "convert", http.MethodPost, "/convert", req, true, &out)
	return out, err
}

// Ping checks that the gateway answers and accepts our credentials (for /readyz): one GET /assets,
// not retried.
func (c *Client) Ping(ctx context.Context) error {
	var assets []json.RawMessage
	return c.call(ctx, "ping", http.MethodGet, "/assets", nil, false, &assets)
}

// DedicatePayments reads GET /payments?from&to&dedicate_id: the payments a dedicated address made
// between two days (UTC, both included), in the gateway's order.
func (c *Client) DedicatePayments(ctx context.Context, dedicateID string, from, to time.Time) ([]gateway.Payment, error) {
	q := url.Values{}
	q.Set("from", from.UTC().Format(time.DateOnly))
	q.Set("to", to.UTC().Format(time.DateOnly))
	q.Set("dedicate_id", dedicateID)
	var ps []gateway.Payment
	err := c.call(ctx, "payments", http.MethodGet, "/payments?"+q.Encode(), nil, true, &ps)
	if err == nil && ps == nil {
		ps = []gateway.Payment{}
	}
	return ps, err
}
