package gateway

import "strings"

// Label names the asset as a wallet does: the coin ("BTC"), or the token with its standard
// ("USDT (TRC-20)"), so the payer picks the right one.
func (a Asset) Label() string {
	if !a.IsToken() {
		return a.Currency
	}
	_, std, ok := strings.Cut(a.AssetID, ".")
	if !ok {
		return a.Currency
	}
	if i := strings.IndexAny(std, "0123456789"); i > 0 {
		std = std[:i] + "-" + std[i:]
	}
	return a.Currency + " (" + std + ")"
}
