package gateway

import "time"

// ConvertRequest is the body of POST /convert.
type ConvertRequest struct {
	FromAmount  AmountInput `json:"from_amount"`
	FromAssetID string      `json:"from_asset_id"`
	AssetID     string      `json:"asset_id"`
}

// Validate checks the assets and the amount.
func (r ConvertRequest) Validate() error {
	from, err := AssetByID("from_asset_id", r.FromAssetID)
	if err != nil {
		return err
	}
	if _, err := AssetByID("asset_id", r.AssetID); err != nil {
		return err
	}
	return r.FromAmount.Check("from_amount", from, true)
}

// Conversion is the answer of POST /convert. As in the seed, amounts come twice: as JSON numbers
// (exact decimal digits, never a float's rendering) and as strings.
type Conversion struct {
	FromAmount    Rate   `json:"from_amount"`
	FromAmountStr Amount `json:"from_amount_str"`
	FromAssetID   string `json:"from_asset_id"`
	Amount        Rate   `json:"amount"`
	AmountStr     Amount `json:"amount_str"`
	AssetID       string `json:"asset_id"`
	Rate          Rate   `json:"rate"`
	RateDate      Time   `json:"rate_date"`
}

// NewConversion rounds the converted amount at the target asset's precision (half away from zero:
// a conversion is a quote, nobody owes it).
func NewConversion(from Amount, fromAsset string, converted Amount, to Asset, rate Rate, date time.Time) Conversion {
	out := converted.Round(to.Precision)
	return Conversion{
		FromAmount: Rate(from), FromAmountStr: from, FromAssetID: fromAsset,
		Amount: Rate(out), AmountStr: out, AssetID: to.AssetID,
		Rate: rate, RateDate: NewTime(date),
	}
}

// PaymentFilter selects payments for GET /payments. From and To are whole days (UTC), both included.
type PaymentFilter struct {
	From, To   time.Time
	Status     string
	AssetID    string // matches the payment's crypto or its price currency
	DedicateID string
}
