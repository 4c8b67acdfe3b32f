// Package redisclient opens the go-redis client named by REDIS_URL, in each of the shapes
// operators run Redis: one server, a Sentinel-managed master, or a Cluster. Every user of Redis
// (cache, live hub, poller leases, webhook de-duplication) takes the redis.UniversalClient it
// returns, so none of them knows which shape is behind it.
//
//	redis://[user:password@]host:port[/db]         one server (rediss:// with TLS), go-redis's ParseURL
//	redis-sentinel://[user:password@]host:port[,host:port…][/db]?master=name
//	                                                 the master that the sentinels name (rediss-sentinel:// with TLS);
//	                                                 user:password are the master's, sentinel_username and
//	                                                 sentinel_password the sentinels' when they ask for one
//	redis-cluster://[user:password@]host:port[,host:port…]
//	                                                 a Redis Cluster, any of its nodes as seeds (rediss-cluster:// with TLS)
//
// Ports default to 6379 (26379 for sentinels). With TLS the certificate must name the first host.
package redisclient

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// DefaultTimeout bounds every dial, read, write and pool wait when Open is given 0: a dead or hung
// Redis costs a request at most that long.
const DefaultTimeout = 100 * time.Millisecond

// Kind is the shape of Redis a URL names.
type Kind string

// Kinds of Redis.
const (
	Single   Kind = "single"
	Sentinel Kind = "sentinel"
	Cluster  Kind = "cluster"
)

// Config is what a REDIS_URL says, before any client exists.
type Config struct {
	Kind     Kind
	Addrs    []string // host:port; sentinels for Sentinel, seed nodes for Cluster
	Master   string   // Sentinel: the master's name
	Username string   // of the Redis servers
	Password string
	DB       int // Single and Sentinel; a Cluster has database 0 only
	TLS      *tls.Config
	// SentinelUsername and SentinelPassword authenticate to the sentinels themselves.
	SentinelUsername, SentinelPassword string

	single *redis.Options // Single: go-redis's own parse of the URL, with its query options
}

// Parse reads a REDIS_URL. Errors name the part that is wrong and never repeat a password.
func Parse(rawURL string) (Config, error) {
	scheme, rest, ok := strings.Cut(rawURL, "://")
	if !ok {
		return Config{}, errors.New("redisclient: REDIS_URL must start with redis://, rediss://, redis-sentinel:// or redis-cluster://")
	}
	switch scheme {
	case "redis", "rediss", "unix":
		opt, err := redis.ParseURL(rawURL)
		if err != nil {
			return Config{}, fmt.Errorf("redisclient: REDIS_URL: %w", err)
		}
		return Config{Kind: Single, Addrs: []string{opt.Addr}, Username: opt.Username, Password: opt.Password,
			DB: opt.DB, TLS: opt.TLSConfig, single: opt}, nil
	case "redis-sentinel", "rediss-sentinel":
		return parseMany(Sentinel, scheme == "rediss-sentinel", rest, "26379")
	case "redis-cluster", "rediss-cluster":
		return parseMany(Cluster, scheme == "rediss-cluster", rest, "6379")
	}
	return Config{}, fmt.Errorf("redisclient: REDIS_URL scheme %q: want redis, rediss, redis-sentinel, rediss-sentinel, redis-cluster or rediss-cluster", scheme)
}

