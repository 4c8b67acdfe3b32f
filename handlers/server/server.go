package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/rates"
	"github.com/cryptocheckout/checkout/gateway/webhook"
	"github.com/cryptocheckout/checkout/handlers/api"
	"github.com/cryptocheckout/checkout/handlers/payer"
	"github.com/cryptocheckout/checkout/locales"
)

// Main is the whole program, so that tests can start the real thing in-process.
type Main struct {
	Config Config
	Log    *slog.Logger
	Out    io.Writer // where first-start credentials are printed

	Engine *engine.Engine
	Hub    *live.Hub
	payer  *payer.Handler
	app    *fiber.App
	ln     net.Listener
	stop   context.CancelFunc
	wg     sync.WaitGroup
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

// Open opens the gateway, starts listening and starts background work.
func (m *Main) Open(ctx context.Context) error {
	table, err := rates.Load(m.Config.RatesFile)
	if err != nil {
		return err
	}
	schedule, err := webhook.ParseSchedule(m.Config.WebhookRetrySchedule)
	if err != nil {
		return fmt.Errorf("WEBHOOK_RETRY_SCHEDULE: %w", err)
	}
	m.Hub = live.NewHub()
	m.Engine, err = engine.Open(ctx, engine.Config{
		DataDir: m.Config.DataDir, PublicURL: m.Config.PublicURL, Rates: table, Hub: m.Hub, Log: m.Log,
	})
	if err != nil {
		return err
	}
	if err := bootstrapStore(ctx, m.Engine, m.Config.Store, m.Config.PublicURL, m.Out); err != nil {
		m.Engine.Close()
		return err
	}
	m.app = m.newApp()
	m.ln, err = net.Listen("tcp", m.Config.ListenAddr)
	if err != nil {
		m.Engine.Close()
		return fmt.Errorf("server: listen on %s: %w", m.Config.ListenAddr, err)
	}
	bg, stop := context.WithCancel(context.Background())
	m.stop = stop
	deliverer := m.Engine.NewDeliverer(engine.DeliveryConfig{Schedule: schedule, AllowPrivate: m.Config.WebhookAllowPrivate})
	m.wg.Add(3)
	go func() {
		defer m.wg.Done()
		if err := m.app.Listener(m.ln); err != nil {
			m.Log.Error("http server stopped", "err", err)
		}
	}()
	go func() {
		defer m.wg.Done()
		m.Engine.RunScheduler(bg, schedulerPeriod)
	}()
	go func() {
		defer m.wg.Done()
		deliverer.Run(bg)
	}()
	m.Log.Info("listening", "addr", m.ln.Addr().String(), "public_url", m.Config.PublicURL, "data_dir", m.Config.DataDir)
	return nil
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
// database. It is safe to call once after Open.
func (m *Main) Close() error {
	var errs []error
	if m.payer != nil {
		m.payer.Close() // live streams would otherwise hold the graceful shutdown until its timeout
	}
	if m.app != nil {
		if err := m.app.ShutdownWithTimeout(shutdownTimeout); err != nil {
			errs = append(errs, err)
		}
	}
	if m.stop != nil {
		m.stop()
	}
	m.wg.Wait()
	if m.Engine != nil {
		if err := m.Engine.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (m *Main) newApp() *fiber.App {
	app := fiber.New(fiber.Config{
		AppName:               "checkout",
		DisableStartupMessage: true,
		BodyLimit:             bodyLimit,
		ReadTimeout:           readTimeout,
		WriteTimeout:          writeTimeout,
		IdleTimeout:           idleTimeout,
		ErrorHandler:          m.handleError,
	})
	// recover turns a handler's panic into an error: logged, and answered like any other failure
	// (a translated 503 page for people, ERR_INTERNAL for the API) instead of killing the process.
	app.Use(m.logRequests, secureHeaders, recover.New())
	app.Get("/healthz", m.healthz)
	app.Get("/readyz", m.readyz)
	m.payer = payer.New(payer.Config{Gateway: m.Engine, Catalog: locales.MustLoad(), Log: m.Log, PublicURL: m.Config.PublicURL})
	// The qrcode_url is public, authorised by the payment's code: registered before the /int group
	// so the API's authentication never runs for it.
	app.Get("/int/payment/:id/qrcode", m.payer.QRCode)
	app.Get("/int/dedicate/:id/qrcode", m.payer.DedicateQRCode)
	api.New(m.Engine, m.Log).Register(app.Group("/int"))
	m.payer.Register(app)
	return app
}

// handleError answers every error a handler returned: JSON for the API, a translated page for people.
func (m *Main) handleError(c *fiber.Ctx, err error) error {
	if strings.HasPrefix(c.Path(), "/int/") || c.Path() == "/int" {
		return api.WriteError(c, err, m.Log)
	}
	return m.payer.HandleError(c, err)
}
