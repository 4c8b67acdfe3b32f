// Package remote is the client of a remote gateway's Integration API, used when the checkout
// fronts a real gateway (GATEWAY_URL) instead of its embedded one. It reads what the payer pages
// need: payments, their transactions, dedicated addresses, conversions and assets.
package remote

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Errors a caller may want to tell apart. Neither carries a *gateway.Error: they are faults of the
// deployment or of the gateway, never something to show a payer.
var (
	// ErrMisconfigured: the gateway refused our credentials (401/403) or does not know the
	// route (404): GATEWAY_URL, GATEWAY_API_KEY or GATEWAY_API_SECRET is wrong.
	ErrMisconfigured = errors.New("remote: gateway configuration error")
	// ErrOutcomeUnknown: the gateway answered 500, which the seed defines as "did not finish in
	// time, outcome unknown". Reads are retried; anything else must be checked before retrying.
	ErrOutcomeUnknown = errors.New("remote: gateway answered 500, outcome unknown")
	// ErrUnavailable: the gateway could not be reached or answered an unexpected status.
	ErrUnavailable = errors.New("remote: gateway unavailable")
)

// Observer is told about every HTTP attempt, for metrics. op names the call ("payment",
// "transactions", …), outcome is one of the Outcome… values.
type Observer interface {
	UpstreamCall(op, outcome string, d time.Duration)
}

// Outcomes reported to an Observer.
const (
	OutcomeOK           = "ok"
	OutcomeRejected     = "rejected"      // 422: a business answer, e.g. ERR_NO_PAYMENT
	OutcomeMisconfig    = "misconfigured" // 401/403/404
	OutcomeUnknown      = "unknown"       // 500
	OutcomeUnavailable  = "unavailable"   // network error, timeout, other status
	OutcomeUndecodable  = "undecodable"   // 200 whose body is not what the API documents
	defaultCallTimeout  = 10 * time.Second
	defaultReadAttempts = 3
	defaultBackoff      = 200 * time.Millisecond
	maxBackoff          = 2 * time.Second
	maxResponseBytes    = 4 << 20
)

// Config configures a Client.
type Config struct {
	// URL is the base of the Integration API, the seed's "https://api.[service_name]/int".
	URL       string
	APIKey    string
	APISecret string
	// Name names the store in error messages ("store b628…"); "the GATEWAY_API_KEY store" when empty.
	Name string
	// HTTPClient sends the requests; nil means one with connection and header timeouts.
	HTTPClient *http.Client
	// CallTimeout bounds one HTTP attempt (default 10 s), whatever the caller's deadline.
	CallTimeout time.Duration
	// ReadAttempts is how many times a read is tried when its outcome is unknown (default 3).
	ReadAttempts int
	// Backoff is the first pause between read attempts; it doubles, with jitter (default 200 ms).
	Backoff  time.Duration
	Observer Observer
}

// Client calls a remote Integration API. It is safe for concurrent use.
type Client struct {
	base        string
	key, secret string
	name        string
	http        *http.Client
	callTimeout time.Duration
	attempts    int
	backoff     time.Duration
	obs         Observer
}

// New checks cfg and returns a client.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: GATEWAY_URL must be an absolute http(s) URL, got %q", ErrMisconfigured, cfg.URL)
	}
	if cfg.APIKey == "" || cfg.APISecret == "" {
		return nil, fmt.Errorf("%w: GATEWAY_API_KEY and GATEWAY_API_SECRET are required", ErrMisconfigured)
	}
	c := &Client{
		base: strings.TrimRight(cfg.URL, "/"), key: cfg.APIKey, secret: cfg.APISecret,
		http: cfg.HTTPClient, callTimeout: cfg.CallTimeout, attempts: cfg.ReadAttempts,
		backoff: cfg.Backoff, obs: cfg.Observer, name: cfg.Name,
	}
	if c.name == "" {
		c.name = "the GATEWAY_API_KEY store"
	}
	if c.http == nil {
		c.http = defaultHTTPClient()
	}
	if c.callTimeout <= 0 {
		c.callTimeout = defaultCallTimeout
	}
	if c.attempts <= 0 {
		c.attempts = defaultReadAttempts
	}
	if c.backoff <= 0 {
		c.backoff = defaultBackoff
	}
	return c, nil
}

// defaultHTTPClient keeps connections to the one gateway alive and bounds each phase of a call;
// the whole call is bounded by the per-call context deadline.
func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = (&net.Dialer{Timeout: 3 * time.Second, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = 3 * time.Second
	t.ResponseHeaderTimeout = 35 * time.Second // the gateway itself gives up after 30 s
	t.MaxIdleConnsPerHost = 64
	return &http.Client{Transport: t, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse // never replay credentials to another host
	}}
}
