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
