// Package server assembles the process: configuration, the gateway behind the pages, the HTTP
// server with its routes, background work, and orderly shutdown.
package server

import (
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/gateway/onramp"
	"github.com/cryptocheckout/checkout/gateway/poll"
	"github.com/cryptocheckout/checkout/gateway/remote"
	"github.com/cryptocheckout/checkout/gateway/webhook"
	"github.com/cryptocheckout/checkout/handlers/throttle"
)

// Config is the process configuration, read from the environment (SPEC "Process configuration").
type Config struct {
	ListenAddr           string
	PublicURL            string
	DataDir              string
	DatabaseURL          string // postgres://…: the embedded gateway's database instead of DATA_DIR's SQLite file
	RedisURL             string
	RedisPrefix          string // starts every Redis key and channel: deployments sharing a Redis differ here
	GatewayURL           string
	GatewayAPIKey        string
	GatewayAPISecret     string
	GatewayWebhookSecret string
	GatewayStoresFile    string
	// Stores are the stores served in remote mode: those of GATEWAY_STORES_FILE, or the one of the
	// GATEWAY_API_* shorthand.
	Stores               []remote.StoreConfig
	PollInterval         time.Duration // remote mode: how often a watched page's objects are read, across replicas
	PollMaxRPS           int           // remote mode: the pollers of all replicas call the gateway at most this often per second
	StreamsPerIP         int           // live streams one client address may hold at once
	RatesFile            string
	LogLevel             slog.Level
	WebhookRetrySchedule string
	WebhookAllowPrivate  webhook.PrivateTargets // which stores' webhooks may reach private addresses
	// MetricsAddr is where /metrics is served, on a listener of its own; "" serves it nowhere.
	MetricsAddr string
	// MaxConns caps the public listener's open connections (0: none); MaxConnsPerIP caps them per
	// client address (0: none).
	MaxConns, MaxConnsPerIP int
	// AuthFailureLimit limits an address's failed /int authentications (401s); NotFoundLimit its
	// 404s on payer pages (unknown payments, wrong codes). A zero Limit is no limit.
	AuthFailureLimit, NotFoundLimit throttle.Rule
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client.
	TrustedProxies throttle.Proxies
	// Store holds the STORE_* values that fix the first test store.
	Store StoreBootstrap
	// SMTP is SMTP_URL, nil without it: e-mails to payers then stay in the outbox.
	SMTP *mail.SMTPConfig
	// MailFrom is MAIL_FROM, "Name <address>".
	MailFrom string
	// MailRetrySchedule is MAIL_RETRY_SCHEDULE: comma-separated waits before each retry of an
	// e-mail (default mail.DefaultSchedule).
	MailRetrySchedule string
	// GatewayPayerEmails is GATEWAY_PAYER_EMAILS: in remote mode with the single store of the
	// GATEWAY_API_* shorthand, whether its payers get e-mails (a stores file says it per store).
	GatewayPayerEmails bool
	// Onramp holds the ONRAMP_* partner credentials of the card on-ramp providers.
	Onramp onramp.Config
}

// StoreBootstrap are the STORE_* variables.
type StoreBootstrap struct {
	APIKey, APISecret, WebhookURL, WebhookSecret, SeedPhrase, Currency string
	Markup, UnderpaymentPercent, UnderpaymentAmount, FrameAncestors    string
	// The payer pages' support contact and brand colour (a logo is uploaded with the CLI), and
	// whether the store e-mails its payers.
	SupportEmail, SupportURL, BrandColor, PayerEmails string
}

// option is one environment variable: its name, default, and where it goes. A variable named in
// secret may also be given as NAME_FILE, the path of a file holding it (for container secrets).
type option struct {
	name, def string
	secret    bool
	set       func(c *Config, v string) error
}

func str(dst func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *dst(c) = v; return nil }
}

// count reads a non-negative integer (0 turns the limit off).
func count(name, v string, dst *int) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return fmt.Errorf("%s must be a whole number ≥ 0 (0: no limit), got %q", name, v)
	}
	*dst = n
	return nil
}

func rule(name string, dst func(*Config) *throttle.Rule) func(*Config, string) error {
	return func(c *Config, v string) error {
		r, err := throttle.ParseRule(v)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		*dst(c) = r
		return nil
	}
}

