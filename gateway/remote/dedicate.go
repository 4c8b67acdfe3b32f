package remote

import (
	"encoding/json"

	"github.com/cryptocheckout/checkout/gateway"
)

// Dedicate is a dedicated address as GET /dedicate/{id} returns it, with the seed's JSON names.
// It stays local to this package until the domain's own gateway.Dedicate exists; the two are meant
// to be field-for-field the same so that one can replace the other.
type Dedicate struct {
	DedicateID        string       `json:"dedicate_id"`
	DedicateNum       string       `json:"dedicate_num"`
	DedicateType      string       `json:"dedicate_type"`
	StoreID           string       `json:"store_id"`
	StoreName         string       `json:"store_name"`
	AccountID         string       `json:"account_id"`
	IsTest            bool         `json:"is_test"`
	AssetID           string       `json:"asset_id"`
	Status            string       `json:"status"`
	StatusName        string       `json:"status_name"`
	CryptoNetwork     string       `json:"crypto_network"`
	CryptoNetworkName string       `json:"crypto_network_name"`
	AddressLink       string       `json:"crypto_address_link"`
	AddressID         string       `json:"address_id"`
	Address           string       `json:"address"`
	AddressAlloc      string       `json:"address_alloc"`
	StartDate         gateway.Time `json:"start_date"`
	EndDate           gateway.Time `json:"end_date"`
	PaymentURL        string       `json:"payment_url"`
	QRCodeURL         string       `json:"qrcode_url"`
	gateway.MerchantFields
}

// UnmarshalJSON also accepts the seed's field tables' status_type/status_type_name (its examples
// and our API say status/status_name).
func (d *Dedicate) UnmarshalJSON(b []byte) error {
	type plain Dedicate
	var v struct {
		plain
		StatusType     string `json:"status_type"`
		StatusTypeName string `json:"status_type_name"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*d = Dedicate(v.plain)
	if d.Status == "" {
		d.Status = v.StatusType
	}
	if d.StatusName == "" {
		d.StatusName = v.StatusTypeName
	}
	return nil
}
