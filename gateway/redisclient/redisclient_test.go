package redisclient_test

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/redisclient"
)

func TestParse(t *testing.T) {
	tests := []struct {
		url  string
		want string // Kind Addrs Master DB user:password sentinel-user:password TLS-server-name
	}{
		{"redis://127.0.0.1:6379/2", "single [127.0.0.1:6379]  2 : : "},
		{"rediss://:s3cret@cache.example:6380/0", "single [cache.example:6380]  0 :s3cret : cache.example"},
		{"redis-sentinel://10.0.0.1:26379,10.0.0.2,[::1]:26380/1?master=mymaster",
			"sentinel [10.0.0.1:26379 10.0.0.2:26379 [::1]:26380] mymaster 1 : : "},
		{"rediss-sentinel://app:p%40ss@s1.example:26379?master_name=main&sentinel_password=sp",
			"sentinel [s1.example:26379] main 0 app:p@ss :sp s1.example"},
		{"redis-cluster://h1:7000,h2:7001,h3", "cluster [h1:7000 h2:7001 h3:6379]  0 : : "},
		{"rediss-cluster://default:pw@node1.example:6379,node2.example:6379/", "cluster [node1.example:6379 node2.example:6379]  0 default:pw : node1.example"},
	}
	for _, tt := range tests {
		c, err := redisclient.Parse(tt.url)
		if err != nil {
			t.Errorf("%s: %v", tt.url, err)
			continue
		}
		server := ""
		if c.TLS != nil {
			server = c.TLS.ServerName
		}
		got := fmt.Sprintf("%s %v %s %d %s:%s %s:%s %s", c.Kind, c.Addrs, c.Master, c.DB, c.Username, c.Password,
			c.SentinelUsername, c.SentinelPassword, server)
		if got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.url, got, tt.want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for url, want := range map[string]string{
		"localhost:6379":                           "must start with",
		"memcached://h:11211":                      `scheme "memcached"`,
		"redis-sentinel://h1:26379,h2:26379":       "needs ?master=",
		"redis-sentinel://h1?master=m&typo=1":      `unknown parameter "typo"`,
		"redis-cluster://h1:7000?master=m":         `unknown parameter "master"`,
		"redis-cluster://h1:7000/3":                "database 0 only",
		"redis-cluster://":                         "at least one host:port",
		"redis-sentinel://h1/x?master=m":           `database "x"`,
		"redis-cluster://u:p%zz@h1:7000":           "not URL-encoded",
		"redis://h:6379/notanumber":                "REDIS_URL",
		"redis-sentinel://:secret@:26379?master=m": "has no host",
	} {
		_, err := redisclient.Parse(url)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want one saying %q", url, err, want)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: the error repeats the password: %v", url, err)
		}
	}
}

// Each URL form reaches its Redis: the client works, and it is the shape the URL says.
func TestOpenEachSetup(t *testing.T) {
	redistest.Topologies(t, func(t *testing.T, url string) {
		rdb := redistest.ClientFor(t, url)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		prefix := redistest.PrefixOn(t, rdb)
		// Many keys, so that on a Cluster they land on every master.
		for i := range 30 {
			if err := rdb.Set(ctx, fmt.Sprintf("%sk%d", prefix, i), i, time.Minute).Err(); err != nil {
				t.Fatalf("SET: %v", err)
			}
		}
		for i := range 30 {
			if got, err := rdb.Get(ctx, fmt.Sprintf("%sk%d", prefix, i)).Int(); err != nil || got != i {
				t.Fatalf("GET k%d = %d, %v", i, got, err)
			}
		}
		c, _ := redisclient.Parse(url)
		if got, want := redisclient.IsCluster(rdb), c.Kind == redisclient.Cluster; got != want {
			t.Errorf("IsCluster = %v for a %s URL", got, c.Kind)
		}
		switch c.Kind {
		case redisclient.Cluster:
			var masters atomic.Int32 // ForEachMaster calls each master on its own goroutine
			err := rdb.(*redis.ClusterClient).ForEachMaster(ctx, func(ctx context.Context, node *redis.Client) error {
				n, err := node.DBSize(ctx).Result()
				if err == nil && n > 0 {
					masters.Add(1)
				}
				return err
			})
			if err != nil || masters.Load() < 2 {
				t.Errorf("keys on %d masters (%v): the client does not spread keys over the cluster", masters.Load(), err)
			}
		default:
			role, err := rdb.Do(ctx, "ROLE").Slice()
			if err != nil || len(role) == 0 || role[0] != "master" {
				t.Errorf("ROLE = %v, %v: want the master", role, err)
			}
		}
	})
}
