package engine

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
)

// Convert quotes an amount in another asset at the current rates.
func (e *Engine) Convert(ctx context.Context, req gateway.ConvertRequest) (gateway.Conversion, error) {
	if err := req.Validate(); err != nil {
		return gateway.Conversion{}, err
	}
	to, _ := gateway.LookupAsset(req.AssetID)
	converted, q, err := e.rates.Convert(req.FromAmount.Value, req.FromAssetID, req.AssetID)
	if err != nil {
		return gateway.Conversion{}, err
	}
	return gateway.NewConversion(req.FromAmount.Value, req.FromAssetID, converted, to, q.Rate, q.Date), nil
}

// QuoteDue is what a payer owes in asset `to` for amount of asset `from` at the current rates,
// rounded up at to's precision (never ask for less than the price).
func (e *Engine) QuoteDue(ctx context.Context, amount gateway.Amount, from, to string) (gateway.Amount, error) {
	target, ok := gateway.LookupAsset(to)
	if !ok {
		return gateway.Amount{}, gateway.FieldError(gateway.ErrCodeNoAsset, "asset_id", "Unknown asset %s.", to)
	}
	converted, _, err := e.rates.Convert(amount, from, to)
	if err != nil {
		return gateway.Amount{}, err
	}
	return converted.RoundUp(target.Precision), nil
}
