package onramp

// coin is how one provider names one of our crypto assets: its currency code and, for providers
// that ask for it separately, the network.
type coin struct{ code, network string }

// The providers' own names for our assets, from each provider's list of supported currencies. An
// asset missing from a provider's table is not offered through it.
var (
	// MoonPay currency codes carry the network in the code (usdt_trx, usdc_polygon).
	moonPayCoins = map[string]coin{
		"BTC": {code: "btc"}, "LTC": {code: "ltc"}, "ETH": {code: "eth"}, "TRX": {code: "trx"},
		"USDT.ERC20": {code: "usdt"}, "USDC.ERC20": {code: "usdc"}, "USDT.TRC20": {code: "usdt_trx"},
		"POL": {code: "pol_polygon"}, "MATIC": {code: "pol_polygon"},
		"USDT.POLY": {code: "usdt_polygon"}, "USDC.POLY": {code: "usdc_polygon"},
	}
	// Banxa: coinType and blockchain codes.
	banxaCoins = map[string]coin{
		"BTC": {"BTC", "BTC"}, "LTC": {"LTC", "LTC"}, "ETH": {"ETH", "ETH"}, "TRX": {"TRX", "TRON"},
		"USDT.ERC20": {"USDT", "ETH"}, "USDC.ERC20": {"USDC", "ETH"}, "USDT.TRC20": {"USDT", "TRON"},
		"POL": {"POL", "MATIC"}, "MATIC": {"POL", "MATIC"}, "USDT.POLY": {"USDT", "MATIC"}, "USDC.POLY": {"USDC", "MATIC"},
	}
	// Transak: cryptoCurrencyCode and network.
	transakCoins = map[string]coin{
		"BTC": {"BTC", "mainnet"}, "LTC": {"LTC", "mainnet"}, "ETH": {"ETH", "ethereum"}, "TRX": {"TRX", "tron"},
		"USDT.ERC20": {"USDT", "ethereum"}, "USDC.ERC20": {"USDC", "ethereum"}, "USDT.TRC20": {"USDT", "tron"},
		"POL": {"POL", "polygon"}, "MATIC": {"POL", "polygon"}, "USDT.POLY": {"USDT", "polygon"}, "USDC.POLY": {"USDC", "polygon"},
	}
	// Guardarian: to_currency and to_network.
	guardarianCoins = map[string]coin{
		"BTC": {"BTC", "BTC"}, "LTC": {"LTC", "LTC"}, "ETH": {"ETH", "ETH"}, "TRX": {"TRX", "TRX"},
		"USDT.ERC20": {"USDT", "ETH"}, "USDC.ERC20": {"USDC", "ETH"}, "USDT.TRC20": {"USDT", "TRX"},
		"POL": {"POL", "MATIC"}, "MATIC": {"POL", "MATIC"}, "USDT.POLY": {"USDT", "MATIC"}, "USDC.POLY": {"USDC", "MATIC"},
	}
	// Wert: commodity and network (Wert sells neither Litecoin nor TRON).
	wertCoins = map[string]coin{
		"BTC": {"BTC", "bitcoin"}, "ETH": {"ETH", "ethereum"},
		"USDT.ERC20": {"USDT", "ethereum"}, "USDC.ERC20": {"USDC", "ethereum"},
		"POL": {"POL", "polygon"}, "MATIC": {"POL", "polygon"}, "USDT.POLY": {"USDT", "polygon"}, "USDC.POLY": {"USDC", "polygon"},
	}
)

// The fiat currencies each provider takes, of the seed's fiat_asset_id values (USD, EUR, JPY, KRW,
// TRY). Wert takes only USD and EUR.
var (
	anyFiat  = map[string]bool{"USD": true, "EUR": true, "JPY": true, "KRW": true, "TRY": true}
	wertFiat = map[string]bool{"USD": true, "EUR": true}
)
