package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"github.com/redis/go-redis/v9"

	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/live"
	gmail "github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/gateway/poll"
	"github.com/cryptocheckout/checkout/gateway/rates"
	"github.com/cryptocheckout/checkout/gateway/webhook"
	"github.com/cryptocheckout/checkout/handlers/api"
	"github.com/cryptocheckout/checkout/handlers/metrics"
	"github.com/cryptocheckout/checkout/handlers/payer"
	"github.com/cryptocheckout/checkout/handlers/webhooks"
	"github.com/cryptocheckout/checkout/locales"
)

// Main is the whole program, so that tests can start the real thing in-process. It runs in one of
// two modes (SPEC "Two ways to run"): the embedded gateway with its /int API, or, with
// GATEWAY_URL, the payer pages alone in front of a remote gateway.
type Main struct {
	Config Config
	Log    *slog.Logger
	Out    io.Writer // where first-start credentials are printed

	Engine  *engine.Engine // nil in remote mode
	Hub     Hub
	Metrics *metrics.Metrics

	redis    redis.UniversalClient // nil without REDIS_URL
	redisHub *live.RedisHub        // likewise
	store    cache.Store           // Redis or in-process
	remotes  []remoteStore         // remote mode only: each configured store
	poller   *poll.Poller          // likewise
	webhooks *webhooks.Handler     // remote mode with a webhook secret only
	payer    *payer.Handler
	catalog  *locales.Catalog
	// E-mails to payers: the From address, the retry schedule (tests shorten it) and, in remote
	// mode, the notifier of observed changes.
	mailFrom     *mail.Address
	mailSchedule []time.Duration
	remoteMail   *gmail.Remote
	app          *fiber.App
	ln           net.Listener
	metrics      *http.Server // on METRICS_ADDR; nil without it
	metricLn     net.Listener
	stop         context.CancelFunc
	wg           sync.WaitGroup
	closing      atomic.Bool
	failed       chan error
}

// Timeouts of the HTTP server. Live streams outlive them (they are written by a stream writer
// that does not count as one slow response).
const (
	readTimeout     = 15 * time.Second
	writeTimeout    = 40 * time.Second // above the API's 30 s call limit
	idleTimeout     = 120 * time.Second
	bodyLimit       = 64 << 10
	schedulerPeriod = time.Second
	shutdownTimeout = 10 * time.Second
)

// New returns a program for cfg; nothing runs until Open.
func New(cfg Config, log *slog.Logger, out io.Writer) *Main {
	return &Main{Config: cfg, Log: log, Out: out}
}

// Open opens the gateway (embedded or remote), starts listening and starts background work. When
// it fails, everything it opened is closed again.
func (m *Main) Open(ctx context.Context) (err error) {
	table, err := rates.Load(m.Config.RatesFile)
	if err != nil {
		return err
	}
	schedule, err := webhook.ParseSchedule(m.Config.WebhookRetrySchedule)
	if err != nil {
		return fmt.Errorf("WEBHOOK_RETRY_SCHEDULE: %w", err)
	}
	if m.Config.MailRetrySchedule != "" { // else the mail package's own schedule
		if m.mailSchedule, err = webhook.ParseSchedule(m.Config.MailRetrySchedule); err != nil {
			return fmt.Errorf("MAIL_RETRY_SCHEDULE: %w", err)
		}
	}
	m.Metrics = metrics.New()
	m.catalog = locales.MustLoad()
	if err := m.openShared(); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			m.closeBackends()
		}
	}()
	var gw payer.Gateway
	if m.Config.RemoteMode() {
		gw, err = m.openRemote()
	} else {
		gw, err = m.openEmbedded(ctx, table)
	}
	if err != nil {
		return err
	}
	m.app = m.newApp(gw)
	if err := m.listen(); err != nil {
		return err
	}
	bg, stop := context.WithCancel(context.Background())
	m.stop = stop
	m.failed = make(chan error, 2)
	public := newGuardedListener(m.ln, m.Config.MaxConns, m.Config.MaxConnsPerIP, m.Log, m.Metrics)
	m.background(func() { m.stopped("http server", m.app.Listener(public)) })
	if m.metrics != nil {
		m.background(func() { m.stopped("metrics server", m.metrics.Serve(m.metricLn)) })
	}
	if m.Engine != nil {
		deliverer := m.Engine.NewDeliverer(engine.DeliveryConfig{
			Schedule: schedule, Private: m.Config.WebhookAllowPrivate, Observer: m.Metrics,
		})
		m.background(func() { m.Engine.RunScheduler(bg, schedulerPeriod) })
		m.background(func() { deliverer.Run(bg) })
		if err := m.startEmbeddedMail(bg, m.catalog); err != nil {
			return err
		}
	}
	if m.poller != nil {
		m.background(func() { m.poller.Run(bg) })
	}
	m.Log.Info("listening", "addr", m.ln.Addr().String(), "public_url", m.Config.PublicURL,
		"mode", m.mode(), "redis", m.Config.RedisURL != "", "metrics_addr", m.MetricsAddr(),
		"max_conns", m.Config.MaxConns, "max_conns_per_ip", m.Config.MaxConnsPerIP)
	return nil
}

