package gateway

// Transfer is the seed's transfer object (POST /transfer): an amount of one crypto asset moved from
// the caller's store to another store of the same owner. Amounts are strings as everywhere else.
type Transfer struct {
	TransferID        string `json:"transfer_id"`
	TransferNum       string `json:"transfer_num"`
	FromStoreID       string `json:"from_store_id"`
	FromStoreName     string `json:"from_store_name"`
	FromAccountID     string `json:"from_account_id"`
	ToStoreID         string `json:"to_store_id"`
	ToStoreName       string `json:"to_store_name"`
	ToAccountID       string `json:"to_account_id"`
	IsTest            bool   `json:"is_test"`
	Amount            Amount `json:"amount"`
	AssetID           string `json:"asset_id"`
	Status            string `json:"status"`
	StatusName        string `json:"status_name"`
	CryptoNetwork     string `json:"crypto_network"`
	CryptoNetworkName string `json:"crypto_network_name"`
	StartDate         Time   `json:"start_date"`
	CompleteDate      *Time  `json:"complete_date,omitempty"`
	Description       string `json:"description"`
}

// TransferRequest is the body of POST /transfer.
type TransferRequest struct {
	ToStoreID   string      `json:"to_store_id"`
	Amount      AmountInput `json:"amount"`
	AssetID     string      `json:"asset_id"`
	Description string      `json:"description"`
}

// Validate checks the destination id's shape, the crypto asset, the amount and the description.
func (r *TransferRequest) Validate() error {
	if r.ToStoreID == "" {
		return FieldError(ErrCodeRequiredField, "to_store_id", "to_store_id is required.")
	}
	if !IsUUID(r.ToStoreID) {
		return FieldError(ErrCodeNoStore, "to_store_id", "Store <%s> of to_store_id not found.", truncate(r.ToStoreID, 40))
	}
	asset, err := CryptoAssetByID("asset_id", r.AssetID)
	if err != nil {
		return err
	}
	if err := r.Amount.Check("amount", asset, true); err != nil {
		return err
	}
	return checkText("description", r.Description, maxDescription)
}
