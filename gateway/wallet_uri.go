package gateway

import (
	"strconv"
	"strings"
)

// WalletURI is what the payment's "open in wallet" link holds (and its QR code, in QRContent's
// form), in the form wallets of the asset's network understand:
//   - Bitcoin, Litecoin: BIP-21 "bitcoin:ADDR?amount=0.001" (decimal coins);
//   - Ether: EIP-681 "ethereum:ADDR@1?value=WEI" (integer wei, chain id 1);
//   - ERC-20 tokens: EIP-681 "ethereum:CONTRACT@1/transfer?address=ADDR&uint256=UNITS";
//   - Polygon (POL and its tokens): the same EIP-681 forms with chain id 137 ("@137"), which is
//     how EIP-681 names a chain other than Ethereum's (the scheme stays "ethereum:");
//   - TRON and its tokens: the bare address, since TRON wallets reject "tron:" URIs.
//
// A zero amount (open-amount payments, or nothing left to pay) leaves the amount out, so the
// wallet asks the payer instead of proposing a wrong figure.
func WalletURI(asset Asset, address string, amount Amount) string {
	withAmount := amount.IsPositive()
	switch asset.CryptoNetwork {
	case NetworkBitcoin, NetworkLitecoin:
		scheme := "bitcoin:"
		if asset.CryptoNetwork == NetworkLitecoin {
			scheme = "litecoin:"
		}
		if !withAmount {
			return scheme + address
		}
		return scheme + address + "?amount=" + amount.RoundUp(asset.Precision).String()
	case NetworkEthereum, NetworkPolygon:
		chain := "@" + strconv.Itoa(EVMChainID(asset.CryptoNetwork))
		if asset.IsToken() {
			uri := "ethereum:" + asset.ContractAddress + chain + "/transfer?address=" + address
			if withAmount {
				uri += "&uint256=" + amount.RoundUp(asset.Precision).Units(asset.Precision)
			}
			return uri
		}
		if !withAmount {
			return "ethereum:" + address + chain
		}
		return "ethereum:" + address + chain + "?value=" + amount.RoundUp(asset.Precision).Units(asset.Precision)
	}
	return address
}

// QRContent is what a QR code of WalletURI holds: the same URI, except that a bech32 address
// (bc1…, ltc1…) is written in capitals, as BIP-173 asks of QR codes. Capitals are QR's
// alphanumeric mode, 5.5 bits a character instead of 8, so the code is one version smaller (33×33
// modules instead of 37×37 for a BIP-21 URI with an amount), easier to scan from a phone screen and
// about a third cheaper to make. bech32 is case-insensitive and wallets read it either way; the
// scheme and the parameters stay as BIP-21 writes them, and base58 and hex addresses, whose case
// carries meaning, are left alone.
func QRContent(asset Asset, address string, amount Amount) string {
	uri := WalletURI(asset, address, amount)
	if asset.CryptoNetwork != NetworkBitcoin && asset.CryptoNetwork != NetworkLitecoin || !isBech32(address) {
		return uri
	}
	return strings.Replace(uri, address, strings.ToUpper(address), 1)
}

// isBech32 tells a segwit address (human-readable part, "1", data) from a base58 one.
func isBech32(address string) bool {
	a := strings.ToLower(address)
	return strings.HasPrefix(a, "bc1") || strings.HasPrefix(a, "ltc1") || strings.HasPrefix(a, "tb1") || strings.HasPrefix(a, "tltc1")
}
