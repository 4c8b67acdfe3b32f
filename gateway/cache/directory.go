package cache

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/remote"
)

// StoreUpstream is one configured store: its settings and its client of the remote gateway.
type StoreUpstream struct {
	Config remote.StoreConfig
	Client Upstream
}

// DirectoryConfig configures a Directory.
type DirectoryConfig struct {
	Stores []StoreUpstream
	// Index remembers which store holds which payment or dedicated address: the cache's store,
	// so that with Redis every replica learns what one of them found.
	Index Store
	// Lookups bounds how many stores are asked at once about an id nobody knows (default 4).
	Lookups int
	// IndexTTL is how long a learned id→store entry lives (default 30 days).
	IndexTTL time.Duration
	Log      *slog.Logger
}

// Directory is the Upstream of many stores: it finds the store of each payment and dedicated
// address and reads it with that store's credentials. The store is, in this order: the request's
// hint (the seed's `oi`, or the store_id of an object already read) when that store knows the id;
// the id→store index learned from webhooks and earlier lookups; else every other store, asked
// once, a few at a time, and the answer is remembered. An id no store knows is the gateway's own
// "not found" (ERR_NO_PAYMENT / ERR_NO_DEDICATE), whichever store said it.
type Directory struct {
	stores  []StoreUpstream
	byID    map[string]int
	index   Store
	lookups int
	ttl     time.Duration
	log     *slog.Logger
}

// Defaults of a Directory.
const (
	DefaultLookups  = 4
	DefaultIndexTTL = 30 * 24 * time.Hour
)

// Kinds of object the index knows.
const (
	KindPayment  = "payment"
	KindDedicate = "dedicate"
)

