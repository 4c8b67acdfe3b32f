package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Body encodes a webhook payload: compact JSON whose bytes survive the text filters that merchant
// platforms run on a raw body before they check its signature. WordPress's sanitize_text_field
// (run by the WooCommerce plugin for this API before its HMAC) strips tags, removes every %XX
// sequence and collapses runs of white space; a body it changes fails the merchant's check and the
// order is never marked paid. So, besides encoding/json's HTML-safe escapes (<, >, & and the line
// separators), the body writes every % as \u0025 and a space that follows another space as \u0020;
// tabs and newlines are escaped by JSON already. A JSON decoder reads the very same values, and
// these exact bytes are what is signed and sent.
func Body(payload any) ([]byte, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("webhook: body: %w", err)
	}
	// In compact JSON, '%' and ' ' occur only inside strings, so they can be escaped wherever they are.
	if bytes.IndexByte(raw, '%') < 0 && !bytes.Contains(raw, []byte("  ")) {
		return raw, nil
	}
	out := make([]byte, 0, len(raw)+16)
	for _, b := range raw {
		switch {
		case b == '%':
			out = append(out, `\u0025`...)
		case b == ' ' && len(out) > 0 && out[len(out)-1] == ' ':
			out = append(out, `\u0020`...)
		default:
			out = append(out, b)
		}
	}
	return out, nil
}