var options = []option{
	{name: "LISTEN_ADDR", def: ":8080", set: str(func(c *Config) *string { return &c.ListenAddr })},
	{name: "PUBLIC_URL", def: "http://localhost:8080", set: func(c *Config, v string) error {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("PUBLIC_URL must be an absolute http(s) URL, got %q", v)
		}
		c.PublicURL = strings.TrimRight(v, "/")
		return nil
	}},
	{name: "DATA_DIR", def: "./data", set: str(func(c *Config) *string { return &c.DataDir })},
	{name: "DATABASE_URL", secret: true, set: func(c *Config, v string) error {
		if v != "" && !strings.HasPrefix(v, "postgres://") && !strings.HasPrefix(v, "postgresql://") {
			return fmt.Errorf("DATABASE_URL must be a postgres:// URL (leave it unset for the SQLite file under DATA_DIR)")
		}
		c.DatabaseURL = v
		return nil
	}},
	{name: "REDIS_URL", secret: true, set: str(func(c *Config) *string { return &c.RedisURL })},
	{name: "REDIS_PREFIX", def: "checkout:", set: str(func(c *Config) *string { return &c.RedisPrefix })},
	{name: "POLL_INTERVAL", def: "3s", set: func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 100*time.Millisecond {
			return fmt.Errorf("POLL_INTERVAL must be a Go duration of at least 100ms, got %q", v)
		}
		c.PollInterval = d
		return nil
	}},
	{name: "POLL_MAX_RPS", def: strconv.Itoa(poll.DefaultMaxRPS), set: func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("POLL_MAX_RPS must be a whole number of calls per second, at least 1, got %q", v)
		}
		c.PollMaxRPS = n
		return nil
	}},
	{name: "STREAMS_PER_IP", def: "32", set: func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return fmt.Errorf("STREAMS_PER_IP must be a whole number of at least 1, got %q", v)
		}
		c.StreamsPerIP = n
		return nil
	}},
	{name: "GATEWAY_URL", set: str(func(c *Config) *string { return &c.GatewayURL })},
	{name: "GATEWAY_API_KEY", set: str(func(c *Config) *string { return &c.GatewayAPIKey })},
	{name: "GATEWAY_API_SECRET", secret: true, set: str(func(c *Config) *string { return &c.GatewayAPISecret })},
	{name: "GATEWAY_WEBHOOK_SECRET", secret: true, set: str(func(c *Config) *string { return &c.GatewayWebhookSecret })},
	{name: "GATEWAY_STORES_FILE", set: str(func(c *Config) *string { return &c.GatewayStoresFile })},
	{name: "RATES_FILE", set: str(func(c *Config) *string { return &c.RatesFile })},
	{name: "LOG_LEVEL", def: "info", set: func(c *Config, v string) error {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			return fmt.Errorf("LOG_LEVEL must be debug, info, warn or error, got %q", v)
		}
		return nil
	}},
	{name: "WEBHOOK_RETRY_SCHEDULE", set: str(func(c *Config) *string { return &c.WebhookRetrySchedule })},
	{name: "WEBHOOK_ALLOW_PRIVATE", def: "test", set: func(c *Config, v string) error {
		p, err := webhook.ParsePrivateTargets(v)
		if err != nil {
			return fmt.Errorf("WEBHOOK_ALLOW_PRIVATE must be test, true or false, got %q", v)
		}
		c.WebhookAllowPrivate = p
		return nil
	}},
	{name: "METRICS_ADDR", set: str(func(c *Config) *string { return &c.MetricsAddr })},
	{name: "MAX_CONNS", def: "auto", set: func(c *Config, v string) error {
		if strings.EqualFold(v, "auto") {
			c.MaxConns = autoMaxConns()
			return nil
		}
		return count("MAX_CONNS", v, &c.MaxConns)
	}},
	{name: "MAX_CONNS_PER_IP", def: "256", set: func(c *Config, v string) error {
		return count("MAX_CONNS_PER_IP", v, &c.MaxConnsPerIP)
	}},
	{name: "RATE_LIMIT_AUTH_FAILURES", def: "20/1m", set: rule("RATE_LIMIT_AUTH_FAILURES", func(c *Config) *throttle.Rule { return &c.AuthFailureLimit })},
	{name: "RATE_LIMIT_NOT_FOUND", def: "60/1m", set: rule("RATE_LIMIT_NOT_FOUND", func(c *Config) *throttle.Rule { return &c.NotFoundLimit })},
	{name: "TRUSTED_PROXIES", set: func(c *Config, v string) error {
		ps, err := throttle.ParseProxies(v)
		if err != nil {
			return fmt.Errorf("TRUSTED_PROXIES: %w", err)
		}
		c.TrustedProxies = ps
		return nil
	}},
	{name: "STORE_API_KEY", set: str(func(c *Config) *string { return &c.Store.APIKey })},
	{name: "STORE_API_SECRET", secret: true, set: str(func(c *Config) *string { return &c.Store.APISecret })},
	{name: "STORE_WEBHOOK_URL", set: str(func(c *Config) *string { return &c.Store.WebhookURL })},
	{name: "STORE_WEBHOOK_SECRET", secret: true, set: str(func(c *Config) *string { return &c.Store.WebhookSecret })},
	{name: "STORE_SEED_PHRASE", secret: true, set: str(func(c *Config) *string { return &c.Store.SeedPhrase })},
	{name: "STORE_CURRENCY", set: str(func(c *Config) *string { return &c.Store.Currency })},
	{name: "STORE_MARKUP", set: str(func(c *Config) *string { return &c.Store.Markup })},
	{name: "STORE_UNDERPAYMENT_PERCENT", set: str(func(c *Config) *string { return &c.Store.UnderpaymentPercent })},
	{name: "STORE_UNDERPAYMENT_AMOUNT", set: str(func(c *Config) *string { return &c.Store.UnderpaymentAmount })},
	{name: "STORE_FRAME_ANCESTORS", set: str(func(c *Config) *string { return &c.Store.FrameAncestors })},
	{name: "STORE_SUPPORT_EMAIL", set: str(func(c *Config) *string { return &c.Store.SupportEmail })},
	{name: "STORE_SUPPORT_URL", set: str(func(c *Config) *string { return &c.Store.SupportURL })},
	{name: "STORE_BRAND_COLOR", set: str(func(c *Config) *string { return &c.Store.BrandColor })},
	{name: "STORE_PAYER_EMAILS", set: str(func(c *Config) *string { return &c.Store.PayerEmails })},
	{name: "SMTP_URL", secret: true, set: func(c *Config, v string) error {
		if v == "" {
			return nil
		}
		s, err := mail.ParseSMTPURL(v)
		if err != nil {
			return err
		}
		c.SMTP = &s
		return nil
	}},
	{name: "MAIL_FROM", set: str(func(c *Config) *string { return &c.MailFrom })},
	{name: "MAIL_RETRY_SCHEDULE", set: str(func(c *Config) *string { return &c.MailRetrySchedule })},
	{name: "GATEWAY_PAYER_EMAILS", def: "false", set: func(c *Config, v string) error {
		b, err := parseBool(v)
		if err != nil {
			return fmt.Errorf("GATEWAY_PAYER_EMAILS must be true or false, got %q", v)
		}
		c.GatewayPayerEmails = b
		return nil
	}},
	{name: "ONRAMP_MOONPAY_API_KEY", secret: true, set: str(func(c *Config) *string { return &c.Onramp.MoonPayAPIKey })},
	{name: "ONRAMP_MOONPAY_SECRET_KEY", secret: true, set: str(func(c *Config) *string { return &c.Onramp.MoonPaySecretKey })},
	{name: "ONRAMP_BANXA_PARTNER", secret: true, set: str(func(c *Config) *string { return &c.Onramp.BanxaPartner })},
	{name: "ONRAMP_TRANSAK_API_KEY", secret: true, set: str(func(c *Config) *string { return &c.Onramp.TransakAPIKey })},
	{name: "ONRAMP_TRANSAK_API_SECRET", secret: true, set: str(func(c *Config) *string { return &c.Onramp.TransakAPISecret })},
	{name: "ONRAMP_GUARDARIAN_API_KEY", secret: true, set: str(func(c *Config) *string { return &c.Onramp.GuardarianAPIKey })},
	{name: "ONRAMP_WERT_PARTNER_ID", secret: true, set: str(func(c *Config) *string { return &c.Onramp.WertPartnerID })},
	{name: "ONRAMP_KADO_API_KEY", secret: true, set: str(func(c *Config) *string { return &c.Onramp.KadoAPIKey })},
	{name: "ONRAMP_SANDBOX", def: "false", set: func(c *Config, v string) error {
		switch strings.ToLower(v) {
		case "1", "true", "yes":
			c.Onramp.Sandbox = true
		case "0", "false", "no", "":
			c.Onramp.Sandbox = false
		default:
			return fmt.Errorf("ONRAMP_SANDBOX must be true or false, got %q", v)
		}
		return nil
	}},
}

