package gateway

import "time"

// Payment types.
const (
	FixedAmount = "FIXED_AMOUNT"
	OpenAmount  = "OPEN_AMOUNT"
)

// Statuses of payments, transactions, dedicated addresses, withdrawals and transfers.
const (
	StatusOpen     = "OPEN"
	StatusClosing  = "CLOSING"
	StatusComplete = "COMPLETE"
	StatusCancel   = "CANCEL"
)

// StatusName is the human name the seed pairs with a payment status.
func StatusName(status string) string {
	switch status {
	case StatusOpen:
		return "Open"
	case StatusClosing:
		return "Closing"
	case StatusComplete:
		return "Completed"
	case StatusCancel:
		return "Cancelled"
	}
	return status
}

// PaymentTypeName is the human name of a payment type.
func PaymentTypeName(t string) string {
	if t == OpenAmount {
		return "Open Amount"
	}
	return "Fixed Amount"
}

// IsFinal reports whether a status can no longer change.
func IsFinal(status string) bool { return status == StatusComplete || status == StatusCancel }

// Time is a timestamp written as RFC 3339 in UTC with seconds precision, as the seed's dates.
type Time struct{ time.Time }

// NewTime truncates t to seconds in UTC.
func NewTime(t time.Time) Time { return Time{t.UTC().Truncate(time.Second)} }

// MarshalJSON writes "2023-06-02T14:06:25Z".
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.UTC().Format(time.RFC3339) + `"`), nil
}

// UnmarshalJSON reads an RFC 3339 string.
func (t *Time) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		t.Time = time.Time{}
		return nil
	}
	v, err := time.Parse(`"`+time.RFC3339+`"`, string(b))
	if err != nil {
		return err
	}
	t.Time = v.UTC()
	return nil
}

// MerchantFields are the free fields a merchant attaches to payments, dedicated addresses and
// withdrawals; they are stored and echoed unchanged.
type MerchantFields struct {
	PayerEmail  string `json:"payer_email"`
	PayerName   string `json:"payer_name"`
	PayerLang   string `json:"payer_lang"`
	Description string `json:"description"`
	CustomFields
	WebhookURL string `json:"webhook_url"`
	SuccessURL string `json:"success_url"`
	CancelURL  string `json:"cancel_url"`
}

// CustomFields are the merchant's own data, echoed unchanged on payments, dedicated addresses and
// withdrawals alike. Embedded where they stand in the seed's objects, so the JSON keeps its order.
type CustomFields struct {
	Custom  Custom `json:"custom"`
	Custom1 string `json:"custom1"`
	Custom2 string `json:"custom2"`
	Custom3 string `json:"custom3"`
	Custom4 string `json:"custom4"`
	Custom5 string `json:"custom5"`
	Custom6 string `json:"custom6"`
	Custom7 string `json:"custom7"`
	Custom8 string `json:"custom8"`
	Custom9 string `json:"custom9"`
}

// Payment is the payment object of the seed (Create/Get Payment, webhooks).
type Payment struct {
	PaymentID       string `json:"payment_id"`
	StoreID         string `json:"store_id"`
	AccountID       string `json:"account_id"`
	PaymentNum      string `json:"payment_num"`
	PaymentType     string `json:"payment_type"`
	PaymentTypeName string `json:"payment_type_name"`
	StoreName       string `json:"store_name"`
	IsTest          bool   `json:"is_test"`
	Amount          Amount `json:"amount"`
	AssetID         string `json:"asset_id"`
	PaidAmount      Amount `json:"paid_amount"`
	PaymentAmount   Amount `json:"payment_amount"`
	PaymentAssetID  string `json:"payment_asset_id"`
	Rate            Rate   `json:"rate"`
	RateDate        Time   `json:"rate_date"`
	IPAmount        Amount `json:"ip_amount"`
	IPAssetID       string `json:"ip_asset_id"`
	RemainAmount    Amount `json:"remain_amount"`
	RemainAssetID   string `json:"remain_asset_id"`
	Status          string `json:"status"`
	StatusName      string `json:"status_name"`
	// Confirmed is the part of IPAmount that has the asset's confirmations (not in the seed).
	ConfirmedAmount   Amount `json:"confirmed_amount"`
	CryptoNetwork     string `json:"crypto_network"`
	CryptoNetworkName string `json:"crypto_network_name"`
	AddressLink       string `json:"crypto_address_link"`
	TransactionLink   string `json:"crypto_transaction_link,omitempty"`
	AddressID         string `json:"address_id"`
	Address           string `json:"address"`
	Confirms          int    `json:"confirms"`
	StartDate         Time   `json:"start_date"`
	EndDate           Time   `json:"end_date"`
	CompleteDate      *Time  `json:"complete_date,omitempty"`
	PaymentURL        string `json:"payment_url"`
	QRCodeURL         string `json:"qrcode_url"`
	MerchantFields
	DedicateID   string `json:"dedicate_id,omitempty"`
	Timeout      int    `json:"timeout"`
	FiatProvider string `json:"fiat_provider,omitempty"`
	FiatAssetID  string `json:"fiat_asset_id,omitempty"`

	// Code is the payer's capability for the payment page (in PaymentURL); never sent on its own.
	Code string `json:"-"`
	// MinCompleteAmount is what confirmed receipts must reach for a FIXED payment to complete:
	// payment_amount less the store's underpayment allowance, fixed at creation.
	MinCompleteAmount Amount `json:"-"`
}

// Transaction is an incoming blockchain transaction to a payment's address (GET /payment/{id}/txs).
type Transaction struct {
	TrxID             string `json:"trx_id"`
	Status            string `json:"status"`
	StatusName        string `json:"status_name"`
	TrxDate           Time   `json:"trx_date"`
	TrxReceived       Time   `json:"trx_received"`
	CryptoNetwork     string `json:"crypto_network"`
	CryptoNetworkName string `json:"crypto_network_name"`
	Address           string `json:"address"`
	TrxHash           string `json:"trx_hash"`
	AddressLink       string `json:"crypto_address_link"`
	TransactionLink   string `json:"crypto_transaction_link"`
	Amount            Amount `json:"amount"`
	Currency          string `json:"currency"`
	AssetID           string `json:"asset_id"`
	// Not in the seed: how deep the transaction is, how deep it must be, and whether it came
	// after the payment was already decided or expired (a late transaction).
	Confirmations int  `json:"confirmations"`
	Confirms      int  `json:"confirms"`
	Late          bool `json:"late"`

	PaymentID string `json:"-"`
}

// TransactionStatusName names a transaction status as the seed's example ("Complete").
func TransactionStatusName(status string) string {
	if status == StatusComplete {
		return "Complete"
	}
	return StatusName(status)
}
