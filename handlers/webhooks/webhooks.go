// Package webhooks receives the remote gateway's signed notifications (POST /webhooks/gateway):
// it checks the signature, acknowledges at once, and then drops the cached copy of the payment it
// announces and tells that payment's pages to re-read. It is a sibling of the payer pages and of
// the /int API and imports neither.
package webhooks

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway/webhook"
)

// Invalidator drops cached objects (cache.Views does).
type Invalidator interface {
	InvalidatePayment(ctx context.Context, id string) error
	InvalidateDedicate(ctx context.Context, id string) error
}

// Deduper remembers a key for a while: SetNX reports false when it was already seen (cache.Store
// does, on Redis across replicas).
type Deduper interface {
	SetNX(ctx context.Context, key string, value []byte, ttl time.Duration) (bool, error)
}

// Publisher tells the pages that a topic changed (live.Hub and live.RedisHub do).
type Publisher interface {
	Publish(topic string)
}

// Observer counts webhooks: delivered ones by kind (accepted, duplicate, ignored) and refused ones
// by reason (signature, too_large).
type Observer interface {
	WebhookDelivered(kind string)
	WebhookFailed(reason string)
}

// Kinds and reasons reported to an Observer.
const (
	KindAccepted    = "accepted"
	KindDuplicate   = "duplicate"
	KindIgnored     = "ignored" // signed, but announces nothing we cache
	ReasonSignature = "signature"
	ReasonTooLarge  = "too_large"
)

// Defaults.
const (
	DefaultMaxBody   = 64 << 10
	DefaultDedupeTTL = 24 * time.Hour
	refreshTimeout   = 5 * time.Second
	// SignatureHeader carries the lowercase hex HMAC-SHA256 of the raw body (seed: "Webhooks"):
	// the header the gateway's sender sets.
	SignatureHeader = webhook.SignatureHeader
	// Path is where the gateway's webhook_url should point.
	Path = "/webhooks/gateway"
)

// Learner remembers which store a payment or dedicated address belongs to (cache.Directory does),
// so that pages find it without asking every store. kind is "payment" or "dedicate".
type Learner interface {
	Learn(ctx context.Context, kind, id, storeID string)
}

// Config configures the receiver.
type Config struct {
	// Secret is GATEWAY_WEBHOOK_SECRET, the one store's key of the signatures in the GATEWAY_API_*
	// shorthand: it verifies every webhook.
	Secret string
	// StoreSecrets are the webhook secrets of the stores file's stores, by store id: a webhook is
	// verified with the secret of the store its body names. Secret or StoreSecrets is required.
	StoreSecrets map[string]string
	// Learner, when set, is told the store of every object a verified webhook names.
	Learner   Learner
	Cache     Invalidator
	Dedupe    Deduper
	Hub       Publisher
	MaxBody   int           // larger bodies are refused with 413 (default 64 KiB)
	DedupeTTL time.Duration // how long a body is remembered (default 24 h)
	Observer  Observer
	Log       *slog.Logger
}

// Handler receives webhooks.
type Handler struct {
	cfg     Config
	secret  string            // the shorthand's, "" with a stores file
	secrets map[string]string // by store id, never ""
	wg      sync.WaitGroup
}

// New checks cfg and returns the receiver. Without a secret nothing could be verified, so there
// is no receiver: the pages then rely on polling.
func New(cfg Config) (*Handler, error) {
	if cfg.Secret == "" && len(cfg.StoreSecrets) == 0 {
		return nil, errors.New("webhooks: a webhook secret (GATEWAY_WEBHOOK_SECRET or a store's webhook_secret) is required to receive webhooks")
	}
	if cfg.Cache == nil || cfg.Dedupe == nil || cfg.Hub == nil {
		return nil, errors.New("webhooks: Cache, Dedupe and Hub are required")
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	if cfg.DedupeTTL <= 0 {
		cfg.DedupeTTL = DefaultDedupeTTL
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	h := &Handler{cfg: cfg, secret: cfg.Secret, secrets: map[string]string{}}
	for id, s := range cfg.StoreSecrets {
		if s != "" {
			h.secrets[strings.ToLower(id)] = s
		}
	}
	return h, nil
}

// Register mounts POST /webhooks/gateway on r.
func (h *Handler) Register(r fiber.Router) { r.Post(Path, h.receive) }

// Wait waits for the refreshes of webhooks already acknowledged (for shutdown and tests).
func (h *Handler) Wait() { h.wg.Wait() }

func (h *Handler) delivered(kind string) {
	if h.cfg.Observer != nil {
		h.cfg.Observer.WebhookDelivered(kind)
	}
}

func (h *Handler) failed(reason string) {
	if h.cfg.Observer != nil {
		h.cfg.Observer.WebhookFailed(reason)
	}
}
