package mail

import (
	"context"
	"errors"
	"log/slog"
	"net/mail"
	"sync"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// Remote mode has no outbox of its own: the replicas learn of changes from the gateway's webhooks
// and from polling, and whichever replica first claims an event sends its e-mail. The dedicated-
// address e-mail does not exist here: a replica never sees a dedicated address being created.

// Claimer grants a key to one caller across all replicas: SET key NX PX ttl on Redis, or the
// in-process store for a single replica (cache.Store does).
type Claimer interface {
	SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error)
}

// PaymentReader reads a payment and its transactions as the replica sees them (cache.Views).
type PaymentReader interface {
	Payment(ctx context.Context, id string) (gateway.Payment, error)
	Transactions(ctx context.Context, id string) ([]gateway.Transaction, error)
}

// StoreDirectory says whether a payment's store sends payer e-mails and what its e-mails say of
// it: the stores file's payer_emails and page settings, or GATEWAY_PAYER_EMAILS for one store.
type StoreDirectory interface {
	MailStore(p gateway.Payment) (Store, bool)
}

// RemoteConfig configures a Remote notifier.
type RemoteConfig struct {
	Payments  PaymentReader
	Stores    StoreDirectory
	Claims    Claimer
	Transport Transport
	Renderer  Renderer
	From      *mail.Address
	Prefix    string          // starts every claim key, for a Claimer that does not prefix keys itself
	ClaimTTL  time.Duration   // how long an event stays claimed; 30 days when 0
	Schedule  []time.Duration // retry waits; DefaultSchedule when nil
	Timeout   time.Duration   // per attempt; 60 s when 0
	Observer  Observer        // told of every attempt; may be nil
	Now       func() time.Time
	Log       *slog.Logger
}

// Remote sends the e-mails of the payment changes a replica observes. Observe may be called from
// many goroutines and replicas for the same change: one claim per event means one e-mail.
type Remote struct {
	cfg  RemoteConfig
	ctx  context.Context
	stop context.CancelFunc

	mu     sync.Mutex // guards closed and wg.Add against Close's wg.Wait
	closed bool
	wg     sync.WaitGroup
}

// NewRemote returns a notifier; Close stops its retries.
func NewRemote(cfg RemoteConfig) (*Remote, error) {
	if cfg.Payments == nil || cfg.Stores == nil || cfg.Claims == nil || cfg.Transport == nil || cfg.Renderer == nil || cfg.From == nil {
		return nil, errors.New("mail: a remote notifier needs payments, stores, claims, a transport, a renderer and a From address")
	}
	if cfg.ClaimTTL <= 0 {
		cfg.ClaimTTL = 30 * 24 * time.Hour
	}
	if cfg.Schedule == nil {
		cfg.Schedule = DefaultSchedule
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	ctx, stop := context.WithCancel(context.Background())
	return &Remote{cfg: cfg, ctx: ctx, stop: stop}, nil
}

// Close stops retrying and waits for the sends in flight.
func (r *Remote) Close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.stop()
	r.wg.Wait()
}

// goTrack runs f in the background unless the notifier is closed.
func (r *Remote) goTrack(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		f()
	}()
}

// Wait waits for the e-mails started so far to be sent or given up (tests).
func (r *Remote) Wait() { r.wg.Wait() }

// observeTimeout bounds one observation (a read of the payment and its transactions).
const observeTimeout = 15 * time.Second

// Notify observes payment id in the background, so the webhook receiver and the poller that
// learnt of a change are not held up by it.
func (r *Remote) Notify(id string) {
	r.goTrack(func() {
		ctx, cancel := context.WithTimeout(r.ctx, observeTimeout)
		defer cancel()
		r.Observe(ctx, id)
	})
}