// NewDirectory returns the directory of cfg.Stores (at least one).
func NewDirectory(cfg DirectoryConfig) *Directory {
	if cfg.Lookups <= 0 {
		cfg.Lookups = DefaultLookups
	}
	if cfg.IndexTTL <= 0 {
		cfg.IndexTTL = DefaultIndexTTL
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	d := &Directory{stores: cfg.Stores, byID: map[string]int{}, index: cfg.Index, lookups: cfg.Lookups, ttl: cfg.IndexTTL, log: cfg.Log}
	for i, s := range cfg.Stores {
		if s.Config.ID != "" {
			d.byID[s.Config.ID] = i
		}
	}
	return d
}

// Store returns the settings of a configured store. With the single store of the GATEWAY_API_*
// shorthand every id is that store.
func (d *Directory) Store(storeID string) (remote.StoreConfig, bool) {
	if len(d.stores) == 1 && d.stores[0].Config.ID == "" {
		return d.stores[0].Config, true
	}
	i, ok := d.byID[storeID]
	if !ok {
		return remote.StoreConfig{}, false
	}
	return d.stores[i].Config, true
}

// Learn records that object id of kind belongs to storeID (a webhook of that store named it).
// Unknown stores are ignored.
func (d *Directory) Learn(ctx context.Context, kind, id, storeID string) {
	if _, ok := d.byID[storeID]; !ok || len(d.stores) < 2 || !gateway.IsUUID(id) {
		return
	}
	if err := d.index.Set(ctx, indexKey(kind, id), []byte(storeID), d.ttl); err != nil {
		d.log.Debug("directory: index write failed", "kind", kind, "id", id, "err", err)
	}
}

// Payment reads GET /payment/{id} from the payment's store.
func (d *Directory) Payment(ctx context.Context, id string) (gateway.Payment, error) {
	return locate(ctx, d, KindPayment, id, func(ctx context.Context, u Upstream) (gateway.Payment, error) { return u.Payment(ctx, id) })
}

// Transactions reads the transactions of payment id from its store.
func (d *Directory) Transactions(ctx context.Context, id string) ([]gateway.Transaction, error) {
	return locate(ctx, d, KindPayment, id, func(ctx context.Context, u Upstream) ([]gateway.Transaction, error) {
		return u.Transactions(ctx, id)
	})
}

// Dedicate reads GET /dedicate/{id} from the address's store.
func (d *Directory) Dedicate(ctx context.Context, id string) (remote.Dedicate, error) {
	return locate(ctx, d, KindDedicate, id, func(ctx context.Context, u Upstream) (remote.Dedicate, error) { return u.Dedicate(ctx, id) })
}

// DedicatePayments lists the payments of dedicated address dedicateID, from its store.
func (d *Directory) DedicatePayments(ctx context.Context, dedicateID string, from, to time.Time) ([]gateway.Payment, error) {
	return locate(ctx, d, KindDedicate, dedicateID, func(ctx context.Context, u Upstream) ([]gateway.Payment, error) {
		return u.DedicatePayments(ctx, dedicateID, from, to)
	})
}

// Convert asks the hinted store (the dedicated address's), else the first store whose
// credentials the gateway accepts: a conversion is the same for every store of one gateway.
func (d *Directory) Convert(ctx context.Context, req remote.ConvertRequest) (gateway.Conversion, error) {
	order := d.order(gateway.StoreHint(ctx))
	var err error
	for _, i := range order {
		var c gateway.Conversion
		if c, err = d.stores[i].Client.Convert(ctx, req); !errors.Is(err, remote.ErrMisconfigured) {
			return c, err
		}
	}
	return gateway.Conversion{}, err
}

// order is every store's index, the hinted one first.
func (d *Directory) order(hint string) []int {
	out := make([]int, 0, len(d.stores))
	first, ok := d.byID[hint]
	if ok {
		out = append(out, first)
	}
	for i := range d.stores {
		if !ok || i != first {
			out = append(out, i)
		}
	}
	return out
}

func indexKey(kind, id string) string { return keyVersion + "store-of:" + kind + ":" + cleanID(id) }

// locate reads id from its store (see Directory).
func locate[T any](ctx context.Context, d *Directory, kind, id string, read func(context.Context, Upstream) (T, error)) (T, error) {
	if len(d.stores) == 1 {
		return read(ctx, d.stores[0].Client)
	}
	tried := make([]bool, len(d.stores))
	var notFound error
	// The hint first: it is only a hint (a payer may have edited it), so a store that does not
	// know the id, or cannot be reached, only means asking the others.
	if i, ok := d.byID[gateway.StoreHint(ctx)]; ok {
		tried[i] = true
		v, err := read(ctx, d.stores[i].Client)
		if err == nil {
			d.learn(ctx, kind, id, i)
			return v, nil
		}
		if isRejection(err) {
			notFound = err
		}
	}
	// Then what some replica learned. That store holds the id, so its failure is the answer.
	if b, err := d.index.Get(ctx, indexKey(kind, id)); err == nil {
		if i, ok := d.byID[string(b)]; ok && !tried[i] {
			tried[i] = true
			v, err := read(ctx, d.stores[i].Client)
			if !isRejection(err) {
				return v, err
			}
			notFound = err
		}
	}
	return askEach(ctx, d, kind, id, tried, notFound, read)
}

// askEach asks every store not tried yet, d.lookups at a time, and returns the first that has the
// id. An id no store has is not found; a store that could not answer makes it unavailable instead
// (it may hold the id). A store whose credentials the gateway refuses counts as not having it: it
// cannot serve the id anyway, and /readyz and the log say it is misconfigured.
func askEach[T any](ctx context.Context, d *Directory, kind, id string, tried []bool, notFound error, read func(context.Context, Upstream) (T, error)) (T, error) {
	var zero T
	type answer struct {
		store int
		val   T
		err   error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // the first answer that has the id stops the other questions
	answers := make(chan answer)
	slots := make(chan struct{}, d.lookups)
	asked := 0
	for i := range d.stores {
		if tried[i] {
			continue
		}
		asked++
		go func() {
			select {
			case slots <- struct{}{}:
				defer func() { <-slots }()
			case <-ctx.Done():
				answers <- answer{store: i, err: ctx.Err()}
				return
			}
			v, err := read(ctx, d.stores[i].Client)
			answers <- answer{store: i, val: v, err: err}
		}()
	}
	var failed error
	for ; asked > 0; asked-- {
		a := <-answers
		switch {
		case a.err == nil:
			d.learn(ctx, kind, id, a.store)
			cancel()
			go drain(answers, asked-1)
			return a.val, nil
		case isRejection(a.err):
			notFound = a.err
		case errors.Is(a.err, remote.ErrMisconfigured):
			d.log.Warn("directory: the gateway refuses a store's credentials; its payments cannot be shown",
				"store", d.stores[a.store].Config.Name(), "err", a.err)
		case failed == nil:
			failed = a.err
		}
	}
	switch {
	case failed != nil:
		return zero, failed
	case notFound != nil:
		return zero, notFound
	}
	return zero, notFoundError(kind, id)
}

// drain receives the answers still to come, so that no asking goroutine blocks forever.
func drain[T any](ch <-chan T, n int) {
	for range n {
		<-ch
	}
}

func (d *Directory) learn(ctx context.Context, kind, id string, store int) {
	d.Learn(ctx, kind, id, d.stores[store].Config.ID)
}

// isRejection is the gateway's own business answer about the id (422, e.g. ERR_NO_PAYMENT).
func isRejection(err error) bool {
	var ge *gateway.Error
	return errors.As(err, &ge)
}

func notFoundError(kind, id string) error {
	if kind == KindDedicate {
		return gateway.NoDedicate(id)
	}
	return gateway.NoPayment(id)
}
