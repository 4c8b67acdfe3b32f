package gateway

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Custom is the merchant's free `custom` field. It may be sent as a JSON string or as any JSON
// value (usually an object); it is kept and returned as one exact string, an object compact-encoded
// once, so a merchant can json_decode it from a webhook.
type Custom string

// UnmarshalJSON accepts a string as is and any other JSON value compacted.
func (c *Custom) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*c = ""
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("custom: %w", err)
		}
		*c = Custom(s)
		return nil
	}
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return fmt.Errorf("custom: %w", err)
	}
	*c = Custom(out.String())
	return nil
}
