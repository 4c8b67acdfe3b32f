// Package engine is the embedded gateway: stores, payments and their emulated transactions kept in
// SQLite (one process, no setup) or PostgreSQL (several processes on one database), with the
// business rules of the Integration API. It knows nothing of HTTP.
package engine

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"time"

	"github.com/cryptocheckout/checkout/gateway/rates"
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
}

// Engine is the embedded gateway. Its methods are safe for concurrent use.
type Engine struct {
	db        *DB
	publicURL string
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
	db, err := openDB(ctx, cfg.DatabaseURL, filepath.Join(cfg.DataDir, DatabaseFile), cfg.Readers)
	if err != nil {
		return nil, err
	}
	return &Engine{
		db:        db,
		publicURL: strings.TrimRight(cfg.PublicURL, "/"),
		rates:     cfg.Rates,
		hub:       cfg.Hub,
		log:       cfg.Log,
		now:       func() time.Time { return cfg.Now().UTC().Truncate(time.Second) },
		queued:    make(chan struct{}, 1),
	}, nil
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
