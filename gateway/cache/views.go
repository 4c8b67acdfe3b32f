package cache

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/remote"
)

// Upstream is where views come from on a miss: the remote gateway's client.
type Upstream interface {
	Payment(ctx context.Context, id string) (gateway.Payment, error)
	Transactions(ctx context.Context, id string) ([]gateway.Transaction, error)
	Dedicate(ctx context.Context, id string) (remote.Dedicate, error)
	DedicatePayments(ctx context.Context, dedicateID string, from, to time.Time) ([]gateway.Payment, error)
	Convert(ctx context.Context, req remote.ConvertRequest) (gateway.Conversion, error)
}

// Observer counts hits and misses per view ("payment", "transactions", "dedicate", "conversion").
type Observer interface {
	CacheHit(view string)
	CacheMiss(view string)
}

// Default lifetimes. A payment that can still change lives briefly (webhooks and polling refresh
// it sooner); a final one can hardly change and lives long.
const (
	DefaultLiveTTL       = 5 * time.Second
	DefaultFinalTTL      = time.Hour
	DefaultConversionTTL = 30 * time.Second
	DefaultFetchTimeout  = 15 * time.Second
	// DefaultNotFoundTTL keeps the gateway's "not found" briefly: long enough that a burst of
	// requests for one unknown id costs one upstream call, short enough not to matter to a
	// payment created a moment later (its creation webhook drops the entry anyway).
	DefaultNotFoundTTL = 10 * time.Second
	// DefaultLastTTL keeps the last copy of an object for pages shown while the gateway is down.
	DefaultLastTTL = 24 * time.Hour
	// DefaultStaleAfter is how long a page waits for a slow gateway before it is shown from its
	// last copy.
	DefaultStaleAfter = 3 * time.Second
)

// ViewsConfig configures Views.
type ViewsConfig struct {
	Store    Store
	Upstream Upstream
	// LiveTTL applies to OPEN/CLOSING payments and their transactions, FinalTTL once final.
	LiveTTL, FinalTTL, ConversionTTL time.Duration
	// FetchTimeout bounds one shared fetch from the upstream.
	FetchTimeout time.Duration
	// NotFoundTTL keeps the gateway's "not found", LastTTL the last copy of each object, and
	// StaleAfter is the wait for a slow gateway before the last copy is served (see load).
	NotFoundTTL, LastTTL, StaleAfter time.Duration
	// Now is the clock of the dedicated-address listing's end date; time.Now when nil.
	Now      func() time.Time
	Observer Observer
	Log      *slog.Logger
}

// Views reads through the cache: a hit is answered from the store, a miss is fetched from the
// upstream once however many callers ask at the same time, then stored for a time that depends on
// the object's state. Every store failure counts as a miss: the cache never fails a read.
type Views struct {
	store    Store
	up       Upstream
	ttl      ViewsConfig
	group    singleflight.Group
	gens     *generations
	prints   *Memory // what Refresh last saw of each payment, for when the store is down
	obs      Observer
	log      *slog.Logger
	fetchTTL time.Duration
}