// LoadConfig reads the configuration from getenv (os.Getenv in production, a map in tests).
func LoadConfig(getenv func(string) string) (Config, error) {
	var c Config
	for _, o := range options {
		v := getenv(o.name)
		if o.secret {
			if path := getenv(o.name + "_FILE"); path != "" {
				if v != "" {
					return c, fmt.Errorf("set %s or %s_FILE, not both", o.name, o.name)
				}
				b, err := os.ReadFile(path)
				if err != nil {
					return c, fmt.Errorf("%s_FILE: %w", o.name, err)
				}
				v = strings.TrimSpace(string(b))
			}
		}
		if v == "" {
			v = o.def
		}
		if err := o.set(&c, v); err != nil {
			return c, err
		}
	}
	if c.SMTP != nil && c.MailFrom == "" {
		return c, fmt.Errorf("SMTP_URL needs MAIL_FROM (\"Shop name <noreply@shop.example>\")")
	}
	if c.MailFrom != "" {
		if _, err := mail.ParseFrom(c.MailFrom); err != nil {
			return c, err
		}
	}
	if c.GatewayPayerEmails && c.GatewayStoresFile != "" {
		return c, fmt.Errorf("GATEWAY_PAYER_EMAILS is for the GATEWAY_API_* store; with GATEWAY_STORES_FILE set payer_emails = true in each [[store]]")
	}
	if err := c.Onramp.Validate(); err != nil {
		return c, err
	}
	return c, c.loadStores()
}