// listen opens the public listener and, with METRICS_ADDR, the metrics listener.
func (m *Main) listen() error {
	var err error
	if m.ln, err = net.Listen("tcp", m.Config.ListenAddr); err != nil {
		return fmt.Errorf("server: listen on %s: %w", m.Config.ListenAddr, err)
	}
	if m.Config.MetricsAddr == "" {
		return nil
	}
	if m.metricLn, err = net.Listen("tcp", m.Config.MetricsAddr); err != nil {
		m.ln.Close()
		return fmt.Errorf("server: METRICS_ADDR %s: %w", m.Config.MetricsAddr, err)
	}
	m.metrics = &http.Server{Handler: m.Metrics.Server(), ReadHeaderTimeout: readTimeout, IdleTimeout: idleTimeout}
	return nil
}

// stopped is called when a server returns. Unless Close asked for it, that is a failure the
// process cannot recover from by itself: Failed reports it, so that main exits non-zero and a
// supervisor restarts the process, instead of it living on with a listener nobody answers.
func (m *Main) stopped(what string, err error) {
	if m.closing.Load() {
		return
	}
	if err == nil || errors.Is(err, http.ErrServerClosed) {
		err = errors.New("stopped without being asked to")
	}
	err = fmt.Errorf("server: %s: %w", what, err)
	m.Log.Error("server stopped unexpectedly", "err", err)
	select {
	case m.failed <- err:
	default:
	}
}

// Failed delivers an error when a server stopped without Close being called.
func (m *Main) Failed() <-chan error { return m.failed }

// MetricsAddr is the address /metrics is served on, "" when it is not served.
func (m *Main) MetricsAddr() string {
	if m.metricLn == nil {
		return ""
	}
	return m.metricLn.Addr().String()
}

// background runs f until it returns; Close waits for it.
func (m *Main) background(f func()) {
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		f()
	}()
}

func (m *Main) mode() string {
	if m.Config.RemoteMode() {
		return "remote gateway " + m.Config.GatewayURL
	}
	return "embedded gateway in " + m.Config.DataDir
}

// Addr is the address the server listens on (useful with port 0).
func (m *Main) Addr() string { return m.ln.Addr().String() }

// URL is the base URL of the running server on loopback.
func (m *Main) URL() string {
	addr := m.Addr()
	if strings.HasPrefix(addr, "[::]") || strings.HasPrefix(addr, "0.0.0.0") {
		_, port, _ := net.SplitHostPort(addr)
		addr = "127.0.0.1:" + port
	}
	return "http://" + addr
}