// NewViews returns the read-through views.
func NewViews(cfg ViewsConfig) *Views {
	if cfg.LiveTTL <= 0 {
		cfg.LiveTTL = DefaultLiveTTL
	}
	if cfg.FinalTTL <= 0 {
		cfg.FinalTTL = DefaultFinalTTL
	}
	if cfg.ConversionTTL <= 0 {
		cfg.ConversionTTL = DefaultConversionTTL
	}
	if cfg.FetchTimeout <= 0 {
		cfg.FetchTimeout = DefaultFetchTimeout
	}
	if cfg.NotFoundTTL <= 0 {
		cfg.NotFoundTTL = DefaultNotFoundTTL
	}
	if cfg.LastTTL <= 0 {
		cfg.LastTTL = DefaultLastTTL
	}
	if cfg.StaleAfter <= 0 {
		cfg.StaleAfter = DefaultStaleAfter
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Views{store: cfg.Store, up: cfg.Upstream, ttl: cfg, gens: newGenerations(), prints: NewMemory(0),
		obs: cfg.Observer, log: cfg.Log, fetchTTL: cfg.FetchTimeout}
}

// Store is the store the views keep their values in (also used for leases and de-duplication).
func (v *Views) Store() Store { return v.store }

// Payment returns the payment id.
func (v *Views) Payment(ctx context.Context, id string) (gateway.Payment, error) {
	p, _, err := v.payment(ctx, id)
	return p, err
}

// payment is Payment, also saying whether it is the last copy (see load).
func (v *Views) payment(ctx context.Context, id string) (gateway.Payment, bool, error) {
	return load(ctx, v, "payment", paymentKey(cleanID(id)), true,
		func(ctx context.Context) (gateway.Payment, error) { return v.up.Payment(ctx, id) },
		func(_ context.Context, p gateway.Payment) time.Duration { return v.stateTTL(p.Status) })
}

// Transactions returns the transactions of payment id. They live as long as their payment's
// cached state says (short when it is not cached).
func (v *Views) Transactions(ctx context.Context, id string) ([]gateway.Transaction, error) {
	txs, _, err := v.transactions(ctx, id)
	return txs, err
}

func (v *Views) transactions(ctx context.Context, id string) ([]gateway.Transaction, bool, error) {
	return load(ctx, v, "transactions", transactionsKey(cleanID(id)), true,
		func(ctx context.Context) ([]gateway.Transaction, error) { return v.up.Transactions(ctx, id) },
		func(ctx context.Context, _ []gateway.Transaction) time.Duration {
			return v.stateTTL(v.cachedStatus(ctx, id))
		})
}

// Dedicate returns the dedicated address id.
func (v *Views) Dedicate(ctx context.Context, id string) (remote.Dedicate, error) {
	d, _, err := v.dedicate(ctx, id)
	return d, err
}

func (v *Views) dedicate(ctx context.Context, id string) (remote.Dedicate, bool, error) {
	return load(ctx, v, "dedicate", dedicateKey(cleanID(id)), true,
		func(ctx context.Context) (remote.Dedicate, error) { return v.up.Dedicate(ctx, id) },
		func(_ context.Context, d remote.Dedicate) time.Duration { return v.stateTTL(d.Status) })
}

// DedicatePayments returns the payments dedicated address d made since it was created, as the
// gateway lists them. The list lives as long as a payment that can still change (webhooks about
// the address drop it sooner).
func (v *Views) DedicatePayments(ctx context.Context, d remote.Dedicate) ([]gateway.Payment, error) {
	ps, _, err := v.dedicatePayments(ctx, d)
	return ps, err
}

func (v *Views) dedicatePayments(ctx context.Context, d remote.Dedicate) ([]gateway.Payment, bool, error) {
	return load(ctx, v, "dedicate_payments", dedicatePaymentsKey(cleanID(d.DedicateID)), true,
		func(ctx context.Context) ([]gateway.Payment, error) {
			return v.up.DedicatePayments(ctx, d.DedicateID, d.StartDate.Time, v.now())
		},
		func(context.Context, []gateway.Payment) time.Duration { return v.ttl.LiveTTL })
}

// Convert returns a conversion; quotes follow the rates, so they live ConversionTTL, and an old
// one is never served in place of a fresh one (it would ask the payer for the wrong amount).
func (v *Views) Convert(ctx context.Context, req remote.ConvertRequest) (gateway.Conversion, error) {
	key := conversionKey(req.FromAmount.String(), cleanID(req.FromAssetID), cleanID(req.AssetID))
	c, _, err := load(ctx, v, "conversion", key, false,
		func(ctx context.Context) (gateway.Conversion, error) { return v.up.Convert(ctx, req) },
		func(context.Context, gateway.Conversion) time.Duration { return v.ttl.ConversionTTL })
	return c, err
}

// InvalidatePayment forgets payment id and its transactions, so that the next read fetches them.
func (v *Views) InvalidatePayment(ctx context.Context, id string) error {
	return v.invalidate(ctx, paymentKey(cleanID(id)), transactionsKey(cleanID(id)))
}

// InvalidateDedicate forgets dedicated address id and the list of its payments.
func (v *Views) InvalidateDedicate(ctx context.Context, id string) error {
	return v.invalidate(ctx, dedicateKey(cleanID(id)), dedicatePaymentsKey(cleanID(id)))
}

func (v *Views) invalidate(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		v.gens.bump(k)
		v.group.Forget(k) // later readers start a fresh fetch instead of joining an older one
	}
	return v.store.Del(ctx, keys...)
}

func (v *Views) now() time.Time { return v.ttl.Now() }

func (v *Views) stateTTL(status string) time.Duration {
	if gateway.IsFinal(status) {
		return v.ttl.FinalTTL
	}
	return v.ttl.LiveTTL
}

// cachedStatus is the status of payment id as cached, "" when not cached.
func (v *Views) cachedStatus(ctx context.Context, id string) string {
	var p struct {
		Status string `json:"status"`
	}
	if b, err := v.store.Get(ctx, paymentKey(cleanID(id))); err == nil && json.Unmarshal(b, &p) == nil {
		return p.Status
	}
	return ""
}

