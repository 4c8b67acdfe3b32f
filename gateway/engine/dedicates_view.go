package engine

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// The dedicated-address page's side of the engine. Its unguessable id is the payer's capability,
// as a payment's code is for the payment page.

// DedicateView returns a dedicated address with the payments it produced (newest first, at most
// gateway.MaxDedicatePayments) and their transactions, all from one snapshot; ERR_NO_DEDICATE for
// an unknown id.
func (e *Engine) DedicateView(ctx context.Context, id string) (gateway.DedicateView, error) {
	if !gateway.IsUUID(id) {
		return gateway.DedicateView{}, gateway.NoDedicate(id)
	}
	return e.dedicates.view(ctx, id)
}

func (s *dedicates) view(ctx context.Context, id string) (gateway.DedicateView, error) {
	var view gateway.DedicateView
	err := s.db.WithSnapshot(ctx, func(r store.Snapshot) error {
		var err error
		view, err = s.viewIn(ctx, r, id)
		return err
	})
	return view, err
}

// dedicateViewReads is what the dedicated-address page reads, from one snapshot.
type dedicateViewReads interface {
	dedicateReader
	StorePage(ctx context.Context, storeID string) (gateway.PageSettings, []string, error)
	DedicatePayments(ctx context.Context, storeID, dedicateID string, limit int) ([]string, error)
	Payment(ctx context.Context, storeID, id string) (store.Payment, error)
	Transactions(ctx context.Context, paymentID string) ([]store.Transaction, error)
}

func (s *dedicates) viewIn(ctx context.Context, r dedicateViewReads, id string) (gateway.DedicateView, error) {
	d, err := loadDedicate(ctx, r, "", id)
	if err != nil {
		return gateway.DedicateView{}, err
	}
	page, origins, err := r.StorePage(ctx, d.StoreID)
	if err != nil {
		return gateway.DedicateView{}, err
	}
	asset, _ := gateway.LookupAsset(d.AssetID)
	view := gateway.DedicateView{
		DedicateID: d.ID, DedicateType: d.Type, Status: d.Status, StoreName: d.StoreName, IsTest: d.IsTest,
		AssetID: d.AssetID, CryptoNetwork: asset.CryptoNetwork, Address: d.Address,
		FrameAncestors: origins, Page: page, MerchantFields: d.Fields,
		Payments: []gateway.DedicatePayment{},
	}
	ids, err := r.DedicatePayments(ctx, d.StoreID, d.ID, gateway.MaxDedicatePayments)
	if err != nil {
		return gateway.DedicateView{}, err
	}
	for _, pid := range ids {
		p, err := loadPayment(ctx, r, d.StoreID, pid)
		if err != nil {
			return gateway.DedicateView{}, err
		}
		txs, err := r.Transactions(ctx, pid)
		if err != nil {
			return gateway.DedicateView{}, err
		}
		dp := gateway.DedicatePayment{Payment: s.views.payment(p), Transactions: make([]gateway.Transaction, 0, len(txs))}
		for _, t := range txs {
			dp.Transactions = append(dp.Transactions, transactionAPI(t))
		}
		view.Payments = append(view.Payments, dp)
	}
	return view, nil
}