// Close stops accepting requests, lets running ones finish, stops background work and closes the
// database and Redis. It is safe to call once after Open.
func (m *Main) Close() error {
	m.closing.Store(true)
	var errs []error
	if m.metrics != nil {
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		if err := m.metrics.Shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
		cancel()
	}
	if m.payer != nil {
		m.payer.Close() // live streams would otherwise hold the graceful shutdown until its timeout
	}
	if m.app != nil {
		if err := m.app.ShutdownWithTimeout(shutdownTimeout); err != nil {
			errs = append(errs, err)
		}
	}
	if m.ln != nil {
		// Shutdown closes only the listeners fasthttp has started serving: a Close right after Open
		// could come first, and Serve would then block on a listener nobody closes.
		m.ln.Close()
	}
	if m.stop != nil {
		m.stop()
	}
	m.wg.Wait()
	if m.webhooks != nil {
		m.webhooks.Wait() // refreshes of webhooks already acknowledged still use the hub and cache
	}
	if m.remoteMail != nil {
		m.remoteMail.Close() // its reads use the cache
	}
	errs = append(errs, m.closeBackends()...)
	return errors.Join(errs...)
}

// closeBackends closes the engine and the shared Redis parts.
func (m *Main) closeBackends() []error {
	var errs []error
	if m.Engine != nil {
		if err := m.Engine.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return append(errs, m.closeShared()...)
}

func (m *Main) newApp(gw payer.Gateway) *fiber.App {
	app := fiber.New(fiber.Config{
		AppName:               "checkout",
		DisableStartupMessage: true,
		BodyLimit:             bodyLimit,
		ReadTimeout:           readTimeout,
		WriteTimeout:          writeTimeout,
		IdleTimeout:           idleTimeout,
		ErrorHandler:          m.handleError,
	})
	// Metrics outermost, so every request is timed with the status finally sent. recover turns a
	// handler's panic into an error: logged, and answered like any other failure (a translated 503
	// page for people, ERR_INTERNAL for the API) instead of killing the process.
	app.Use(m.Metrics.Middleware(), m.logRequests, secureHeaders, recover.New())
	app.Get("/healthz", m.healthz)
	app.Get("/readyz", m.readyz)
	// No /metrics here: it is served on METRICS_ADDR only, never to the public.
	pages := payer.Config{
		Gateway: gw, Catalog: m.catalog, Log: m.Log, PublicURL: m.Config.PublicURL,
		NoTestTools: m.Config.RemoteMode(), Streams: m.Metrics, MaxStreamsPerIP: m.Config.StreamsPerIP,
		ClientIP: m.Config.TrustedProxies.ClientIP,
	}
	if m.poller != nil {
		pages.Watcher = m.poller // live streams have the shared poller read what they watch
	}
	if m.Engine != nil {
		pages.Logos = m.Engine // the stores' uploaded logos; in remote mode they come with the views (stores file)
	}
	if ramps := m.onramps(); ramps != nil {
		pages.Onramp = ramps
	}
	m.payer = payer.New(pages)
	limit := m.newLimits()
	// The qrcode_urls are public, authorised like their pages: registered before the /int group so
	// the API's authentication never runs for them. In remote mode they are served too, so that a
	// gateway whose payer URLs point at this checkout has its qrcode_urls (with the seed's `oi`,
	// the store) answered here, by the pages' own cache. Their 404s count as guesses, like the pages'.
	app.Get("/int/payment/:id/qrcode", limit.notFound, m.payer.QRCode)
	app.Get("/int/dedicate/:id/qrcode", limit.notFound, m.payer.DedicateQRCode)
	if m.Engine != nil {
		app.Use("/int", limit.auth)
		api.New(m.Engine, m.Log).Register(app.Group("/int"))
	}
	if m.webhooks != nil {
		m.webhooks.Register(app)
	}
	app.Use("/payment", limit.notFound)
	app.Use("/dedicate", limit.notFound)
	m.payer.Register(app)
	return app
}

// handleError answers every error a handler returned, and those fasthttp met before any handler
// ran (a body over the limit: 413): JSON on the JSON endpoints (the API, the webhook receiver), a
// translated page for people.
func (m *Main) handleError(c *fiber.Ctx, err error) error {
	switch p := c.Path(); {
	case strings.HasPrefix(p, "/int/") || p == "/int":
		return api.WriteError(c, err, m.Log)
	case m.webhooks != nil && p == webhooks.Path:
		return m.webhooks.HandleError(c, err)
	}
	return m.payer.HandleError(c, err)
}
