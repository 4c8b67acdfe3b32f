// Package e2e drives the real checkout binary in a real browser (Debian's headless Chromium through
// chromedp): the live payment page, expiry, the dedicated-address page, embedding across origins,
// the page without JavaScript, the ten languages, a phone screen and accessibility (axe-core).
//
// The binary is built once and started on loopback with a fixed test store; one Chromium serves
// every test, one tab each. Chromium missing is a failure, not a skip: these tests are what proves
// the payer can pay. Locally, `go test -short` skips them (never in CI).
package e2e

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"
)

var (
	setupOnce sync.Once
	shared    *suite
	setupErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	closeRemote()
	if shared != nil {
		shared.close()
	}
	os.Exit(code)
}

// start returns the running binary and browser, starting them on first use.
func start(t *testing.T) *suite {
	t.Helper()
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("browser tests skipped with -short outside CI")
	}
	setupOnce.Do(func() { shared, setupErr = newSuite() })
	if setupErr != nil {
		t.Fatalf("browser tests cannot start: %v", setupErr)
	}
	return shared
}

// suite is what every test of one backend shares: the checkout binary, the merchant's sites and
// one browser (those three shared by both backends).
type suite struct {
	name    string // the backend: embeddedBackend or remoteBackend
	remote  bool   // pages in front of a remote gateway: no test tools on the page
	dir     string // temporary: binary, data, browser profile, logs
	bin     string
	app     *process   // where payers open the pages
	gateway *process   // remote: the gateway behind app (embedded: nil, app is both)
	api     *apiClient // the gateway's Integration API, as the merchant calls it
	// remote: the Redis the replica shares, and its key prefix (removed at the end)
	redis       *redis.Client
	redisPrefix string
	merchant    *merchantSite // allowed to frame the checkout (STORE_FRAME_ANCESTORS)
	stranger    *merchantSite // another origin, not allowed
	browser     *browser
}

func newSuite() (s *suite, err error) {
	s = &suite{name: embeddedBackend}
	defer func() {
		if err != nil {
			s.close()
			s = nil
		}
	}()
	if s.dir, err = os.MkdirTemp("", "checkout-e2e-"); err != nil {
		return s, err
	}
	s.merchant = newMerchantSite()
	s.stranger = newMerchantSite()
	if s.bin, err = buildBinary(s.dir); err != nil {
		return s, err
	}
	if s.app, err = startProcess(s.bin, s.dir, s.merchant.origin()); err != nil {
		return s, err
	}
	s.api = &apiClient{base: s.app.url + "/int", key: storeAPIKey, secret: storeAPISecret}
	if s.browser, err = startBrowser(s.dir); err != nil {
		return s, err
	}
	return s, nil
}

func (s *suite) close() {
	if s.browser != nil {
		s.browser.close()
	}
	if s.app != nil {
		if err := s.app.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: stopping the checkout:", err)
		}
	}
	for _, m := range []*merchantSite{s.merchant, s.stranger} {
		if m != nil {
			m.close()
		}
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}
