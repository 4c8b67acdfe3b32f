// Package engine is the embedded gateway: the business of the Integration API over stores,
// payments, dedicated addresses, the ledger, the outbox and emulated transactions, kept in SQLite
// (one process, no setup) or PostgreSQL (several processes on one database) through gateway/store.
// It knows nothing of HTTP, and no SQL: each area is a service of its own (payments, dedicates,
// ledger, stores, outbox, emulation) calling the store through an interface of only what it uses;
// Engine wires them and is what callers see.
package engine

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/cryptocheckout/checkout/gateway/rates"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// Config is what the engine needs from the process.
type Config struct {
	DataDir     string // the SQLite file lives here
	DatabaseURL string // a postgres:// URL: PostgreSQL instead of the SQLite file
	PublicURL   string // base of payment_url and qrcode_url
	Rates       *rates.Table
	Hub         Hub // told after every committed change; may be nil
	Log         *slog.Logger
	Now         func() time.Time // clock; time.Now when nil (tests move it)
	Readers     int              // read connections; 0 means a sensible default
}

// Hub is told the topic of every committed change (live.PaymentTopic, live.DedicateTopic) and hands
// out subscriptions to them: the in-process live.Hub, or a live.RedisHub shared by replicas.
type Hub interface {
	Publish(topic string)
	Subscribe(topic string) (<-chan struct{}, func())
	Notify(topic string, fn func()) func()
}

// Engine is the embedded gateway. Its methods are safe for concurrent use.
type Engine struct {
	db        *store.DB
	payments  *payments
	dedicates *dedicates
	ledger    *ledger
	stores    *stores
	outbox    *outbox
	emulation *emulation
	rates     *rates.Table
	hub       Hub
	log       *slog.Logger
	now       func() time.Time
	// queued wakes the webhook deliverer after a commit (publish); one pending signal is enough.
	queued chan struct{}
}

// DatabaseFile is the file name of the engine's database inside DataDir.
const DatabaseFile = "gateway.db"

// Open opens the database under cfg.DataDir, migrating it as needed.
func Open(ctx context.Context, cfg Config) (*Engine, error) {
	if cfg.Rates == nil {
		cfg.Rates = rates.Shipped()
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Readers <= 0 {
		cfg.Readers = 8
	}
	if cfg.PublicURL == "" {
		cfg.PublicURL = "http://localhost:8080"
	}
	db, err := store.Open(ctx, cfg.DatabaseURL, filepath.Join(cfg.DataDir, DatabaseFile), cfg.Readers)
	if err != nil {
		return nil, err
	}
	e := &Engine{
		db:     db,
		rates:  cfg.Rates,
		hub:    cfg.Hub,
		log:    cfg.Log,
		now:    func() time.Time { return cfg.Now().UTC().Truncate(time.Second) },
		queued: make(chan struct{}, 1),
	}
	e.wire(strings.TrimRight(cfg.PublicURL, "/"))
	return e, nil
}

// wire builds the services, each given what it uses.
func (e *Engine) wire(publicURL string) {
	views := views{publicURL: publicURL}
	e.stores = &stores{db: e.db, now: e.now}
	e.outbox = &outbox{db: e.db, views: views, now: e.now, log: e.log, wake: e.wakeDeliverer}
	e.ledger = &ledger{db: e.db, rates: e.rates, now: e.now, webhooks: e.outbox, wake: e.wakeDeliverer}
	e.dedicates = &dedicates{db: e.db, views: views, now: e.now, mails: e.outbox, publish: e.publish}
	e.payments = &payments{db: e.db, views: views, rates: e.rates, now: e.now, publish: e.publish,
		credits: e.ledger, notices: e.outbox, assign: e.dedicates}
	e.emulation = &emulation{db: e.db, views: views, now: e.now, publish: e.publish, payments: e.payments}
}

// Close closes the database.
func (e *Engine) Close() error {
	if err := e.db.Close(); err != nil {
		return fmt.Errorf("engine: close: %w", err)
	}
	return nil
}

// Ping reports whether the database answers.
func (e *Engine) Ping(ctx context.Context) error { return e.db.Ping(ctx) }

// OnFirstStart runs fn while no other process starting on the same database runs its own: on
// PostgreSQL under an advisory lock, so of N processes started at once on an empty database one
// creates the first test store and the others find it. On SQLite one process owns the file.
func (e *Engine) OnFirstStart(ctx context.Context, fn func() error) error {
	return e.db.OnFirstStart(ctx, fn)
}

// Rates returns the rate table in use.
func (e *Engine) Rates() *rates.Table { return e.rates }

// publish tells subscribers that topics changed. Call it only after the change is committed.
// Changes are what queue webhooks, so it also wakes the deliverer.
func (e *Engine) publish(topics ...string) {
	e.wakeDeliverer()
	if e.hub == nil {
		return
	}
	for _, t := range topics {
		e.hub.Publish(t)
	}
}
