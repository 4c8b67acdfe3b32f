// Package totp implements RFC 6238 time-based one-time passwords as authenticator apps use them:
// HMAC-SHA-1, 30-second steps, 6 digits, base32 secrets.
package totp

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Parameters of the codes: the defaults of every authenticator app (RFC 6238 with RFC 4226's
// 6-digit truncation).
const (
	Period = 30 * time.Second
	Digits = 6
	// Skew is how many steps before or after the current one are accepted, for clock drift and
	// for a code typed just as it changed.
	Skew = 1
)

// ErrBadSecret says a secret is not base32.
var ErrBadSecret = errors.New("totp: secret is not base32")

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// decodeSecret reads a base32 secret, tolerating lower case, spaces and padding as apps show them.
func decodeSecret(secret string) ([]byte, error) {
	s := strings.ToUpper(strings.ReplaceAll(strings.TrimRight(secret, "="), " ", ""))
	key, err := b32.DecodeString(s)
	if err != nil || len(key) == 0 {
		return nil, ErrBadSecret
	}
	return key, nil
}

// Step is the RFC 6238 counter for t: whole periods since the Unix epoch.
func Step(t time.Time) int64 { return t.Unix() / int64(Period/time.Second) }

// CodeAt returns the code of a step (RFC 4226 HOTP with the step as counter).
func CodeAt(secret string, step int64) (string, error) {
	key, err := decodeSecret(secret)
	if err != nil {
		return "", err
	}
	return hotp(key, uint64(step)), nil
}

func hotp(key []byte, counter uint64) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac := hmac.New(sha1.New, key)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	bin := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%0*d", Digits, bin%1_000_000)
}

// Verify checks code against the steps around t and returns the step it matched. Codes of other
// lengths or with non-digits never match. The caller must refuse a step it has already accepted
// (RFC 6238 §5.2: a code is good once).
func Verify(secret, code string, t time.Time) (int64, bool) {
	key, err := decodeSecret(secret)
	if err != nil || len(code) != Digits {
		return 0, false
	}
	now := Step(t)
	matched, found := int64(0), 0
	for s := now - Skew; s <= now+Skew; s++ {
		// Every candidate is compared, in constant time, so timing says nothing about which matched.
		if subtle.ConstantTimeCompare([]byte(hotp(key, uint64(s))), []byte(code)) == 1 && found == 0 {
			matched, found = s, 1
		}
	}
	return matched, found == 1
}

// URI is the otpauth:// URI authenticator apps scan (Key Uri Format of Google Authenticator).
func URI(issuer, account, secret string) string {
	label := url.PathEscape(issuer) + ":" + url.PathEscape(account)
	q := url.Values{}
	q.Set("secret", secret)
	q.Set("issuer", issuer)
	q.Set("algorithm", "SHA1")
	q.Set("digits", fmt.Sprint(Digits))
	q.Set("period", fmt.Sprint(int(Period/time.Second)))
	return "otpauth://totp/" + label + "?" + q.Encode()
}