// parseMany reads the part after "scheme://" of a URL with several hosts, which net/url refuses.
func parseMany(kind Kind, useTLS bool, rest, defaultPort string) (Config, error) {
	c := Config{Kind: kind}
	authority, tail, _ := strings.Cut(rest, "/")
	path, query, _ := strings.Cut(tail, "?")
	if a, q, ok := strings.Cut(authority, "?"); ok { // no path: "host:port?master=…"
		authority, query, path = a, q, ""
	}
	if at := strings.LastIndex(authority, "@"); at >= 0 {
		user, err := url.Parse("x://" + authority[:at+1] + "h")
		if err != nil {
			return Config{}, errors.New("redisclient: REDIS_URL: the user:password part is not URL-encoded")
		}
		c.Username = user.User.Username()
		c.Password, _ = user.User.Password()
		authority = authority[at+1:]
	}
	for _, h := range strings.Split(authority, ",") {
		if h == "" {
			continue
		}
		host, port, err := net.SplitHostPort(h)
		if err != nil { // no port
			host, port = strings.Trim(h, "[]"), defaultPort
		}
		if host == "" {
			return Config{}, fmt.Errorf("redisclient: REDIS_URL: address %q has no host", h)
		}
		c.Addrs = append(c.Addrs, net.JoinHostPort(host, port))
	}
	if len(c.Addrs) == 0 {
		return Config{}, fmt.Errorf("redisclient: REDIS_URL: a %s URL needs at least one host:port", kind)
	}
	if path = strings.Trim(path, "/"); path != "" {
		db, err := strconv.Atoi(path)
		if err != nil || db < 0 {
			return Config{}, fmt.Errorf("redisclient: REDIS_URL: database %q is not a number", path)
		}
		if kind == Cluster && db != 0 {
			return Config{}, errors.New("redisclient: REDIS_URL: a Redis Cluster has database 0 only")
		}
		c.DB = db
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return Config{}, fmt.Errorf("redisclient: REDIS_URL query: %w", err)
	}
	for name, values := range q {
		v := values[len(values)-1]
		switch {
		case kind == Sentinel && (name == "master" || name == "master_name"):
			c.Master = v
		case kind == Sentinel && name == "sentinel_username":
			c.SentinelUsername = v
		case kind == Sentinel && name == "sentinel_password":
			c.SentinelPassword = v
		default:
			return Config{}, fmt.Errorf("redisclient: REDIS_URL: unknown parameter %q for a %s URL", name, kind)
		}
	}
	if kind == Sentinel && c.Master == "" {
		return Config{}, errors.New("redisclient: REDIS_URL: a redis-sentinel URL needs ?master=<name of the master>")
	}
	if useTLS {
		host, _, _ := net.SplitHostPort(c.Addrs[0])
		c.TLS = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	return c, nil
}

// Open parses rawURL and returns its client, tuned to fail fast: every dial, read, write and wait
// for a pooled connection is bounded by timeout (DefaultTimeout when 0) and no command is retried,
// so a dead or hung Redis costs a request at most that long. A Cluster client still follows
// MOVED/ASK redirections (a resharding is not a failure).
func Open(rawURL string, timeout time.Duration) (redis.UniversalClient, error) {
	c, err := Parse(rawURL)
	if err != nil {
		return nil, err
	}
	return c.Open(timeout), nil
}

// Open returns the client of c (see the package function Open).
func (c Config) Open(timeout time.Duration) redis.UniversalClient {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	quietRedisLogs.Do(func() { redis.SetLogger(debugLogger{}) })
	off := &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	switch c.Kind {
	case Sentinel:
		return redis.NewFailoverClient(&redis.FailoverOptions{
			MasterName: c.Master, SentinelAddrs: c.Addrs,
			SentinelUsername: c.SentinelUsername, SentinelPassword: c.SentinelPassword,
			Username: c.Username, Password: c.Password, DB: c.DB, TLSConfig: c.TLS,
			DialTimeout: timeout, ReadTimeout: timeout, WriteTimeout: timeout, PoolTimeout: timeout,
			ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1, Protocol: 2, DisableIdentity: true,
		})
	case Cluster:
		return redis.NewClusterClient(&redis.ClusterOptions{
			Addrs: c.Addrs, Username: c.Username, Password: c.Password, TLSConfig: c.TLS,
			DialTimeout: timeout, ReadTimeout: timeout, WriteTimeout: timeout, PoolTimeout: timeout,
			ContextTimeoutEnabled: true, MaxRetries: -1, DialerRetries: 1, Protocol: 2, DisableIdentity: true,
			MaintNotificationsConfig: off,
		})
	}
	opt := *c.single
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout, opt.PoolTimeout = timeout, timeout, timeout, timeout
	opt.ContextTimeoutEnabled = true
	opt.MaxRetries = -1   // a retry would double the worst-case wait
	opt.DialerRetries = 1 // likewise for dialing
	opt.Protocol = 2      // plain RESP2: no push notifications to handle
	opt.DisableIdentity = true
	opt.MaintNotificationsConfig = off
	return redis.NewClient(&opt)
}

// IsCluster reports whether rdb talks to a Redis Cluster, where pub/sub is best sharded
// (SPUBLISH/SSUBSCRIBE) and the keys of one command must share a hash slot.
func IsCluster(rdb redis.UniversalClient) bool {
	_, ok := rdb.(*redis.ClusterClient)
	return ok
}

// go-redis logs every failed dial to stderr, once per request while Redis is down. The cache logs
// each change of Redis's availability once; go-redis's own lines go to slog at debug level. Its
// logger is process-wide, hence the Once.
var quietRedisLogs sync.Once

type debugLogger struct{}

func (debugLogger) Printf(ctx context.Context, format string, v ...any) {
	slog.Default().DebugContext(ctx, "go-redis: "+fmt.Sprintf(format, v...))
}
