package gateway

// Accounts is the answer of GET /accounts: the store's totals in its currency and one account per
// crypto asset.
type Accounts struct {
	Balance   Amount    `json:"balance"`
	Available Amount    `json:"available"`
	OnHold    Amount    `json:"on_hold"`
	AssetID   string    `json:"asset_id"`
	Accounts  []Account `json:"accounts"`
}

// Account is a store's balance in one crypto asset (the seed's accounts array). Balance is what was
// credited less what was debited; OnHold is what pending withdrawals reserve; base_* are the same
// figures in the store currency at the current rate.
type Account struct {
	AccountID         string `json:"account_id"`
	StoreID           string `json:"store_id"`
	AccountNum        int    `json:"account_num"`
	CryptoNetwork     string `json:"crypto_network"`
	CryptoNetworkName string `json:"crypto_network_name"`
	AssetID           string `json:"asset_id"`
	Balance           Amount `json:"balance"`
	Available         Amount `json:"available"`
	OnHold            Amount `json:"on_hold"`
	Currency          string `json:"currency"`
	BaseAssetID       string `json:"base_asset_id"`
	BaseBalance       Amount `json:"base_balance"`
	BaseAvailable     Amount `json:"base_available"`
	BaseOnHold        Amount `json:"base_on_hold"`
	BaseCurrency      string `json:"base_currency"`
	Rate              Rate   `json:"rate"`
	RateDate          Time   `json:"rate_date"`
}
