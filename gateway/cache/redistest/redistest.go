// Package redistest gives tests a real Redis: the URL to use, a key prefix of their own that is
// cleaned up afterwards, and stand-ins for a Redis that is stopped or hung.
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

// Client connects to URL(t), fails the test when Redis does not answer, and closes at cleanup.
func Client(t testing.TB) *redis.Client {
	t.Helper()
	opt, err := redis.ParseURL(URL(t))
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	rdb := redis.NewClient(opt)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		rdb.Close()
		t.Fatalf("redis at %s does not answer: %v (start it: redis-server --daemonize yes --port 6379)", opt.Addr, err)
	}
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// Prefix returns a key and channel prefix unique to this test and deletes every key under it when
// the test ends. Pub/sub channels ignore the database number, so tests must prefix them too.
func Prefix(t testing.TB) string {
	t.Helper()
	rdb := Client(t)
	var b [6]byte
	rand.Read(b[:])
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name())
	prefix := "test:" + name + ":" + hex.EncodeToString(b[:]) + ":"
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		iter := rdb.Scan(ctx, 0, prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			rdb.Del(ctx, iter.Val())
		}
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