// loadStores fills Stores in remote mode: from the stores file, or the one store of the
// GATEWAY_API_* shorthand. The two ways exclude each other, so that no store is configured twice
// with different secrets.
func (c *Config) loadStores() error {
	shorthand := c.GatewayAPIKey != "" || c.GatewayAPISecret != "" || c.GatewayWebhookSecret != ""
	switch {
	case c.DatabaseURL != "" && c.GatewayURL != "":
		return fmt.Errorf("DATABASE_URL is the embedded gateway's database; with GATEWAY_URL the gateway is remote and keeps its own")
	case c.GatewayStoresFile != "" && c.GatewayURL == "":
		return fmt.Errorf("GATEWAY_STORES_FILE needs GATEWAY_URL, the remote gateway's Integration API")
	case c.GatewayStoresFile != "" && shorthand:
		return fmt.Errorf("set GATEWAY_STORES_FILE or GATEWAY_API_KEY/GATEWAY_API_SECRET/GATEWAY_WEBHOOK_SECRET, not both: the file names every store")
	case c.GatewayStoresFile != "":
		stores, err := remote.LoadStoresFile(c.GatewayStoresFile)
		c.Stores = stores
		return err
	case c.GatewayURL == "":
		return nil
	case c.GatewayAPIKey == "" || c.GatewayAPISecret == "":
		return fmt.Errorf("GATEWAY_URL needs GATEWAY_API_KEY and GATEWAY_API_SECRET, or GATEWAY_STORES_FILE")
	}
	c.Stores = []remote.StoreConfig{{APIKey: c.GatewayAPIKey, APISecret: c.GatewayAPISecret, WebhookSecret: c.GatewayWebhookSecret,
		Page: gateway.PageSettings{PayerEmails: c.GatewayPayerEmails}}}
	return nil
}

// RemoteMode reports whether the pages front a remote gateway instead of the embedded one.
func (c Config) RemoteMode() bool { return c.GatewayURL != "" }

// parseBool reads true/false (also 1/0, yes/no); "" is false.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes":
		return true, nil
	case "0", "false", "no", "":
		return false, nil
	}
	return false, fmt.Errorf("not a boolean: %q", v)
}
