package cache

import (
	"context"
	"errors"
	"slices"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/remote"
)

// Subscriber hands out subscriptions to live topics (live.Hub, live.RedisHub).
type Subscriber interface {
	Subscribe(topic string) (<-chan struct{}, func())
	Notify(topic string, fn func()) func()
}

// PayerGateway is what the payer pages read in remote mode: the remote gateway through the cached
// views, and the live hub that webhooks and the shared poller publish to. It has the method set of
// the pages' Gateway interface, as the embedded engine has, so the pages cannot tell them apart.
type PayerGateway struct {
	views  *Views
	hub    Subscriber
	stores StoreSettings
}

// StoreSettings gives the settings of a configured store (Directory does).
type StoreSettings interface {
	Store(storeID string) (remote.StoreConfig, bool)
}

// NewPayerGateway returns the pages' gateway over views and hub; stores gives each store's
// embedding origins and page settings. The pages tell the shared poller themselves which payments
// are watched (payer.Config.Watcher).
func NewPayerGateway(views *Views, hub Subscriber, stores StoreSettings) *PayerGateway {
	return &PayerGateway{views: views, hub: hub, stores: stores}
}

// settings are the store's embedding origins and page settings; none for a store not configured.
func (g *PayerGateway) settings(storeID string) ([]string, gateway.PageSettings) {
	if g.stores == nil {
		return nil, gateway.PageSettings{}
	}
	s, ok := g.stores.Store(storeID)
	if !ok {
		return nil, gateway.PageSettings{}
	}
	return s.FrameAncestors, s.Page
}

// txsFetchers bounds the transaction lists one dedicated-address view reads at once.
const txsFetchers = 8

// PaymentView returns a payment for the payer holding its code. The code is checked in constant
// time against the one in the payment's payment_url; an unknown id and a wrong code are the same
// ERR_NO_PAYMENT, by the same path. The store's settings (embedding origins, page settings) come
// from the stores file. Stale says the gateway did not answer and this is the last copy read.
func (g *PayerGateway) PaymentView(ctx context.Context, id, code string) (gateway.PaymentView, error) {
	read, stale, err := g.views.payment(ctx, id)
	p, err := remote.AuthorizePayer(id, read, err, code)
	if err != nil {
		return gateway.PaymentView{}, err
	}
	txs, staleTxs, err := g.transactions(ctx, p)
	if err != nil {
		return gateway.PaymentView{}, err
	}
	origins, page := g.settings(p.StoreID)
	return gateway.PaymentView{Payment: p, Transactions: txs, FrameAncestors: origins, Page: page, Stale: stale || staleTxs}, nil
}

// transactions reads a payment's transactions, none when nothing was received (ip_amount is
// their sum, so that saves a call). The payment names its store, so the read goes there directly.
func (g *PayerGateway) transactions(ctx context.Context, p gateway.Payment) ([]gateway.Transaction, bool, error) {
	if p.IPAmount.IsZero() {
		return []gateway.Transaction{}, false, nil
	}
	txs, stale, err := g.views.transactions(gateway.WithStoreHint(ctx, p.StoreID), p.PaymentID)
	if err != nil {
		return nil, false, err
	}
	return txs, stale, nil
}

