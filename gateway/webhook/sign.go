// Package webhook sends signed webhook requests: the signature merchants verify, the retry
// schedule, and an HTTP client that refuses private targets. The outbox that decides what to send
// and when lives with the engine.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// SignatureHeader carries the signature of the body (seed: "X-Webhook-HMAC-SHA256").
const SignatureHeader = "X-Webhook-HMAC-SHA256"

// Sign returns the lowercase hex HMAC-SHA256 of body keyed by secret: what PHP's
// hash_hmac('sha256', $body, $secret) gives for the same bytes.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// Verify reports whether signature is Sign(secret, body), comparing in constant time. Upper-case
// hex is accepted.
func Verify(secret string, body []byte, signature string) bool {
	got, err := hex.DecodeString(signature)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}
