// Package payer serves the pages payers see: the payment page and the dedicated-address page, each
// with its live stream, QR code and test tools, the static files they use, and friendly error pages. It is a sibling of the /int API
// (handlers/api): both sit on the gateway and neither imports the other. The pages read the gateway
// through the one small interface below, which the embedded engine satisfies and a remote
// gateway client will, so the pages never know which one is behind them.
package payer

import (
	"context"
	"log/slog"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
)

// Gateway is what the payer pages need of a gateway.
type Gateway interface {
	// PaymentView returns a payment for the payer holding its code; an unknown id and a wrong code
	// are the same ERR_NO_PAYMENT.
	PaymentView(ctx context.Context, id, code string) (gateway.PaymentView, error)
	// DedicateView returns a dedicated address for its page, or ERR_NO_DEDICATE.
	DedicateView(ctx context.Context, id string) (gateway.DedicateView, error)
	// QuoteDue converts what a dedicated-address link asks for into the address's asset, rounded
	// up at its precision; a *gateway.Error when the assets cannot be converted.
	QuoteDue(ctx context.Context, amount gateway.Amount, from, to string) (gateway.Amount, error)
	// Subscribe signals every change of a topic (live.PaymentTopic, live.DedicateTopic) until the
	// returned function is called.
	Subscribe(topic string) (<-chan struct{}, func())
	// Notify calls fn on every change of a topic until the returned function is called; fn must
	// return at once (the live feeds, thousands of which wait without a goroutine each).
	Notify(topic string, fn func()) func()
	// PaymentTestAction runs a test tool of a test store's payment, authorised by the code;
	// ERR_NOT_TEST_STORE for live stores.
	PaymentTestAction(ctx context.Context, id, code string, action gateway.TestAction) error
	// DedicateTestAction runs a test tool of a test store's dedicated address (TestPayFull sends
	// amount; the confirm actions mine blocks); ERR_NOT_TEST_STORE for live stores.
	DedicateTestAction(ctx context.Context, id string, action gateway.TestAction, amount gateway.Amount) error
}

// Config is what the pages need from the process. Zero durations take the defaults.
type Config struct {
	Gateway   Gateway
	Catalog   *locales.Catalog
	Log       *slog.Logger
	PublicURL string           // the site's own origin, accepted as Origin of the test tools' forms
	Now       func() time.Time // clock of the countdown; time.Now when nil
	// CallTimeout bounds one gateway call of a page (default 10 s); beyond it the page answers 503.
	CallTimeout time.Duration
	// Heartbeat is the interval of the comment lines that keep a live stream open through proxies
	// and find clients that left (default 15 s).
	Heartbeat time.Duration
	// StreamLifetime ends a live stream after this long (default 30 min); the browser reconnects,
	// which bounds how long a forgotten tab holds resources.
	StreamLifetime time.Duration
	// MaxStreams caps open live streams; beyond it new streams get 503 and the browser retries
	// later, while pages keep working with their periodic refresh. The default follows the open-file
	// limit, leaving a tenth of it (at least 256 descriptors) for everything else.
	MaxStreams int
	// MaxStreamsPerIP caps the live streams of one client address (default 32: a household or an
	// office behind one address, several tabs each); beyond it new streams get 429.
	MaxStreamsPerIP int
	// ClientIP names the client of a request for MaxStreamsPerIP (behind trusted proxies, from
	// X-Forwarded-For); nil takes the connection's address.
	ClientIP func(c *fiber.Ctx) string
	// NoTestTools hides the test stores' test tools and refuses their requests (404): in remote
	// mode a real gateway's test store is driven through its own tools, not through ours.
	NoTestTools bool
	// Streams is told of every live stream that opens (and, through the returned function, closes),
	// for the open-streams gauge; nil counts nothing.
	Streams StreamObserver
	// Watcher, when set, is told which payments and dedicated addresses payers are watching live:
	// the shared poller of remote mode reads them from the gateway while their streams are open.
	// nil in embedded mode, where the engine itself announces every change.
	Watcher Watcher
	// Logos serves the stores' logos (/logo/{hash}.png); nil serves none, and pages then show no
	// logo even when a store names one.
	Logos LogoSource
	// Onramp builds the card on-ramp providers' links of fiat payments; nil offers none (test
	// stores still get the emulated provider where test tools are on).
	Onramp Onramp
}

// Watcher polls a payment, or a dedicated address and its payments, until the returned function
// is called (gateway/poll does).
type Watcher interface {
	Watch(paymentID string) (stop func())
	WatchDedicate(dedicateID string) (stop func())
}

// StreamObserver counts open live streams (handlers/metrics does).
type StreamObserver interface {
	StreamOpened() (closed func())
}

