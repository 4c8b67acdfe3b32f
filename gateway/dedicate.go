package gateway

import (
	"strings"
	"time"
)

// Dedication types: USES turns every incoming transaction into an OPEN_AMOUNT payment, ASSIGN only
// reserves the address for payments created with its dedicate_id.
const (
	DedicateUses   = "USES"
	DedicateAssign = "ASSIGN"
)

// Address allocation of a dedicated address: a freshly derived one, or one of the store's
// addresses that nothing open holds any more.
const (
	AllocNew  = "NEW"
	AllocPool = "POOL"
)

// DedicateLifetime is how long a dedicated address stays open unless released (SPEC: 10 years).
const DedicateLifetime = 10

// DedicateEndDate is start + 10 years.
func DedicateEndDate(start time.Time) time.Time { return start.AddDate(DedicateLifetime, 0, 0) }

// DedicateStatusName names a dedicated address's status as the seed's examples do ("Complete").
func DedicateStatusName(status string) string {
	if status == StatusComplete {
		return "Complete"
	}
	return StatusName(status)
}

// Dedicate is the seed's dedication object (Create/Get/Release dedicate address). Its free fields
// are passed on to the payments a USES address produces.
type Dedicate struct {
	DedicateID        string `json:"dedicate_id"`
	DedicateNum       string `json:"dedicate_num"`
	DedicateType      string `json:"dedicate_type"`
	StoreID           string `json:"store_id"`
	StoreName         string `json:"store_name"`
	AccountID         string `json:"account_id"`
	IsTest            bool   `json:"is_test"`
	AssetID           string `json:"asset_id"`
	Status            string `json:"status"`
	StatusName        string `json:"status_name"`
	CryptoNetwork     string `json:"crypto_network"`
	CryptoNetworkName string `json:"crypto_network_name"`
	AddressLink       string `json:"crypto_address_link"`
	AddressID         string `json:"address_id"`
	Address           string `json:"address"`
	AddressAlloc      string `json:"address_alloc"`
	StartDate         Time   `json:"start_date"`
	EndDate           Time   `json:"end_date"`
	// CompleteDate is when the address was released (not in the seed).
	CompleteDate *Time  `json:"complete_date,omitempty"`
	PaymentURL   string `json:"payment_url"`
	QRCodeURL    string `json:"qrcode_url"`
	MerchantFields
}

// CreateDedicateRequest is the body of POST /dedicate.
type CreateDedicateRequest struct {
	AssetID      string `json:"asset_id"`
	AddressAlloc string `json:"address_alloc"`
	DedicateType string `json:"dedicate_type"`
	MerchantFields
}

// Normalize applies the seed's defaults (NEW, USES); the enumerations are read case-insensitively.
func (r *CreateDedicateRequest) Normalize() {
	r.AddressAlloc = strings.ToUpper(strings.TrimSpace(r.AddressAlloc))
	r.DedicateType = strings.ToUpper(strings.TrimSpace(r.DedicateType))
	if r.AddressAlloc == "" {
		r.AddressAlloc = AllocNew
	}
	if r.DedicateType == "" {
		r.DedicateType = DedicateUses
	}
}

// Validate checks the asset, the two enumerations and the free fields.
func (r *CreateDedicateRequest) Validate() error {
	if _, err := CryptoAssetByID("asset_id", r.AssetID); err != nil {
		return err
	}
	if r.AddressAlloc != AllocNew && r.AddressAlloc != AllocPool {
		return FieldError(ErrCodeInvalidField, "address_alloc", "address_alloc must be NEW or POOL.")
	}
	if r.DedicateType != DedicateUses && r.DedicateType != DedicateAssign {
		return FieldError(ErrCodeInvalidField, "dedicate_type", "dedicate_type must be USES or ASSIGN.")
	}
	return r.MerchantFields.Validate()
}

// DedicateTransaction answers the test emulation of a transaction to a dedicated address: the
// transaction, and the payment it was booked on (for USES, the payment it created).
type DedicateTransaction struct {
	Transaction
	PaymentID  string `json:"payment_id"`
	DedicateID string `json:"dedicate_id"`
}
