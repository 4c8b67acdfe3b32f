package engine

import (
	"context"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
)

// Accounts returns a store's accounts (GET /accounts): each crypto account with its balance,
// what is on hold and what is available, and the same in the store currency at the current rate.
// The totals are the sums of the accounts' store-currency figures.
func (e *Engine) Accounts(ctx context.Context, store gateway.Store) (gateway.Accounts, error) {
	return e.ledger.accounts(ctx, store)
}

func (l *ledger) accounts(ctx context.Context, store gateway.Store) (gateway.Accounts, error) {
	base, ok := gateway.LookupAsset(store.Currency)
	if !ok {
		return gateway.Accounts{}, fmt.Errorf("engine: store %s has unknown currency %q", store.StoreID, store.Currency)
	}
	all, err := l.storeFunds(ctx, store.StoreID)
	if err != nil {
		return gateway.Accounts{}, err
	}
	rows, err := l.db.Accounts(ctx, store.StoreID)
	if err != nil {
		return gateway.Accounts{}, err
	}
	out := gateway.Accounts{AssetID: base.AssetID, Accounts: []gateway.Account{}}
	for _, r := range rows {
		a, err := l.account(store.StoreID, r.ID, r.AssetID, r.Num, all[r.ID], base)
		if err != nil {
			return gateway.Accounts{}, err
		}
		out.Accounts = append(out.Accounts, a)
		out.Balance = out.Balance.Add(a.BaseBalance)
		out.OnHold = out.OnHold.Add(a.BaseOnHold)
		out.Available = out.Available.Add(a.BaseAvailable)
	}
	return out, nil
}

// account builds one account's figures. Store-currency values are rounded down at the currency's
// precision: a balance is never shown as worth more than it is.
func (l *ledger) account(storeID, id, assetID string, num int, f funds, base gateway.Asset) (gateway.Account, error) {
	asset, _ := gateway.LookupAsset(assetID)
	quote, err := l.rates.Quote(assetID, base.AssetID)
	if err != nil {
		return gateway.Account{}, err
	}
	inBase := func(v gateway.Amount) (gateway.Amount, error) {
		c, _, err := l.rates.Convert(v, assetID, base.AssetID)
		return c.RoundDown(base.Precision), err
	}
	a := gateway.Account{
		AccountID: id, StoreID: storeID, AccountNum: num,
		CryptoNetwork: asset.CryptoNetwork, CryptoNetworkName: asset.CryptoNetworkName,
		AssetID: assetID, Currency: asset.Currency,
		Balance: f.Balance, OnHold: f.OnHold, Available: f.Available(),
		BaseAssetID: base.AssetID, BaseCurrency: base.Currency,
		Rate: quote.Rate, RateDate: gateway.NewTime(quote.Date),
	}
	if a.BaseBalance, err = inBase(a.Balance); err != nil {
		return a, err
	}
	if a.BaseOnHold, err = inBase(a.OnHold); err != nil {
		return a, err
	}
	if a.BaseAvailable, err = inBase(a.Available); err != nil {
		return a, err
	}
	return a, nil
}
