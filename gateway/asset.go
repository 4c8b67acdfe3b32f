package gateway

import (
	"strings"
)

// Asset types.
const (
	AssetCrypto = "CRYPTO"
	AssetFiat   = "FIAT"
)

// Crypto networks.
const (
	NetworkBitcoin  = "BITCOIN"
	NetworkLitecoin = "LITECOIN"
	NetworkEthereum = "ETHEREUM"
	NetworkTron     = "TRON"
	NetworkPolygon  = "POLYGON" // Polygon PoS, an EVM chain (EIP-155 chain id 137)
)

// Asset is a currency the gateway knows, with the seed's fields (GET /assets).
type Asset struct {
	AssetID             string `json:"asset_id"`
	AssetName           string `json:"asset_name"`
	Currency            string `json:"currency"`
	CurrencyName        string `json:"currency_name"`
	Language            string `json:"language"`
	AssetType           string `json:"asset_type"`
	AssetTypeName       string `json:"asset_type_name"`
	Symbol              string `json:"symbol"`
	SortOrder           int    `json:"sort_order"`
	MinSize             Rate   `json:"min_size"`
	Precision           int32  `json:"precision"`
	TimeoutToTrx        int    `json:"timeout_to_trx"`
	TimeoutToWdr        int    `json:"timeout_to_wdr"`
	CryptoNetwork       string `json:"crypto_network,omitempty"`
	CryptoNetworkName   string `json:"crypto_network_name,omitempty"`
	Confirmations       int    `json:"crypto_network_confirmations,omitempty"`
	AddressLink         string `json:"crypto_address_link,omitempty"`
	TransactionLink     string `json:"crypto_transaction_link,omitempty"`
	MinWithdrawalAmount *Rate  `json:"min_withdrawal_amount,omitempty"`
	MaxWithdrawalAmount *Rate  `json:"max_withdrawal_amount,omitempty"`
	// Not in the seed: what a wallet needs to build a token transfer, and the flat network fee
	// the embedded gateway charges on withdrawals (in FeeAssetID, the network's coin for tokens).
	ContractAddress string  `json:"contract_address,omitempty"`
	WithdrawalFee   *Amount `json:"withdrawal_fee,omitempty"`
	FeeAssetID      string  `json:"fee_asset_id,omitempty"`
}

// IsCrypto reports whether payments can be made in this asset.
func (a Asset) IsCrypto() bool { return a.AssetType == AssetCrypto }

// IsToken reports whether the asset is a token on another coin's network (USDT.TRC20).
func (a Asset) IsToken() bool { return a.ContractAddress != "" }

// AddressURL fills the explorer template for an address.
func (a Asset) AddressURL(address string) string {
	if a.AddressLink == "" || address == "" {
		return ""
	}
	return strings.ReplaceAll(a.AddressLink, "{address}", address)
}

// TransactionURL fills the explorer template for a transaction hash.
func (a Asset) TransactionURL(hash string) string {
	if a.TransactionLink == "" || hash == "" {
		return ""
	}
	return strings.ReplaceAll(a.TransactionLink, "{txid}", hash)
}

// CheckAmount validates an amount given in this asset: positive, not more decimals than the
// asset's precision, not absurdly large. field names the request field for the error.
func (a Asset) CheckAmount(field string, v Amount) error {
	switch {
	case !v.IsPositive():
		return FieldError(ErrCodeInvalidAmount, field, "%s must be greater than 0.", field)
	case !v.FitsPrecision(a.Precision):
		return amountTooPrecise(field, a)
	case v.IntegerDigits() > maxBusinessDigits:
		return amountTooLarge(field)
	}
	return nil
}

// amountTooLarge is the one answer to an amount above the limit, whether it was refused while
// parsing (1e18) or after (1e17).
func amountTooLarge(field string) error {
	return FieldError(ErrCodeInvalidAmount, field, "%s is too large: at most %d digits before the decimal point.", field, maxBusinessDigits)
}

// amountTooPrecise is likewise the one answer to more decimals than the asset has.
func amountTooPrecise(field string, a Asset) error {
	return FieldError(ErrCodeInvalidAmount, field, "%s has more decimals than %s allows (%d).", field, a.AssetID, a.Precision)
}

// maxBusinessDigits caps amounts accepted from merchants: 10^12 units of any asset is more than
// exists of any of them.
const maxBusinessDigits = 12

// EVMChainID is the EIP-155 chain id of an EVM network (Ethereum 1, Polygon 137), and 0 for the
// networks that are not EVM chains. EVM networks share address format, hash format and EIP-681 links.
func EVMChainID(network string) int {
	switch network {
	case NetworkEthereum:
		return 1
	case NetworkPolygon:
		return 137
	}
	return 0
}
