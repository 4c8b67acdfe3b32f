package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The suite runs every payer test against both ways the checkout is deployed (SPEC "Two ways to
// run"): "embedded", one process serving the pages over its own engine, and "remote", a replica
// (GATEWAY_URL and GATEWAY_STORES_FILE, a real Redis) serving the pages in front of a second
// process, an embedded gateway, over real HTTP. The remote replica gets no webhooks from the
// gateway: its pages follow the payments by the shared polling alone (POLL_INTERVAL 1 s), the
// hardest case.
const (
	embeddedBackend = "embedded"
	remoteBackend   = "remote"
)

// forEachBackend runs test once per backend, as subtests named after them.
func forEachBackend(t *testing.T, test func(t *testing.T, s *suite)) {
	t.Helper()
	for _, name := range []string{embeddedBackend, remoteBackend} {
		t.Run(name, func(t *testing.T) { test(t, backend(t, name)) })
	}
}

var (
	remoteOnce   sync.Once
	sharedRemote *suite
	remoteErr    error
)

// backend returns the suite of a backend, starting it on first use. Both share the browser and the
// merchant's sites.
func backend(t *testing.T, name string) *suite {
	t.Helper()
	s := start(t)
	if name == embeddedBackend {
		return s
	}
	remoteOnce.Do(func() { sharedRemote, remoteErr = s.startRemote() })
	if remoteErr != nil {
		t.Fatalf("the remote backend cannot start: %v", remoteErr)
	}
	return sharedRemote
}

// startRemote starts an embedded gateway and, in front of it, a replica in remote mode. The
// gateway's PUBLIC_URL is the replica's address, so the payment_url it returns leads the payer to
// the replica, as a real gateway's leads to the hosted checkout.
func (s *suite) startRemote() (*suite, error) {
	r := &suite{name: remoteBackend, remote: true, dir: s.dir, merchant: s.merchant, stranger: s.stranger, browser: s.browser, bin: s.bin}
	redisURL := os.Getenv("REDIS_URL")
	if redisURL == "" {
		redisURL = "redis://127.0.0.1:6379/0" // where .ci/test starts one
	}
	// The replica would run without Redis (fail-open), which is not what this backend is: a
	// Redis that does not answer fails the run.
	opt, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	rdb := redis.NewClient(opt)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("the remote backend needs Redis at %s: %w", opt.Addr, err)
	}
	r.redis = rdb
	var last error
	for range 3 {
		pagesPort, err := freePort()
		if err != nil {
			return nil, err
		}
		gwPort, err := freePort()
		if err != nil {
			return nil, err
		}
		pagesURL := "http://127.0.0.1:" + pagesPort
		gw, err := runProcess(s.bin, s.dir, gwPort, embeddedEnv(gwPort, pagesURL, s.merchant.origin()))
		if err != nil {
			last = err
			continue
		}
		storesFile, err := writeStoresFile(s.dir, gw.url, s.merchant.origin())
		if err != nil {
			gw.stop()
			return nil, err
		}
		prefix := make([]byte, 6)
		rand.Read(prefix)
		r.redisPrefix = "e2e-" + hex.EncodeToString(prefix) + ":"
		pages, err := runProcess(s.bin, s.dir, pagesPort, []string{
			"LISTEN_ADDR=127.0.0.1:" + pagesPort,
			"PUBLIC_URL=" + pagesURL,
			"GATEWAY_URL=" + gw.url + "/int",
			"GATEWAY_STORES_FILE=" + storesFile,
			"REDIS_URL=" + redisURL,
			"REDIS_PREFIX=" + r.redisPrefix,
			"POLL_INTERVAL=1s",
		})
		if err != nil {
			gw.stop()
			last = fmt.Errorf("remote replica: %w", err)
			continue
		}
		r.gateway, r.app = gw, pages
		r.api = &apiClient{base: gw.url + "/int", key: storeAPIKey, secret: storeAPISecret}
		return r, nil
	}
	return nil, last
}

// closeRemote stops the remote backend's processes.
func closeRemote() {
	if sharedRemote == nil {
		return
	}
	for _, p := range []*process{sharedRemote.app, sharedRemote.gateway} {
		if err := p.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e: stopping the remote backend:", err)
		}
	}
	// The replica's keys (cache, leases, index) go with it.
	ctx := context.Background()
	iter := sharedRemote.redis.Scan(ctx, 0, sharedRemote.redisPrefix+"*", 500).Iterator()
	for iter.Next(ctx) {
		sharedRemote.redis.Del(ctx, iter.Val())
	}
	sharedRemote.redis.Close()
}

// writeStoresFile writes the replica's GATEWAY_STORES_FILE: the gateway's test store, with the
// merchant's site as its embedding origin, its branding, and no webhook secret (its webhooks do
// not come to the checkout). The store's id is read from a payment the gateway creates for it.
func writeStoresFile(dir, gatewayURL, frameAncestor string) (string, error) {
	req, _ := http.NewRequest(http.MethodPost, gatewayURL+"/int/payment",
		strings.NewReader(`{"amount": "1", "asset_id": "USD", "payment_asset_id": "BTC"}`))
	req.SetBasicAuth(storeAPIKey, storeAPISecret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := httpClient.Do(req)
	if err != nil {
		return "", fmt.Errorf("learning the store id: %w", err)
	}
	defer resp.Body.Close()
	var p struct {
		StoreID string `json:"store_id"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || p.StoreID == "" {
		return "", fmt.Errorf("learning the store id: %d %v", resp.StatusCode, err)
	}
	path := filepath.Join(dir, "stores.toml")
	// The same page settings as the gateway's own store (process_test.go): both backends show the
	// same branded pages.
	toml := fmt.Sprintf("[[store]]\nid = %q\napi_key = %q\napi_secret = %q\nframe_ancestors = [%q]\n"+
		"support_email = %q\nsupport_url = %q\nbrand_color = %q\n",
		p.StoreID, storeAPIKey, storeAPISecret, frameAncestor, storeSupportEmail, storeSupportURL, storeBrandColor)
	return path, os.WriteFile(path, []byte(toml), 0o600)
}
