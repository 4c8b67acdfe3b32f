package gateway

import (
	"strings"

	"github.com/cryptocheckout/checkout/gateway/hd"
)

// WithdrawFields are the free fields of a withdrawal: the seed's subset of the merchant fields
// (no payer_lang, success_url or cancel_url).
type WithdrawFields struct {
	PayerEmail  string `json:"payer_email"`
	PayerName   string `json:"payer_name"`
	Description string `json:"description"`
	CustomFields
	WebhookURL string `json:"webhook_url"`
}

// Validate applies the merchant-field rules (sizes, e-mail, URL) to the subset.
func (f WithdrawFields) Validate() error {
	m := MerchantFields{
		PayerEmail: f.PayerEmail, PayerName: f.PayerName, Description: f.Description,
		CustomFields: f.CustomFields, WebhookURL: f.WebhookURL,
	}
	return m.Validate()
}

// Withdraw is the seed's withdrawal object (Create/Get Withdrawal, withdraw.* webhooks). Amount is
// in the withdrawn crypto (asset_id); the fee is charged on top, in fee_asset_id.
type Withdraw struct {
	WithdrawID        string `json:"withdraw_id"`
	StoreID           string `json:"store_id"`
	AccountID         string `json:"account_id"`
	WithdrawNum       string `json:"withdraw_num"`
	StoreName         string `json:"store_name"`
	IsTest            bool   `json:"is_test"`
	Amount            Amount `json:"amount"`
	AssetID           string `json:"asset_id"`
	Fee               Amount `json:"fee"`
	FeeAssetID        string `json:"fee_asset_id"`
	CryptoNetwork     string `json:"crypto_network"`
	CryptoNetworkName string `json:"crypto_network_name"`
	Status            string `json:"status"`
	StatusName        string `json:"status_name"`
	Address           string `json:"address"`
	Confirms          int    `json:"confirms"`
	StartDate         Time   `json:"start_date"`
	EndDate           Time   `json:"end_date"`
	CompleteDate      *Time  `json:"complete_date,omitempty"`
	WithdrawFields
	Timeout int `json:"timeout"`
	// Not in the seed: what was asked (amount and currency of the request), the rate that turned it
	// into Amount, and the emulated transaction of a completed test withdrawal.
	RequestAmount   Amount `json:"request_amount"`
	RequestAssetID  string `json:"request_asset_id"`
	Rate            Rate   `json:"rate"`
	RateDate        Time   `json:"rate_date"`
	TrxHash         string `json:"trx_hash,omitempty"`
	TransactionLink string `json:"crypto_transaction_link,omitempty"`
}

// CreateWithdrawRequest is the body of POST /withdraw. The seed's reallocate, consolidate and
// auto_realloc only steer how a real wallet gathers coins; the embedded gateway has nothing to
// gather, so they are accepted and ignored.
type CreateWithdrawRequest struct {
	Amount          AmountInput `json:"amount"`
	AssetID         string      `json:"asset_id"`
	WithdrawAssetID string      `json:"withdraw_asset_id"`
	Address         string      `json:"address"`
	WithdrawFields
	TOTPCode string   `json:"totp_code"`
	Timeout  IntInput `json:"timeout"`
}

// Normalize defaults the amount's currency to the withdrawn asset.
func (r *CreateWithdrawRequest) Normalize() {
	r.Address = strings.TrimSpace(r.Address)
	r.TOTPCode = strings.TrimSpace(r.TOTPCode)
	if r.AssetID == "" {
		r.AssetID = r.WithdrawAssetID
	}
}

// Validate checks assets, amount, destination address (format and checksum for the network),
// timeout and free fields. Limits, balance and TOTP need the store and are checked by the engine.
func (r *CreateWithdrawRequest) Validate() error {
	crypto, err := CryptoAssetByID("withdraw_asset_id", r.WithdrawAssetID)
	if err != nil {
		return err
	}
	asset, err := AssetByID("asset_id", r.AssetID)
	if err != nil {
		return err
	}
	if err := r.Amount.Check("amount", asset, true); err != nil {
		return err
	}
	if r.Address == "" {
		return FieldError(ErrCodeRequiredField, "address", "address is required.")
	}
	if err := hd.ValidateAddress(crypto.CryptoNetwork, r.Address); err != nil {
		return FieldError(ErrCodeInvalidAddress, "address", "address is not a valid %s address.", crypto.CryptoNetworkName)
	}
	if err := CheckTimeout(r.Timeout); err != nil {
		return err
	}
	if len(r.TOTPCode) > 16 {
		return FieldError(ErrCodeInvalidTOTP, "totp_code", "totp_code is not a valid code.")
	}
	return r.WithdrawFields.Validate()
}
