// Package redistest gives tests a real Redis: the URL to use (one server, and for the tests of
// operators' setups a Redis Cluster and a Sentinel-managed master), a key prefix of their own that
// is cleaned up afterwards, and stand-ins for a Redis that is stopped or hung.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cryptocheckout/checkout/gateway/redisclient"
)

// DefaultURL is used when REDIS_URL is unset outside CI, so that local runs work.
const DefaultURL = "redis://127.0.0.1:6379/0"

// URL is REDIS_URL. When it is unset the test fails if CI=true (CI must provide Redis) and
// otherwise uses DefaultURL.
func URL(t testing.TB) string {
	t.Helper()
	if u := os.Getenv("REDIS_URL"); u != "" {
		return u
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("REDIS_URL is not set; CI must run the tests against a real Redis")
	}
	return DefaultURL
}

// ClusterURL is REDIS_CLUSTER_URL, a redis-cluster:// URL of a real Redis Cluster (.ci/test starts
// one). When it is unset the test fails if CI=true and is skipped otherwise.
func ClusterURL(t testing.TB) string {
	t.Helper()
	return optionalURL(t, "REDIS_CLUSTER_URL", "a Redis Cluster")
}

// SentinelURL is REDIS_SENTINEL_URL, a redis-sentinel:// URL of a master watched by real
// sentinels (.ci/test starts them), with the same rule as ClusterURL.
func SentinelURL(t testing.TB) string {
	t.Helper()
	return optionalURL(t, "REDIS_SENTINEL_URL", "Redis Sentinel")
}

func optionalURL(t testing.TB, name, what string) string {
	t.Helper()
	if u := os.Getenv(name); u != "" {
		return u
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set; CI must run this test against %s (.ci/test starts one)", name, what)
	}
	t.Skipf("%s is not set: start %s as .ci/test does to run this test", name, what)
	return ""
}

// Client connects to URL(t), fails the test when Redis does not answer, and closes at cleanup.
func Client(t testing.TB) redis.UniversalClient {
	t.Helper()
	return ClientFor(t, URL(t))
}

// ClientFor connects to url (any REDIS_URL form) as the product does, with test-sized timeouts,
// fails the test when Redis does not answer, and closes at cleanup.
func ClientFor(t testing.TB, url string) redis.UniversalClient {
	t.Helper()
	rdb, err := redisclient.Open(url, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		t.Fatalf("redis at %s does not answer: %v (start it: redis-server --daemonize yes --port 6379)", url, err)
	}
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// Prefix returns a key and channel prefix unique to this test and deletes every key under it when
// the test ends. Pub/sub channels ignore the database number, so tests must prefix them too.
func Prefix(t testing.TB) string {
	t.Helper()
	return PrefixOn(t, Client(t))
}

// PrefixOn is Prefix on the Redis of rdb; on a Cluster the keys are deleted from every master.
func PrefixOn(t testing.TB, rdb redis.UniversalClient) string {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	prefix := "test:" + name + ":" + hex.EncodeToString(b[:]) + ":"
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		clean := func(ctx context.Context, node redis.Cmdable) error {
			iter := node.Scan(ctx, 0, prefix+"*", 100).Iterator()
			for iter.Next(ctx) {
				rdb.Del(ctx, iter.Val())
			}
			return iter.Err()
		}
		if c, ok := rdb.(*redis.ClusterClient); ok {
			c.ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error { return clean(ctx, node) })
			return
		}
		clean(ctx, rdb)
	})
	return prefix
}

// Blackhole starts a TCP listener that accepts connections and never answers, and returns a Redis
// URL pointing at it: a hung Redis.
func Blackhole(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c) // held open, never read or written
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return "redis://" + ln.Addr().String() + "/0"
}

// Stopped returns a Redis URL of a local port where a listener was opened and closed: a stopped
// Redis, refusing connections.
func Stopped(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "redis://" + addr + "/0"
}

// Topologies runs test once per Redis setup the product supports: one server (REDIS_URL), a
// Cluster (REDIS_CLUSTER_URL) and a master behind Sentinel (REDIS_SENTINEL_URL).
func Topologies(t *testing.T, test func(t *testing.T, url string)) {
	t.Helper()
	t.Run("single", func(t *testing.T) { test(t, URL(t)) })
	t.Run("cluster", func(t *testing.T) { test(t, ClusterURL(t)) })
	t.Run("sentinel", func(t *testing.T) { test(t, SentinelURL(t)) })
}
