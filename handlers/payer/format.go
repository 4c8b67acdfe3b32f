package payer

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
)

// money writes an amount with its currency code: "0.00370885 BTC".
func money(a gateway.Amount, asset gateway.Asset) string {
	return a.String() + " " + asset.Currency
}

// assetLabel names the asset as a wallet does: the coin ("BTC"), or the token with its standard
// ("USDT (TRC-20)"), so the payer picks the right one.
func assetLabel(a gateway.Asset) string { return a.Label() }

// httpURL returns u when it is an absolute http(s) URL and "" otherwise: only such URLs become links.
func httpURL(u string) string {
	if u == "" {
		return ""
	}
	if err := gateway.CheckURL("url", u); err != nil {
		return ""
	}
	return u
}

// explorerURL returns the explorer link of a transaction when it is https and the hash is plain hex.
func explorerURL(link, hash string) string {
	if !strings.HasPrefix(link, "https://") || !plainAddress(strings.TrimPrefix(hash, "0x")) {
		return ""
	}
	return link
}

// plainAddress reports whether s is only letters and digits, as every address and hash of the
// supported networks is.
func plainAddress(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func shortenHash(h string) string {
	if len(h) <= 20 {
		return h
	}
	return h[:10] + "…" + h[len(h)-8:]
}

// shortHash is a short digest of a QR code's content: it changes the image URL when the content
// changes, so no browser shows a stale code.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}
