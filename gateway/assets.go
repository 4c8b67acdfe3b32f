package gateway

import "sort"

// The asset catalogue of the embedded gateway. BTC 6 and ETH 10 confirmations come from the
// seed's examples; LTC takes 6 as Bitcoin does; TRON takes 19, the depth at which a TRON block
// is solidified (irreversible). Tokens share their chain's network and confirmations.
var catalogue = []Asset{
	{
		AssetID: "BTC", AssetName: "Bitcoin", Currency: "BTC", CurrencyName: "Bitcoin", Symbol: "₿",
		SortOrder: 20, MinSize: *rate("0.00000001"), Precision: 8, TimeoutToTrx: 90, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkBitcoin, CryptoNetworkName: "Bitcoin", Confirmations: 6,
		AddressLink:         "https://live.blockcypher.com/btc/address/{address}",
		TransactionLink:     "https://live.blockcypher.com/btc/tx/{txid}",
		MinWithdrawalAmount: rate("0.0001"), MaxWithdrawalAmount: rate("2400"),
		WithdrawalFee: amt("0.0001"), FeeAssetID: "BTC",
	},
	{
		AssetID: "LTC", AssetName: "Litecoin", Currency: "LTC", CurrencyName: "Litecoin", Symbol: "Ł",
		SortOrder: 30, MinSize: *rate("0.00000001"), Precision: 8, TimeoutToTrx: 90, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkLitecoin, CryptoNetworkName: "Litecoin", Confirmations: 6,
		AddressLink:         "https://live.blockcypher.com/ltc/address/{address}",
		TransactionLink:     "https://live.blockcypher.com/ltc/tx/{txid}",
		MinWithdrawalAmount: rate("0.01"), MaxWithdrawalAmount: rate("50000"),
		WithdrawalFee: amt("0.001"), FeeAssetID: "LTC",
	},
	{
		AssetID: "ETH", AssetName: "Ethereum", Currency: "ETH", CurrencyName: "Ether", Symbol: "Ξ",
		SortOrder: 40, MinSize: *rate("0.000000000000000001"), Precision: 18, TimeoutToTrx: 90, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkEthereum, CryptoNetworkName: "Ethereum", Confirmations: 10,
		AddressLink:         "https://etherscan.io/address/{address}",
		TransactionLink:     "https://etherscan.io/tx/{txid}",
		MinWithdrawalAmount: rate("0.005"), MaxWithdrawalAmount: rate("500"),
		WithdrawalFee: amt("0.002"), FeeAssetID: "ETH",
	},
	{
		AssetID: "USDT.ERC20", AssetName: "Tether USD (ERC-20)", Currency: "USDT", CurrencyName: "Tether USD", Symbol: "₮",
		SortOrder: 50, MinSize: *rate("0.000001"), Precision: 6, TimeoutToTrx: 90, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkEthereum, CryptoNetworkName: "Ethereum", Confirmations: 10,
		AddressLink:         "https://etherscan.io/address/{address}",
		TransactionLink:     "https://etherscan.io/tx/{txid}",
		MinWithdrawalAmount: rate("10"), MaxWithdrawalAmount: rate("1000000"),
		ContractAddress: "0xdAC17F958D2ee523a2206206994597C13D831ec7",
		WithdrawalFee:   amt("0.003"), FeeAssetID: "ETH",
	},
	{
		AssetID: "USDC.ERC20", AssetName: "USD Coin (ERC-20)", Currency: "USDC", CurrencyName: "USD Coin", Symbol: "$",
		SortOrder: 60, MinSize: *rate("0.000001"), Precision: 6, TimeoutToTrx: 90, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkEthereum, CryptoNetworkName: "Ethereum", Confirmations: 10,
		AddressLink:         "https://etherscan.io/address/{address}",
		TransactionLink:     "https://etherscan.io/tx/{txid}",
		MinWithdrawalAmount: rate("10"), MaxWithdrawalAmount: rate("1000000"),
		ContractAddress: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48",
		WithdrawalFee:   amt("0.003"), FeeAssetID: "ETH",
	},
	{
		AssetID: "TRX", AssetName: "TRON", Currency: "TRX", CurrencyName: "Tronix", Symbol: "TRX",
		SortOrder: 70, MinSize: *rate("0.000001"), Precision: 6, TimeoutToTrx: 60, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkTron, CryptoNetworkName: "TRON", Confirmations: 19,
		AddressLink:         "https://tronscan.org/#/address/{address}",
		TransactionLink:     "https://tronscan.org/#/transaction/{txid}",
		MinWithdrawalAmount: rate("10"), MaxWithdrawalAmount: rate("5000000"),
		WithdrawalFee: amt("1.1"), FeeAssetID: "TRX",
	},
	{
		AssetID: "USDT.TRC20", AssetName: "Tether USD (TRC-20)", Currency: "USDT", CurrencyName: "Tether USD", Symbol: "₮",
		SortOrder: 80, MinSize: *rate("0.000001"), Precision: 6, TimeoutToTrx: 60, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkTron, CryptoNetworkName: "TRON", Confirmations: 19,
		AddressLink:         "https://tronscan.org/#/address/{address}",
		TransactionLink:     "https://tronscan.org/#/transaction/{txid}",
		MinWithdrawalAmount: rate("10"), MaxWithdrawalAmount: rate("1000000"),
		ContractAddress: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
		WithdrawalFee:   amt("15"), FeeAssetID: "TRX",
	},
	// Polygon PoS. POL is the native coin; it replaced MATIC in 2024, and MATIC stays as a second
	// entry for the same coin because merchant clients still offer it and read a payment's
	// payment_asset_id back from webhooks to pick their own settings (the WooCommerce plugin does):
	// a payment made in MATIC is answered as MATIC, priced as POL (see sameCoin), with its own account.
	// 128 confirmations: the depth Polygon gateways wait for against reorganisations.
	// The tokens are the real contracts: Tether's PoS USDT and Circle's native USDC, 6 decimals each.
	{
		AssetID: "POL", AssetName: "Polygon", Currency: "POL", CurrencyName: "POL", Symbol: "POL",
		SortOrder: 90, MinSize: *rate("0.000000000000000001"), Precision: 18, TimeoutToTrx: 60, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkPolygon, CryptoNetworkName: "Polygon", Confirmations: 128,
		AddressLink:         "https://polygonscan.com/address/{address}",
		TransactionLink:     "https://polygonscan.com/tx/{txid}",
		MinWithdrawalAmount: rate("1"), MaxWithdrawalAmount: rate("10000000"),
		WithdrawalFee: amt("0.01"), FeeAssetID: "POL",
	},
	{
		AssetID: "MATIC", AssetName: "Polygon (MATIC, the former id of POL)", Currency: "MATIC", CurrencyName: "MATIC", Symbol: "POL",
		SortOrder: 95, MinSize: *rate("0.000000000000000001"), Precision: 18, TimeoutToTrx: 60, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkPolygon, CryptoNetworkName: "Polygon", Confirmations: 128,
		AddressLink:         "https://polygonscan.com/address/{address}",
		TransactionLink:     "https://polygonscan.com/tx/{txid}",
		MinWithdrawalAmount: rate("1"), MaxWithdrawalAmount: rate("10000000"),
		WithdrawalFee: amt("0.01"), FeeAssetID: "MATIC",
	},
	{
		AssetID: "USDT.POLY", AssetName: "Tether USD (Polygon)", Currency: "USDT", CurrencyName: "Tether USD", Symbol: "₮",
		SortOrder: 100, MinSize: *rate("0.000001"), Precision: 6, TimeoutToTrx: 60, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkPolygon, CryptoNetworkName: "Polygon", Confirmations: 128,
		AddressLink:         "https://polygonscan.com/address/{address}",
		TransactionLink:     "https://polygonscan.com/tx/{txid}",
		MinWithdrawalAmount: rate("10"), MaxWithdrawalAmount: rate("1000000"),
		ContractAddress: "0xc2132D05D31c914a87C6611C10748AEb04B58e8F",
		WithdrawalFee:   amt("0.05"), FeeAssetID: "POL",
	},
	{
		AssetID: "USDC.POLY", AssetName: "USD Coin (Polygon)", Currency: "USDC", CurrencyName: "USD Coin", Symbol: "$",
		SortOrder: 110, MinSize: *rate("0.000001"), Precision: 6, TimeoutToTrx: 60, TimeoutToWdr: 1440,
		CryptoNetwork: NetworkPolygon, CryptoNetworkName: "Polygon", Confirmations: 128,
		AddressLink:         "https://polygonscan.com/address/{address}",
		TransactionLink:     "https://polygonscan.com/tx/{txid}",
		MinWithdrawalAmount: rate("10"), MaxWithdrawalAmount: rate("1000000"),
		ContractAddress: "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359",
		WithdrawalFee:   amt("0.05"), FeeAssetID: "POL",
	},
	{
		AssetID: "USD", AssetName: "US Dollar", Currency: "USD", CurrencyName: "US Dollar", Symbol: "$",
		SortOrder: 1, MinSize: *rate("0.01"), Precision: 2, TimeoutToTrx: 90, TimeoutToWdr: 1440,
	},
	{
		AssetID: "EUR", AssetName: "Euro", Currency: "EUR", CurrencyName: "Euro", Symbol: "€",
		SortOrder: 2, MinSize: *rate("0.01"), Precision: 2, TimeoutToTrx: 90, TimeoutToWdr: 1440,
	},
}

