package server

import (
	"context"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/gateway/poll"
	"github.com/cryptocheckout/checkout/gateway/rates"
	"github.com/cryptocheckout/checkout/gateway/redisclient"
	"github.com/cryptocheckout/checkout/gateway/remote"
	"github.com/cryptocheckout/checkout/handlers/payer"
	"github.com/cryptocheckout/checkout/handlers/webhooks"
)

// Hub is the live hub of the process: live.RedisHub with REDIS_URL (every replica's streams see
// every update), else the in-process live.Hub (one replica only).
type Hub interface {
	Publish(topic string)
	Subscribe(topic string) (<-chan struct{}, func())
	Notify(topic string, fn func()) func()
}

// cacheEntries bounds the in-process cache used without Redis.
const cacheEntries = 10000

// openShared builds what replicas share through Redis: the cache store and the live hub, over one
// go-redis client. Without REDIS_URL both stay in the process.
func (m *Main) openShared() error {
	if m.Config.RedisURL == "" {
		m.store, m.Hub = cache.NewMemory(cacheEntries), live.NewHub()
		return nil
	}
	rdb, err := redisclient.Open(m.Config.RedisURL, 0)
	if err != nil {
		return err
	}
	m.redis = rdb
	m.store = cache.NewRedis(cache.RedisConfig{Client: rdb, Prefix: m.Config.RedisPrefix, Log: m.Log})
	m.redisHub = live.NewRedisHub(rdb, live.RedisHubConfig{Prefix: m.Config.RedisPrefix + "live:", Log: m.Log})
	m.Hub = m.redisHub
	return nil
}

// closeShared ends the Redis hub and client.
func (m *Main) closeShared() []error {
	var errs []error
	if m.redisHub != nil {
		if err := m.redisHub.Close(); err != nil && err != redis.ErrClosed {
			errs = append(errs, err)
		}
	}
	if m.redis != nil {
		if err := m.redis.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// openEmbedded opens the embedded gateway, publishing to the hub, and creates the first test
// store on an empty database.
func (m *Main) openEmbedded(ctx context.Context, table *rates.Table) (payer.Gateway, error) {
	eng, err := engine.Open(ctx, engine.Config{
		DataDir: m.Config.DataDir, DatabaseURL: m.Config.DatabaseURL, PublicURL: m.Config.PublicURL, Rates: table, Hub: m.Hub, Log: m.Log,
	})
	if err != nil {
		return nil, err
	}
	m.Engine = eng
	// Processes started together on one PostgreSQL database create the first test store once.
	if err := eng.OnFirstStart(ctx, func() error {
		return bootstrapStore(ctx, eng, m.Config.Store, m.Config.PublicURL, m.Out)
	}); err != nil {
		return nil, err
	}
	return eng, nil
}

// openRemote builds the pages' gateway in front of a remote one: a client per configured store,
// the directory that finds each payment's store, the read-through views over the shared cache, the
// shared poller and, when some store has a webhook secret, the receiver of the gateway's webhooks.
func (m *Main) openRemote() (payer.Gateway, error) {
	stores := make([]cache.StoreUpstream, 0, len(m.Config.Stores))
	m.remotes = m.remotes[:0]
	secrets := map[string]string{}
	for _, s := range m.Config.Stores {
		client, err := remote.New(remote.Config{
			URL: m.Config.GatewayURL, APIKey: s.APIKey, APISecret: s.APISecret, Name: s.Name(), Observer: m.Metrics,
		})
		if err != nil {
			return nil, fmt.Errorf("server: %s: %w", s.Name(), err)
		}
		stores = append(stores, cache.StoreUpstream{Config: s, Client: client})
		m.remotes = append(m.remotes, remoteStore{config: s, client: client})
		if s.WebhookSecret != "" && s.ID != "" {
			secrets[s.ID] = s.WebhookSecret
		}
	}
	dir := cache.NewDirectory(cache.DirectoryConfig{Stores: stores, Index: m.store, Log: m.Log})
	views := cache.NewViews(cache.ViewsConfig{Store: m.store, Upstream: dir, Observer: m.Metrics, Log: m.Log})
	// With payer e-mails, the changes the poller and the webhooks bring are also told to the
	// notifier, which e-mails the stores' payers.
	var refresher poll.Refresher = views
	var invalidator webhooks.Invalidator = views
	var err error
	if m.remoteMail, err = m.openRemoteMail(views, dir, m.catalog); err != nil {
		return nil, err
	}
	if m.remoteMail != nil {
		refresher = mail.ObserveRefreshes(views, m.remoteMail)
		invalidator = mail.ObserveInvalidations(views, m.remoteMail)
	}
	pollCfg := poll.Config{Refresher: refresher, Lease: m.store, Hub: m.Hub, Interval: m.Config.PollInterval, MaxRPS: m.Config.PollMaxRPS, Log: m.Log}
	if c, ok := m.store.(poll.Counter); ok {
		pollCfg.Budget = c // Redis: POLL_MAX_RPS holds for all replicas together
	}
	m.poller = poll.New(pollCfg)
	hooks := webhooks.Config{StoreSecrets: secrets, Learner: dir, Cache: invalidator, Dedupe: m.store, Hub: m.Hub, Observer: m.Metrics, Log: m.Log}
	if len(m.Config.Stores) == 1 && m.Config.Stores[0].ID == "" {
		hooks.Secret = m.Config.Stores[0].WebhookSecret // the shorthand's one store signs every webhook
	}
	if hooks.Secret != "" || len(secrets) > 0 {
		if m.webhooks, err = webhooks.New(hooks); err != nil {
			return nil, fmt.Errorf("server: webhook receiver: %w", err)
		}
	}
	return cache.NewPayerGateway(views, m.Hub, dir), nil
}

// remoteStore is a configured store and its client, for /readyz.
type remoteStore struct {
	config remote.StoreConfig
	client *remote.Client
}
