package payer

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/redisclient"
	"github.com/cryptocheckout/checkout/gateway/remote"
	"github.com/cryptocheckout/checkout/handlers/api"
)

// The page tests run against both backends the pages are deployed on (SPEC "Two ways to run"):
// the embedded engine, and a remote replica that reads an embedded gateway through its /int API
// over real HTTP, with the cache and live hub on a real Redis.
const (
	embeddedBackend = "embedded"
	remoteBackend   = "remote"
)

// forEachBackend runs test once per backend, as subtests named after them.
func forEachBackend(t *testing.T, test func(t *testing.T, e *testEnv), tune ...func(*Config, *fiberConfig)) {
	t.Helper()
	t.Run(embeddedBackend, func(t *testing.T) { test(t, newEnv(t, tune...)) })
	t.Run(remoteBackend, func(t *testing.T) { test(t, newRemoteEnv(t, tune...)) })
}

// remoteSide is what a remote replica adds: the cached views of the remote gateway and the Redis
// hub its pages listen to.
type remoteSide struct {
	views *cache.Views
	hub   *live.RedisHub
}

// newRemoteEnv is the payer pages of a replica in remote mode in front of an embedded gateway:
// the engine (with the test's clock) serves /int on a loopback port, and the pages read it with
// both stores' credentials and embedding origins, as a GATEWAY_STORES_FILE names them.
func newRemoteEnv(t testing.TB, tune ...func(*Config, *fiberConfig)) *testEnv {
	t.Helper()
	clock := &testClock{now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	discard := slog.New(slog.NewTextHandler(io.Discard, nil))
	eng, err := engine.Open(context.Background(), engine.Config{DataDir: t.TempDir(), Hub: live.NewHub(), Now: clock.Now, Log: discard, PublicURL: testPublicURL})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	e := &testEnv{t: t, eng: eng, clock: clock}
	if err := e.createStores(); err != nil {
		t.Fatal(err)
	}
	gatewayURL := serveGateway(t, eng, discard)

	// Both stores, as a stores file names them: the replica finds each payment's store.
	var stores []cache.StoreUpstream
	for _, s := range []struct {
		store gateway.Store
		creds engine.StoreCredentials
	}{{e.test, e.testCreds}, {e.live, e.liveCreds}} {
		client, err := remote.New(remote.Config{URL: gatewayURL + "/int", APIKey: s.creds.APIKey, APISecret: s.creds.APISecret})
		if err != nil {
			t.Fatal(err)
		}
		cfg := remote.StoreConfig{ID: s.store.StoreID, APIKey: s.creds.APIKey, APISecret: s.creds.APISecret, FrameAncestors: s.store.FrameAncestors}
		stores = append(stores, cache.StoreUpstream{Config: cfg, Client: client})
	}
	rdb, err := redisclient.Open(redistest.URL(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	prefix := redistest.Prefix(t)
	store := cache.NewRedis(cache.RedisConfig{Client: rdb, Prefix: prefix, Log: discard})
	hub := live.NewRedisHub(rdb, live.RedisHubConfig{Prefix: prefix + "live:", Log: discard})
	t.Cleanup(func() { hub.Close(); rdb.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hub.WaitSubscribed(ctx); err != nil {
		t.Fatal(err)
	}
	dir := cache.NewDirectory(cache.DirectoryConfig{Stores: stores, Index: store, Log: discard})
	views := cache.NewViews(cache.ViewsConfig{Store: store, Upstream: dir, Log: discard, Now: clock.Now})
	e.remote = &remoteSide{views: views, hub: hub}

	cfg := Config{Gateway: cache.NewPayerGateway(views, hub, dir), Catalog: testCatalog(t), Log: discard,
		PublicURL: testPublicURL, Now: clock.Now, NoTestTools: true}
	fcfg := fiber.Config{DisableStartupMessage: true}
	for _, f := range tune {
		f(&cfg, &fcfg)
	}
	e.h = New(cfg)
	t.Cleanup(e.h.Close)
	fcfg.ErrorHandler = e.h.HandleError
	e.app = fiber.New(fcfg)
	e.app.Get("/int/payment/:id/qrcode", e.h.QRCode) // the qrcode_urls point at the checkout too
	e.app.Get("/int/dedicate/:id/qrcode", e.h.DedicateQRCode)
	e.h.Register(e.app)
	e.hub = nil // the gateway's own hub is not the replica's: changes reach the pages by settle
	return e
}

// serveGateway serves the engine's Integration API at /int on a loopback port until the test ends.
func serveGateway(t testing.TB, eng *engine.Engine, log *slog.Logger) string {
	t.Helper()
	app := fiber.New(fiber.Config{DisableStartupMessage: true,
		ErrorHandler: func(c *fiber.Ctx, err error) error { return api.WriteError(c, err, log) }})
	api.New(eng, log).Register(app.Group("/int"))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { defer close(done); app.Listener(ln) }()
	t.Cleanup(func() { app.ShutdownWithTimeout(5 * time.Second); <-done })
	return "http://" + ln.Addr().String()
}

// settle, in remote mode, has the replica learn what just changed on the gateway, as the shared
// poller's next read does (gateway/poll calls the same Refresh and publishes a change): the test
// takes the poll's place instead of waiting for its interval. Embedded pages need nothing: the
// engine announces every change itself.
func (e *testEnv) settle(paymentID string) {
	e.t.Helper()
	if e.remote == nil {
		return
	}
	r, err := e.remote.views.Refresh(context.Background(), paymentID)
	if err != nil {
		e.t.Fatalf("remote: refreshing payment %s: %v", paymentID, err)
	}
	if r.Changed {
		e.remote.hub.Publish(live.PaymentTopic(paymentID))
		if r.DedicateID != "" {
			e.settleDedicate(r.DedicateID)
		}
	}
}

// settleDedicate does the same for a dedicated address.
func (e *testEnv) settleDedicate(id string) {
	e.t.Helper()
	if e.remote == nil {
		return
	}
	r, err := e.remote.views.RefreshDedicate(context.Background(), id)
	if err != nil {
		e.t.Fatalf("remote: refreshing dedicated address %s: %v", id, err)
	}
	e.remote.hub.Publish(live.DedicateTopic(id))
	for _, p := range r.Open {
		e.settle(p)
	}
}
