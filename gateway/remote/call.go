package remote

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// call performs one API call and decodes a 200 answer into out. A read (a call without side
// effects) whose outcome is unknown (500, network error, 502/503/504) is tried again after a
// growing pause, at most ReadAttempts times in all; any other call is tried once, because the
// seed says a 500 must be checked, not blindly repeated.
func (c *Client) call(ctx context.Context, op, method, path string, body any, read bool, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("remote: %s: encode request: %w", op, err)
		}
	}
	attempts := 1
	if read {
		attempts = c.attempts
	}
	var err error
	for i := range attempts {
		if i > 0 {
			if werr := sleep(ctx, c.pause(i)); werr != nil {
				return err // the caller gave up; the last failure says more than "canceled"
			}
		}
		var retry bool
		if retry, err = c.attempt(ctx, op, method, path, payload, out); !retry {
			return err
		}
	}
	return err
}

// attempt sends the request once under its own deadline and says whether a failure may be retried.
func (c *Client) attempt(parent context.Context, op, method, path string, payload []byte, out any) (retry bool, err error) {
	ctx, cancel := context.WithTimeout(parent, c.callTimeout)
	defer cancel()
	start := time.Now()
	outcome := OutcomeUnavailable
	defer func() {
		if c.obs != nil {
			c.obs.UpstreamCall(op, outcome, time.Since(start))
		}
	}()

	var rd io.Reader
	if payload != nil {
		rd = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return false, fmt.Errorf("remote: %s: %w", op, err)
	}
	req.SetBasicAuth(c.key, c.secret)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json") // the seed asks it of every request
	resp, err := c.http.Do(req)
	if err != nil {
		// Retry when only this attempt timed out, not when the caller itself gave up.
		return parent.Err() == nil, fmt.Errorf("%w: %s %s: %v", ErrUnavailable, method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return parent.Err() == nil, fmt.Errorf("%w: %s %s: reading the answer: %v", ErrUnavailable, method, path, err)
	}
	if len(data) > maxResponseBytes {
		return false, fmt.Errorf("%w: %s %s: answer larger than %d bytes", ErrUnavailable, method, path, maxResponseBytes)
	}

	switch code := resp.StatusCode; {
	case code == http.StatusOK:
		if err := json.Unmarshal(data, out); err != nil {
			outcome = OutcomeUndecodable
			return false, fmt.Errorf("%w: %s %s: undecodable answer: %v", ErrUnavailable, method, path, err)
		}
		outcome = OutcomeOK
		return false, nil
	case code == http.StatusUnprocessableEntity:
		var e gateway.Error
		if json.Unmarshal(data, &e) != nil || e.Code == "" {
			outcome = OutcomeUndecodable
			return false, fmt.Errorf("%w: %s %s: 422 without an error code", ErrUnavailable, method, path)
		}
		outcome = OutcomeRejected
		return false, &e
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		outcome = OutcomeMisconfig
		return false, fmt.Errorf("%w: the gateway refused the API key/secret of %s (HTTP %d on %s %s)", ErrMisconfigured, c.name, code, method, path)
	case code == http.StatusNotFound:
		outcome = OutcomeMisconfig
		return false, fmt.Errorf("%w: the gateway has no route %s %s (HTTP 404): GATEWAY_URL must be the Integration API base, ending in /int", ErrMisconfigured, method, path)
	case code == http.StatusInternalServerError:
		outcome = OutcomeUnknown
		return true, fmt.Errorf("%w (%s %s)", ErrOutcomeUnknown, method, path)
	case code == http.StatusBadGateway || code == http.StatusServiceUnavailable ||
		code == http.StatusGatewayTimeout || code == http.StatusTooManyRequests:
		return true, fmt.Errorf("%w: %s %s: HTTP %d", ErrUnavailable, method, path, code)
	default:
		return false, fmt.Errorf("%w: %s %s: unexpected HTTP %d", ErrUnavailable, method, path, code)
	}
}

// pause is the wait before attempt i (1-based retries): Backoff·2^(i-1), capped, with ±50 %
// jitter so replicas that failed together do not retry together.
func (c *Client) pause(i int) time.Duration {
	d := c.backoff << (i - 1)
	if d > maxBackoff || d <= 0 {
		d = maxBackoff
	}
	return d/2 + rand.N(d)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