// DedicateView returns a dedicated address with its newest payments (at most
// gateway.MaxDedicatePayments). Transactions are read for the payments that can still change and
// for the newest few; older final payments are listed without them (their status says enough).
func (g *PayerGateway) DedicateView(ctx context.Context, id string) (gateway.DedicateView, error) {
	if !gateway.IsUUID(id) {
		return gateway.DedicateView{}, gateway.NoDedicate(id)
	}
	d, stale, err := g.views.dedicate(ctx, id)
	var rejected *gateway.Error
	if errors.As(err, &rejected) {
		return gateway.DedicateView{}, gateway.NoDedicate(id) // to the payer it is all "not found"
	}
	if err != nil {
		return gateway.DedicateView{}, err
	}
	ctx = gateway.WithStoreHint(ctx, d.StoreID)
	ps, stalePs, err := g.views.dedicatePayments(ctx, d)
	if err != nil {
		return gateway.DedicateView{}, err
	}
	ps = newestFirst(ps)
	origins, page := g.settings(d.StoreID)
	view := gateway.DedicateView{
		DedicateID: d.DedicateID, DedicateType: d.DedicateType, Status: d.Status, StoreName: d.StoreName,
		IsTest: d.IsTest, AssetID: d.AssetID, CryptoNetwork: d.CryptoNetwork, Address: d.Address,
		MerchantFields: d.MerchantFields, Payments: make([]gateway.DedicatePayment, len(ps)),
		FrameAncestors: origins, Page: page, Stale: stale || stalePs,
	}
	var staleTxs atomic.Bool
	group, gctx := errgroup.WithContext(ctx)
	group.SetLimit(txsFetchers)
	for i, p := range ps {
		view.Payments[i] = gateway.DedicatePayment{Payment: p, Transactions: []gateway.Transaction{}}
		if i >= txsFetchers && gateway.IsFinal(p.Status) {
			continue
		}
		group.Go(func() error {
			txs, stale, err := g.transactions(gctx, p)
			view.Payments[i].Transactions = txs
			if stale {
				staleTxs.Store(true)
			}
			return err
		})
	}
	if err := group.Wait(); err != nil {
		return gateway.DedicateView{}, err
	}
	view.Stale = view.Stale || staleTxs.Load()
	return view, nil
}

// newestFirst orders payments by start date, newest first, and keeps the newest
// gateway.MaxDedicatePayments.
func newestFirst(ps []gateway.Payment) []gateway.Payment {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b gateway.Payment) int { return b.StartDate.Time.Compare(a.StartDate.Time) })
	if len(ps) > gateway.MaxDedicatePayments {
		ps = ps[:gateway.MaxDedicatePayments]
	}
	return ps
}

// QuoteDue converts through the gateway's POST /convert (cached briefly) and rounds up at the
// target's precision: the gateway rounds its answer to the nearest unit, which may be less than
// the price, so the amount is worked out again from the rate it used.
func (g *PayerGateway) QuoteDue(ctx context.Context, amount gateway.Amount, from, to string) (gateway.Amount, error) {
	target, ok := gateway.LookupAsset(to)
	if !ok {
		return gateway.Amount{}, gateway.FieldError(gateway.ErrCodeNoAsset, "asset_id", "Unknown asset %s.", to)
	}
	conv, err := g.views.Convert(ctx, remote.ConvertRequest{FromAmount: amount, FromAssetID: from, AssetID: to})
	if err != nil {
		return gateway.Amount{}, err
	}
	if conv.Rate.IsZero() {
		return conv.AmountStr.RoundUp(target.Precision), nil
	}
	exact := gateway.AmountFromDecimal(amount.Decimal().Mul(conv.Rate.Decimal()))
	return exact.RoundUp(target.Precision).Max(conv.AmountStr.RoundUp(target.Precision)), nil
}

// Subscribe signals every change of topic, as webhooks and the shared poller publish them.
func (g *PayerGateway) Subscribe(topic string) (<-chan struct{}, func()) {
	return g.hub.Subscribe(topic)
}

// Notify calls fn for every change of topic until the returned function is called (see
// live.Hub.Notify: fn must return at once).
func (g *PayerGateway) Notify(topic string, fn func()) func() { return g.hub.Notify(topic, fn) }

// PaymentTestAction is refused: a remote gateway's test store is driven through its own tools.
func (g *PayerGateway) PaymentTestAction(context.Context, string, string, gateway.TestAction) error {
	return notTestStore()
}

// DedicateTestAction is refused likewise.
func (g *PayerGateway) DedicateTestAction(context.Context, string, gateway.TestAction, gateway.Amount) error {
	return notTestStore()
}

func notTestStore() error {
	return gateway.Errorf(gateway.ErrCodeNotTestStore, "Test tools are not offered in front of a remote gateway.")
}