// Observe looks at payment id as it is now and, when its state calls for an e-mail the store
// sends and no replica claimed yet, sends it in the background (retrying on failure).
func (r *Remote) Observe(ctx context.Context, id string) {
	p, err := r.cfg.Payments.Payment(ctx, id)
	if err != nil {
		r.cfg.Log.Debug("payer e-mail: payment not readable", "payment_id", id, "err", err)
		return
	}
	kind, ok := PaymentKind(p)
	if !ok || p.PayerEmail == "" {
		return
	}
	store, on := r.cfg.Stores.MailStore(p)
	if !on {
		return
	}
	to, ok := Recipient(p.PayerEmail)
	if !ok {
		r.cfg.Log.Warn("payer e-mail skipped: payer_email is not a plain address", "payment_id", p.PaymentID, "kind", kind)
		return
	}
	n := Notice{Kind: kind, To: to, Name: p.PayerName, Lang: p.PayerLang, Store: store, Payment: &p, CreatedAt: r.cfg.Now().Unix()}
	if kind == KindReceipt {
		n.ReceiptURL = ReceiptURL(p.PaymentURL)
	}
	if p.IPAmount.IsPositive() {
		if n.Txs, err = r.cfg.Payments.Transactions(ctx, id); err != nil {
			r.cfg.Log.Debug("payer e-mail: transactions not readable", "payment_id", id, "err", err)
			return // not claimed: the next observation tries again
		}
	}
	won, err := r.cfg.Claims.SetNX(ctx, r.cfg.Prefix+"mail:"+n.EventKey(), []byte("1"), r.cfg.ClaimTTL)
	if err != nil || !won {
		if err != nil {
			r.cfg.Log.Warn("payer e-mail: claim failed; another observation will try", "payment_id", id, "err", err)
		}
		return
	}
	msg, err := Compose(n, r.cfg.From, r.cfg.Renderer)
	if err != nil {
		r.cfg.Log.Error("payer e-mail cannot be written", "payment_id", id, "kind", kind, "err", err)
		return
	}
	r.goTrack(func() { r.deliver(n, msg) })
}

// deliver sends one claimed e-mail, retrying on the schedule until it is accepted, refused for
// good, or the process stops.
func (r *Remote) deliver(n Notice, msg []byte) {
	for attempt := 0; ; attempt++ {
		ctx, cancel := context.WithTimeout(r.ctx, r.cfg.Timeout)
		err := r.cfg.Transport.Send(ctx, r.cfg.From.Address, n.To, msg)
		cancel()
		var perm *PermanentError
		out := Outcome{Sent: err == nil, Failed: err != nil && (errors.As(err, &perm) || attempt >= len(r.cfg.Schedule))}
		observe(r.cfg.Observer, n.Kind, out)
		switch {
		case err == nil:
			r.cfg.Log.Info("payer e-mail sent", "payment_id", n.ObjectID(), "kind", n.Kind)
			return
		case errors.As(err, &perm), attempt >= len(r.cfg.Schedule):
			r.cfg.Log.Warn("payer e-mail given up", "payment_id", n.ObjectID(), "kind", n.Kind, "err", err)
			return
		}
		r.cfg.Log.Info("payer e-mail not sent; will retry", "payment_id", n.ObjectID(), "kind", n.Kind, "err", err)
		select {
		case <-r.ctx.Done():
			r.cfg.Log.Warn("payer e-mail not sent before shutdown", "payment_id", n.ObjectID(), "kind", n.Kind)
			return
		case <-time.After(r.cfg.Schedule[attempt]):
		}
	}
}

// Refresher is the poller's view of the cache (cache.Views): re-read a payment, say whether it
// changed.
type Refresher interface {
	Refresh(ctx context.Context, id string) (changed, final bool, err error)
}

// ObserveRefreshes returns a Refresher that tells r of every change the poller finds.
func ObserveRefreshes(next Refresher, r *Remote) Refresher { return refreshObserver{next, r} }

type refreshObserver struct {
	next Refresher
	r    *Remote
}

func (o refreshObserver) Refresh(ctx context.Context, id string) (bool, bool, error) {
	changed, final, err := o.next.Refresh(ctx, id)
	if err == nil && changed {
		o.r.Notify(id)
	}
	return changed, final, err
}

// Invalidator is the webhook receiver's view of the cache (cache.Views).
type Invalidator interface {
	InvalidatePayment(ctx context.Context, id string) error
	InvalidateDedicate(ctx context.Context, id string) error
}

// ObserveInvalidations returns an Invalidator that, after a webhook dropped a payment from the
// cache, reads it afresh and tells r.
func ObserveInvalidations(next Invalidator, r *Remote) Invalidator {
	return invalidationObserver{next, r}
}

type invalidationObserver struct {
	next Invalidator
	r    *Remote
}

func (o invalidationObserver) InvalidatePayment(ctx context.Context, id string) error {
	err := o.next.InvalidatePayment(ctx, id)
	if err == nil {
		o.r.Notify(id)
	}
	return err
}

func (o invalidationObserver) InvalidateDedicate(ctx context.Context, id string) error {
	return o.next.InvalidateDedicate(ctx, id)
}