var assetsByID = func() map[string]Asset {
	m := make(map[string]Asset, len(catalogue))
	for i := range catalogue {
		a := &catalogue[i]
		a.Language = "en"
		if a.IsCrypto() || a.CryptoNetwork != "" {
			a.AssetType, a.AssetTypeName = AssetCrypto, "Crypto Currencies"
		} else {
			a.AssetType, a.AssetTypeName = AssetFiat, "Fiat Currencies"
		}
		m[a.AssetID] = *a
	}
	sort.SliceStable(catalogue, func(i, j int) bool { return catalogue[i].SortOrder < catalogue[j].SortOrder })
	return m
}()

// Assets returns the catalogue in sort order. The slice is a copy.
func Assets() []Asset { return append([]Asset(nil), catalogue...) }

// LookupAsset finds an asset by id (exact, case-sensitive as in the seed).
func LookupAsset(id string) (Asset, bool) {
	a, ok := assetsByID[id]
	return a, ok
}

// sameCoin names assets that are another asset's coin under an older id: MATIC became POL on
// Polygon in 2024. Such an asset is priced as the other (a rates file may leave it out).
var sameCoin = map[string]string{"MATIC": "POL"}

// PricedAs is the asset whose price id is quoted at: id itself, or the asset it is an older id of.
func PricedAs(id string) string {
	if other, ok := sameCoin[id]; ok {
		return other
	}
	return id
}

