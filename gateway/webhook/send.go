package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Timeouts of one delivery.
const (
	DefaultTimeout = 10 * time.Second // the whole request, answer included
	// DefaultFirstByte is how long the merchant has to start answering once the request is sent:
	// an endpoint that accepts the connection and then says nothing is given up early.
	DefaultFirstByte = 5 * time.Second
	dialTimeout      = 5 * time.Second
	keepAlive        = 30 * time.Second
	// maxAnswer is how much of the merchant's answer is read (and thrown away) so the connection
	// can be reused; nothing in it matters beyond the status.
	maxAnswer = 4 << 10
)

// UserAgent identifies our requests in the merchant's logs.
const UserAgent = "checkout-webhooks/1"

// Sender posts webhooks. Two clients: a guarded one that refuses non-public addresses at dial time,
// and an open one for the stores that WEBHOOK_ALLOW_PRIVATE lets reach them.
type Sender struct {
	guarded, open *http.Client
	timeout       time.Duration
	private       PrivateTargets
}

// NewSender returns a sender whose deliveries each take at most timeout (DefaultTimeout when 0),
// with the merchant's answer starting within firstByte (DefaultFirstByte when 0, never above
// timeout). private says which stores may reach private addresses.
func NewSender(timeout, firstByte time.Duration, private PrivateTargets) *Sender {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if firstByte <= 0 {
		firstByte = DefaultFirstByte
	}
	firstByte = min(firstByte, timeout)
	return &Sender{guarded: newClient(true, firstByte), open: newClient(false, firstByte), timeout: timeout, private: private}
}

func newClient(guarded bool, firstByte time.Duration) *http.Client {
	t := &http.Transport{
		// No proxy from the environment: a proxy would make the dial-time address check moot.
		Proxy:                 nil,
		DialContext:           newDialer(guarded).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          32,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: firstByte,
	}
	return &http.Client{
		Transport: t,
		// A redirect is not an acceptance: the merchant's endpoint must answer 2xx itself.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Result is the outcome of one attempt. Status is 0 when no HTTP answer came.
type Result struct {
	Status   int
	Err      error
	Duration time.Duration
}

// Delivered reports whether the merchant accepted the webhook: any 2xx.
func (r Result) Delivered() bool { return r.Err == nil && r.Status >= 200 && r.Status < 300 }

// Send posts body to url, signed with secret (no signature header when secret is empty). live says
// whose webhook it is, for the private-address rule. The exact bytes of body are sent, so the
// signature covers them.
func (s *Sender) Send(ctx context.Context, url string, body []byte, secret string, live bool) Result {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return Result{Err: fmt.Errorf("webhook: request: %w", err), Duration: time.Since(start)}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", UserAgent)
	if secret != "" {
		req.Header.Set(SignatureHeader, Sign(secret, body))
	}
	client := s.guarded
	if s.private.Allowed(live) {
		client = s.open
	}
	resp, err := client.Do(req)
	if err != nil {
		return Result{Err: err, Duration: time.Since(start)}
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswer))
	resp.Body.Close()
	res := Result{Status: resp.StatusCode, Duration: time.Since(start)}
	if !res.Delivered() {
		res.Err = fmt.Errorf("webhook: answered %d", resp.StatusCode)
	}
	return res
}

// TimedOut reports whether the attempt ended for want of an answer in time (connecting, the first
// byte or the whole request), the failure that holds a delivery slot longest.
func (r Result) TimedOut() bool { return r.Status == 0 && isTimeout(r.Err) }

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

// Describe is a short, safe text for an attempt's error as kept in the outbox and shown by the CLI.
func Describe(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrForbiddenAddress):
		return "refused: target resolves to a private or local address"
	case isTimeout(err):
		return "timed out"
	}
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300]
	}
	return msg
}
