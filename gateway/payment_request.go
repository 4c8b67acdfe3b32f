package gateway

import (
	"net/mail"
	"net/url"
	"slices"
	"unicode/utf8"
)

// MaxTimeout is the longest payment window a merchant may ask for, in minutes.
const MaxTimeout = 1440

// CreatePaymentRequest is the body of POST /payment, crypto and fiat-provider variants alike.
type CreatePaymentRequest struct {
	PaymentType    string      `json:"payment_type"`
	Amount         AmountInput `json:"amount"`
	AssetID        string      `json:"asset_id"`
	PaymentAssetID string      `json:"payment_asset_id"`
	MerchantFields
	DedicateID   string   `json:"dedicate_id"`
	Timeout      IntInput `json:"timeout"`
	FiatProvider string   `json:"fiat_provider"`
	FiatAssetID  string   `json:"fiat_asset_id"`
}

// FiatProviders are the fiat on-ramp providers the seed lists; "sguardian" is how its own example
// spells the first one, so both spellings are taken.
var FiatProviders = []string{"sguardarian", "sguardian", "cmoonpay", "cbanxa", "cwert", "cransak", "ckado"}

// FiatProviderCurrencies are the fiat currencies the seed allows for fiat_asset_id.
var FiatProviderCurrencies = []string{"USD", "EUR", "JPY", "KRW", "TRY"}

// Normalize fills defaults: FIXED_AMOUNT, and the amount's currency defaulting to the payment's.
func (r *CreatePaymentRequest) Normalize() {
	if r.PaymentType == "" {
		r.PaymentType = FixedAmount
	}
	if r.AssetID == "" {
		r.AssetID = r.PaymentAssetID
	}
}

// Validate checks everything that needs no database: types, assets, amounts, timeout, URLs and
// sizes. It returns the first problem as an *Error naming the field.
func (r *CreatePaymentRequest) Validate() error {
	if r.PaymentType != FixedAmount && r.PaymentType != OpenAmount {
		return FieldError(ErrCodeInvalidPaymentType, "payment_type", "payment_type must be FIXED_AMOUNT or OPEN_AMOUNT.")
	}
	if _, err := CryptoAssetByID("payment_asset_id", r.PaymentAssetID); err != nil {
		return err
	}
	asset, err := AssetByID("asset_id", r.AssetID)
	if err != nil {
		return err
	}
	if err := r.Amount.Check("amount", asset, r.PaymentType == FixedAmount); err != nil {
		return err
	}
	if err := CheckTimeout(r.Timeout); err != nil {
		return err
	}
	if err := r.MerchantFields.Validate(); err != nil {
		return err
	}
	if r.DedicateID != "" && !IsUUID(r.DedicateID) {
		return FieldError(ErrCodeNoDedicate, "dedicate_id", "Dedicate <%s> of dedicate_id not found.", truncate(r.DedicateID, 40))
	}
	return r.validateFiatProvider()
}

func (r *CreatePaymentRequest) validateFiatProvider() error {
	if r.FiatProvider == "" && r.FiatAssetID == "" {
		return nil
	}
	if !slices.Contains(FiatProviders, r.FiatProvider) {
		return FieldError(ErrCodeInvalidFiatProvider, "fiat_provider", "fiat_provider must be one of sguardarian, cmoonpay, cbanxa, cwert, cransak, ckado.")
	}
	if !slices.Contains(FiatProviderCurrencies, r.FiatAssetID) {
		return FieldError(ErrCodeInvalidField, "fiat_asset_id", "fiat_asset_id must be one of USD, EUR, JPY, KRW, TRY.")
	}
	return nil
}

// CheckTimeout validates a timeout in minutes: absent or 0..1440.
func CheckTimeout(t IntInput) error {
	if t.Bad || (t.Set && (t.Value < 0 || t.Value > MaxTimeout)) {
		return FieldError(ErrCodeInvalidTimeout, "timeout", "timeout must be a whole number of minutes from 0 to %d.", MaxTimeout)
	}
	return nil
}

// Size limits of the free fields; generous for real use, small enough to keep rows and pages sane.
const (
	maxShortField  = 255
	maxDescription = 1000
	maxCustom      = 8192
	maxURL         = 2048
)

// Validate checks the merchant's free fields: lengths, e-mail shape and absolute http(s) URLs.
func (f *MerchantFields) Validate() error {
	short := map[string]string{
		"payer_name": f.PayerName, "payer_lang": f.PayerLang,
		"custom1": f.Custom1, "custom2": f.Custom2, "custom3": f.Custom3, "custom4": f.Custom4,
		"custom5": f.Custom5, "custom6": f.Custom6, "custom7": f.Custom7, "custom8": f.Custom8, "custom9": f.Custom9,
	}
	for _, name := range []string{"payer_name", "payer_lang", "custom1", "custom2", "custom3", "custom4", "custom5", "custom6", "custom7", "custom8", "custom9"} {
		if err := checkText(name, short[name], maxShortField); err != nil {
			return err
		}
	}
	if err := checkText("description", f.Description, maxDescription); err != nil {
		return err
	}
	if err := checkText("custom", string(f.Custom), maxCustom); err != nil {
		return err
	}
	if f.PayerEmail != "" {
		if err := checkText("payer_email", f.PayerEmail, maxShortField); err != nil {
			return err
		}
		if _, err := mail.ParseAddress(f.PayerEmail); err != nil {
			return FieldError(ErrCodeInvalidField, "payer_email", "payer_email is not an e-mail address.")
		}
	}
	for _, u := range []struct{ name, value string }{{"webhook_url", f.WebhookURL}, {"success_url", f.SuccessURL}, {"cancel_url", f.CancelURL}} {
		if err := CheckURL(u.name, u.value); err != nil {
			return err
		}
	}
	return nil
}

func checkText(field, v string, max int) error {
	if !utf8.ValidString(v) {
		return FieldError(ErrCodeInvalidField, field, "%s is not valid UTF-8.", field)
	}
	if utf8.RuneCountInString(v) > max {
		return FieldError(ErrCodeInvalidField, field, "%s is longer than %d characters.", field, max)
	}
	return nil
}

// CheckURL accepts "" or an absolute http(s) URL with a host.
func CheckURL(field, v string) error {
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || len(v) > maxURL || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return FieldError(ErrCodeInvalidURL, field, "%s must be an absolute http or https URL.", field)
	}
	return nil
}

// IsUUID reports whether s is a canonical lowercase-or-uppercase UUID string.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}
