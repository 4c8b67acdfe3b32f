package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cryptocheckout/checkout/gateway/redisclient"
)

// RedisHub is a Hub shared by every replica through Redis pub/sub: a Publish on any replica
// reaches the subscribers of every replica. It has the Hub's method set, so the pages cannot tell
// which one they use.
//
// Each process holds one Redis subscription to one channel, prefix+"signals", and fans signals out
// locally. A Publish signals local subscribers at once and sends the topic to Redis in the
// background, so it never blocks, even on a hung Redis; the message is the sender's id and the
// topic, and the sender uses its id to skip its own echo. One channel works alike on one server,
// behind Sentinel and on a Cluster: there it is a sharded channel (SPUBLISH/SSUBSCRIBE), so a
// signal goes to the one shard that owns the channel instead of over the whole cluster bus, and
// go-redis follows the shard when its slot moves. Signals carry no data, so a lost one does no
// harm beyond a late refresh, and after a reconnection every local subscriber is signalled once to
// make up for what may have been missed. go-redis reconnects the subscription on its own.
type RedisHub struct {
	rdb     redis.UniversalClient
	channel string
	sharded bool // Cluster: SPUBLISH/SSUBSCRIBE
	self    string
	timeout time.Duration
	log     *slog.Logger
	local   *Hub

	ps         *redis.PubSub
	queue      chan string
	stop       chan struct{}
	mu         sync.RWMutex // guards closed against Publish racing Close
	closed     bool
	subscribed chan struct{} // closed once the first subscription is confirmed
	wg         sync.WaitGroup
	down       atomic.Bool
	cause      atomic.Value // string: the last failure while down
}

// RedisHubConfig configures a RedisHub.
type RedisHubConfig struct {
	// Prefix starts the channel's name ("checkout:live:" makes "checkout:live:signals");
	// pub/sub ignores the database number, so deployments sharing a Redis need different prefixes.
	Prefix string
	// Timeout bounds one PUBLISH (default 100 ms).
	Timeout time.Duration
	// HealthCheck is how often an idle subscription is pinged to notice a dead connection
	// (default 2 s).
	HealthCheck time.Duration
	Log         *slog.Logger
}

// publishQueue bounds the topics waiting to go to Redis; beyond it they are dropped from Redis
// (local subscribers were already told).
const publishQueue = 1024

// NewRedisHub subscribes and starts the background work; Close ends it.
func NewRedisHub(rdb redis.UniversalClient, cfg RedisHubConfig) *RedisHub {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 100 * time.Millisecond
	}
	if cfg.HealthCheck <= 0 {
		cfg.HealthCheck = 2 * time.Second
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	var id [8]byte
	rand.Read(id[:])
	h := &RedisHub{
		rdb: rdb, channel: cfg.Prefix + "signals", sharded: redisclient.IsCluster(rdb),
		self: hex.EncodeToString(id[:]), timeout: cfg.Timeout, log: cfg.Log, local: NewHub(), queue: make(chan string, publishQueue),
		subscribed: make(chan struct{}), stop: make(chan struct{}),
	}
	// The subscription is (re)made by go-redis whenever its connection is new, so a Redis that is
	// down now is subscribed to as soon as it answers.
	if h.sharded {
		h.ps = rdb.SSubscribe(context.Background(), h.channel)
	} else {
		h.ps = rdb.Subscribe(context.Background(), h.channel)
	}
	msgs := h.ps.ChannelWithSubscriptions(
		redis.WithChannelHealthCheckInterval(cfg.HealthCheck),
		redis.WithChannelPingTimeout(cfg.HealthCheck),
		redis.WithChannelSize(publishQueue),
	)
	h.wg.Add(2)
	go h.receive(msgs)
	go h.send()
	return h
}

// Subscribe is Hub.Subscribe: the channel receives a signal after each Publish of topic on any
// replica.
func (h *RedisHub) Subscribe(topic string) (<-chan struct{}, func()) { return h.local.Subscribe(topic) }

// Notify is Hub.Notify: fn is called after each Publish of topic on any replica.
func (h *RedisHub) Notify(topic string, fn func()) func() { return h.local.Notify(topic, fn) }

// Publish signals topic to every replica. It does not block.
func (h *RedisHub) Publish(topic string) {
	h.local.Publish(topic)
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.closed {
		return
	}
	select {
	case h.queue <- topic:
	default: // Redis is far behind; the other replicas' pollers and TTLs catch up
	}
}

// WaitSubscribed waits until the Redis subscription is in place (at start, signals published by
// other replicas before that are not seen).
func (h *RedisHub) WaitSubscribed(ctx context.Context) error {
	select {
	case <-h.subscribed:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("live: redis subscription: %w", ctx.Err())
	}
}

// Subscribers counts this process's subscriptions of topic.
func (h *RedisHub) Subscribers(topic string) int { return h.local.Subscribers(topic) }

// Health is nil while publishing to Redis works, else the last failure.
func (h *RedisHub) Health() error {
	if h.down.Load() {
		c, _ := h.cause.Load().(string)
		return fmt.Errorf("live: redis pub/sub unavailable: %s", c)
	}
	return nil
}

// Close ends the subscription and the background work.
func (h *RedisHub) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return nil
	}
	h.closed = true
	close(h.stop) // topics still queued are dropped: nobody is left to re-read them here
	h.mu.Unlock()
	err := h.ps.Close()
	h.wg.Wait()
	return err
}

// receive fans Redis messages out to local subscribers.
func (h *RedisHub) receive(msgs <-chan any) {
	defer h.wg.Done()
	subscribed := false
	for msg := range msgs {
		switch m := msg.(type) {
		case *redis.Subscription:
			if m.Kind != "subscribe" && m.Kind != "ssubscribe" {
				continue
			}
			if subscribed {
				h.log.Info("live: redis subscription restored; refreshing every open page")
				h.local.publishAll() // signals sent while we were away are lost
			} else {
				close(h.subscribed)
			}
			subscribed = true
		case *redis.Message:
			sender, topic, ok := strings.Cut(m.Payload, " ")
			if !ok || sender == h.self {
				continue // not ours to read, or our own Publish, already delivered locally
			}
			h.local.Publish(topic)
		}
	}
}

// retryAfter is how long the hub stops sending to Redis after a failed PUBLISH: topics queued
// meanwhile reach local subscribers only, instead of each waiting out a command deadline.
const retryAfter = time.Second

// send publishes queued topics to Redis, one command deadline each.
func (h *RedisHub) send() {
	defer h.wg.Done()
	var pauseUntil time.Time
	for {
		var topic string
		select {
		case topic = <-h.queue:
		case <-h.stop:
			return
		}
		if time.Now().Before(pauseUntil) {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), h.timeout)
		var err error
		if h.sharded {
			err = h.rdb.SPublish(ctx, h.channel, h.self+" "+topic).Err()
		} else {
			err = h.rdb.Publish(ctx, h.channel, h.self+" "+topic).Err()
		}
		cancel()
		if err != nil {
			pauseUntil = time.Now().Add(retryAfter)
		}
		h.setState(err)
	}
}

// setState logs once per change between working and failing.
func (h *RedisHub) setState(err error) {
	if err == nil {
		if h.down.Swap(false) {
			h.log.Info("live: redis pub/sub is available again")
		}
		return
	}
	h.cause.Store(err.Error())
	if !h.down.Swap(true) {
		h.log.Warn("live: redis pub/sub unavailable; updates reach this replica's pages only", "err", err)
	}
}
