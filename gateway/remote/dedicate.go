package remote

import (
	"encoding/json"

	"github.com/cryptocheckout/checkout/gateway"
)

// Dedicate is a dedicated address as GET /dedicate/{id} returns it: the domain's gateway.Dedicate,
// read tolerantly.
type Dedicate struct {
	gateway.Dedicate
}

// UnmarshalJSON also accepts the seed's field tables' status_type/status_type_name (its examples
// and our API say status/status_name).
func (d *Dedicate) UnmarshalJSON(b []byte) error {
	var v struct {
		gateway.Dedicate
		StatusType     string `json:"status_type"`
		StatusTypeName string `json:"status_type_name"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	d.Dedicate = v.Dedicate
	if d.Status == "" {
		d.Status = v.StatusType
	}
	if d.StatusName == "" {
		d.StatusName = v.StatusTypeName
	}
	return nil
}