// AssetByID is LookupAsset returning ERR_NO_ASSET for the given request field.
func AssetByID(field, id string) (Asset, error) {
	if id == "" {
		return Asset{}, FieldError(ErrCodeRequiredField, field, "%s is required.", field)
	}
	a, ok := assetsByID[id]
	if !ok {
		return Asset{}, FieldError(ErrCodeNoAsset, field, "Asset <%s> of %s not found.", truncate(id, 32), field)
	}
	return a, nil
}

// CryptoAssetByID is AssetByID that also requires a crypto asset.
func CryptoAssetByID(field, id string) (Asset, error) {
	a, err := AssetByID(field, id)
	if err != nil {
		return a, err
	}
	if !a.IsCrypto() {
		return Asset{}, FieldError(ErrCodeNotCrypto, field, "%s must be a crypto asset, not %s.", field, id)
	}
	return a, nil
}

// Networks lists the crypto networks with the asset whose coin pays their fees.
func Networks() []string {
	return []string{NetworkBitcoin, NetworkLitecoin, NetworkEthereum, NetworkTron, NetworkPolygon}
}

// NetworkConfirmations is the confirmations an asset on that network needs; 0 for unknown networks.
func NetworkConfirmations(network string) int {
	for _, a := range catalogue {
		if a.CryptoNetwork == network {
			return a.Confirmations
		}
	}
	return 0
}

func rate(s string) *Rate { return &Rate{MustAmount(s).d} }

func amt(s string) *Amount { a := MustAmount(s); return &a }