// Handler serves the payer pages.
type Handler struct {
	gw           Gateway
	catalog      *locales.Catalog
	log          *slog.Logger
	publicOrigin string // scheme://host[:port] of PublicURL
	now          func() time.Time
	cfg          Config

	qr      *qrCache
	logos   *logoRegistry // logos that came with the views' bytes
	pages   *pageCache    // rendered payment pages, dropped when their payment changes
	feeds   feeds         // live streams of one payment share one subscription and one read per change
	slots   *streamSlots
	reads   *readPool   // the gateway reads of live streams
	closed  atomic.Bool // Close was called: streams end
	noCards sync.Map    // provider+reason already logged as "pay by card not offered"
	closing sync.Once
	// ownsHijacked: the server leaves hijacked connections open when their handler returns (see
	// Register), so a stream needs no goroutine of fasthttp's.
	ownsHijacked bool
}

// New returns the payer pages' handler.
func New(cfg Config) *Handler {
	if cfg.Catalog == nil {
		cfg.Catalog = locales.MustLoad()
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 10 * time.Second
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 15 * time.Second
	}
	if cfg.StreamLifetime <= 0 {
		cfg.StreamLifetime = 30 * time.Minute
	}
	if cfg.MaxStreams <= 0 {
		cfg.MaxStreams = defaultMaxStreams(openFileLimit())
	}
	if cfg.MaxStreamsPerIP <= 0 {
		cfg.MaxStreamsPerIP = 32
	}
	if cfg.ClientIP == nil {
		cfg.ClientIP = func(c *fiber.Ctx) string { return c.IP() }
	}
	h := &Handler{
		gw: cfg.Gateway, catalog: cfg.Catalog, log: cfg.Log, publicOrigin: originOf(cfg.PublicURL), now: cfg.Now, cfg: cfg,
		qr:    newQRCache(qrCacheEntries),
		logos: newLogoRegistry(),
		pages: newPageCache(pageCacheTTL, pageCacheEntries),
		slots: newStreamSlots(cfg.MaxStreams, cfg.MaxStreamsPerIP, cfg.Streams),
	}
	h.reads = newReadPool(streamReaders, func(v any) { h.log.Error("live stream read panicked", "panic", v) })
	return h
}

// streamReaders is how many gateway reads of live streams run at once: twice the engine's read
// connections, so the pool is never what waits.
const streamReaders = 16

// Register mounts the pages on r (the application's root). Pages are compressed; the live stream
// is not (every event must leave at once) and neither are PNGs (already compressed) or static files
// (stored compressed). When r is the app itself, its server is told to leave hijacked connections to
// their handler (only live streams hijack), which lets a stream free the request's memory.
func (h *Handler) Register(r fiber.Router) {
	if app, ok := r.(*fiber.App); ok {
		app.Server().KeepHijackedConns = true
		h.ownsHijacked = true
	}
	zip := compress.New()
	r.Get("/", zip, h.rememberLanguage, h.showIndex)
	r.Get("/payment/:id", h.rememberLanguage, h.showPayment) // compressed by the page cache
	r.Get("/payment/:id/receipt", zip, h.rememberLanguage, h.showReceipt)
	r.Get("/payment/:id/events", h.paymentEvents)
	r.Get("/payment/:id/qr.png", h.paymentQR)
	r.Post("/payment/:id/test/:action", h.paymentTestAction)
	r.Post("/payment/:id/onramp", h.paymentOnramp)
	r.Get("/onramp/test/:id", zip, h.showOnrampTest)
	r.Post("/onramp/test/:id", h.payOnrampTest)
	r.Get("/dedicate/:id", zip, h.rememberLanguage, h.showDedicate)
	r.Get("/dedicate/:id/events", h.dedicateEvents)
	r.Get("/dedicate/:id/qr.png", h.dedicateQR)
	r.Post("/dedicate/:id/test/:action", h.dedicateTestAction)
	r.Get("/static/:file", h.serveStatic)
	r.Get(brandPrefix+":file", h.serveBrand)
	r.Get(logoPrefix+":file", h.serveLogo)
}

// Close ends every live stream, so that the server's graceful shutdown is not held up by them.
// Call it before shutting the server down.
func (h *Handler) Close() {
	h.closing.Do(func() {
		h.closed.Store(true)
		h.wakeAll()
		h.reads.close()
		h.pages.close()
	})
}

// originOf returns the scheme://host[:port] of an absolute URL, "" for anything else.
func originOf(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Scheme == "" || p.Host == "" {
		return ""
	}
	return p.Scheme + "://" + p.Host
}

// survive logs a panic of a goroutine of ours instead of letting it end the process; deferred at
// the top of goroutines the server's recovery does not cover (live streams and feeds).
func (h *Handler) survive(what, paymentID string) {
	if r := recover(); r != nil {
		h.log.Error(what+" panicked", "payment_id", paymentID, "panic", r)
	}
}

// testTools reports whether test stores' pages offer their test tools.
func (h *Handler) testTools() bool { return !h.cfg.NoTestTools }

// callContext bounds one gateway call of a request. It carries the seed's `oi` parameter (the
// store, in qrcode_urls) as a hint: a remote gateway of many stores asks that store first.
func (h *Handler) callContext(c *fiber.Ctx) (context.Context, context.CancelFunc) {
	return context.WithTimeout(gateway.WithStoreHint(c.UserContext(), c.Query("oi")), h.cfg.CallTimeout)
}