// load is the read-through: store, else one shared fetch that fills the store. When the store
// just failed the fetched value is not written back: a request waits on a failing Redis once (one
// command deadline), not once per command.
//
// The gateway's "no such object" (a 422, e.g. ERR_NO_PAYMENT) is kept too, for NotFoundTTL, under
// the same key: N requests for one unknown id cost one upstream call, and an unknown id is read
// from the cache like a known one.
//
// With keepLast, every value read is also kept as the object's last copy (LastTTL). When the
// gateway fails, or has not answered within StaleAfter, the last copy is returned with stale
// set: a payer who has seen the page keeps seeing it (marked as reconnecting) while the gateway is
// slow or down. The fetch goes on and fills the cache when the gateway answers.
func load[T any](ctx context.Context, v *Views, view, key string, keepLast bool, fetch func(context.Context) (T, error), ttl func(context.Context, T) time.Duration) (T, bool, error) {
	var zero T
	b, err := v.store.Get(ctx, key)
	if err == nil {
		if out, err, ok := decodeCached[T](b); ok {
			v.count(view, true)
			return out, false, err
		}
	} else if !errors.Is(err, ErrMiss) {
		v.log.Debug("cache read failed; reading from the gateway", "key", key, "err", err)
	}
	storeUp := err == nil || errors.Is(err, ErrMiss)
	v.count(view, false)
	ch := v.group.DoChan(key, func() (any, error) {
		// The fetch serves every waiter, so it must not die with the first caller's context.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), v.fetchTTL)
		defer cancel()
		gen := v.gens.current(key)
		// A caller that missed just before an earlier flight stored its value starts this one:
		// what that flight stored is the answer, and the gateway is not asked again.
		if storeUp {
			if b, err := v.store.Get(fctx, key); err == nil {
				if out, err, ok := decodeCached[T](b); ok {
					if err != nil {
						return nil, err
					}
					return out, nil
				}
			}
		}
		val, err := fetch(fctx)
		if err != nil {
			var rejected *gateway.Error
			if errors.As(err, &rejected) && storeUp && v.gens.current(key) == gen {
				v.putRejection(fctx, key, rejected)
			}
			return nil, err
		}
		if storeUp && v.gens.current(key) == gen {
			v.put(fctx, key, val, ttl(fctx, val))
			if keepLast {
				v.put(fctx, lastKey(key), val, v.ttl.LastTTL)
			}
		}
		return val, nil
	})
	var slow <-chan time.Time
	if keepLast {
		t := time.NewTimer(v.ttl.StaleAfter)
		defer t.Stop()
		slow = t.C
	}
	for {
		select {
		case r := <-ch:
			if r.Err == nil {
				return r.Val.(T), false, nil
			}
			var rejected *gateway.Error
			if keepLast && !errors.As(r.Err, &rejected) {
				if last, ok := lastCopy[T](ctx, v, key); ok {
					return last, true, nil
				}
			}
			return zero, false, r.Err
		case <-slow:
			slow = nil
			if last, ok := lastCopy[T](ctx, v, key); ok {
				return last, true, nil
			}
		case <-ctx.Done():
			return zero, false, ctx.Err()
		}
	}
}

// decodeCached reads a stored entry: a value, or a kept "not found" as its error; ok is false when
// the entry is unreadable and must be fetched again.
func decodeCached[T any](b []byte) (out T, rejected error, ok bool) {
	if e, isRejection := decodeRejection(b); isRejection {
		return out, e, true
	}
	if json.Unmarshal(b, &out) != nil {
		return out, nil, false
	}
	return out, nil, true
}

// lastCopy is the last value read of key, if it is kept.
func lastCopy[T any](ctx context.Context, v *Views, key string) (T, bool) {
	var out T
	b, err := v.store.Get(ctx, lastKey(key))
	if err != nil || json.Unmarshal(b, &out) != nil {
		return out, false
	}
	v.count("stale", true)
	return out, true
}

// rejectionMark starts a kept "not found": no JSON value starts with it.
const rejectionMark = '!'

func (v *Views) putRejection(ctx context.Context, key string, rejected *gateway.Error) {
	b, err := json.Marshal(rejected)
	if err != nil {
		return
	}
	if err := v.store.Set(ctx, key, append([]byte{rejectionMark}, b...), v.ttl.NotFoundTTL); err != nil {
		v.log.Debug("cache write failed", "key", key, "err", err)
	}
}

func decodeRejection(b []byte) (*gateway.Error, bool) {
	if len(b) == 0 || b[0] != rejectionMark {
		return nil, false
	}
	var e gateway.Error
	if json.Unmarshal(b[1:], &e) != nil || e.Code == "" {
		return nil, false
	}
	return &e, true
}

// put stores a value; a failure is only logged, the value was read and is returned anyway.
func (v *Views) put(ctx context.Context, key string, val any, ttl time.Duration) {
	b, err := json.Marshal(val)
	if err != nil {
		v.log.Error("cache: encode", "key", key, "err", err)
		return
	}
	if err := v.store.Set(ctx, key, b, ttl); err != nil {
		v.log.Debug("cache write failed", "key", key, "err", err)
	}
}

func (v *Views) count(view string, hit bool) {
	switch {
	case v.obs == nil:
	case hit:
		v.obs.CacheHit(view)
	default:
		v.obs.CacheMiss(view)
	}
}
