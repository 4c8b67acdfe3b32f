package live_test

import (
	"context"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/redisclient"
)

// newReplicaHub starts a RedisHub as one replica would, on its own connection to url.
func newReplicaHub(t *testing.T, url, prefix string) *live.RedisHub {
	t.Helper()
	rdb, err := redisclient.Open(url, 0)
	if err != nil {
		t.Fatal(err)
	}
	h := live.NewRedisHub(rdb, live.RedisHubConfig{Prefix: prefix, HealthCheck: 300 * time.Millisecond})
	t.Cleanup(func() { h.Close(); rdb.Close() })
	return h
}

func waitSubscribed(t *testing.T, hubs ...*live.RedisHub) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, h := range hubs {
		if err := h.WaitSubscribed(ctx); err != nil {
			t.Fatal(err)
		}
	}
}

// received waits up to d for a signal.
func received(ch <-chan struct{}, d time.Duration) bool {
	select {
	case <-ch:
		return true
	case <-time.After(d):
		return false
	}
}

// On one server, on a Cluster (sharded pub/sub) and behind Sentinel alike.
func TestRedisHubReachesOtherReplicas(t *testing.T) {
	redistest.Topologies(t, testReachesOtherReplicas)
}

func testReachesOtherReplicas(t *testing.T, url string) {
	prefix := redistest.PrefixOn(t, redistest.ClientFor(t, url))
	a, b := newReplicaHub(t, url, prefix), newReplicaHub(t, url, prefix)
	waitSubscribed(t, a, b)

	topic := live.PaymentTopic("p1")
	onA, stopA := a.Subscribe(topic)
	defer stopA()
	onB, stopB := b.Subscribe(topic)
	defer stopB()
	otherB, stopOther := b.Subscribe(live.PaymentTopic("p2"))
	defer stopOther()

	a.Publish(topic)
	if !received(onB, 2*time.Second) {
		t.Fatal("a Publish on replica A did not reach a subscriber on replica B")
	}
	if !received(onA, time.Second) {
		t.Fatal("a Publish on replica A did not reach its own subscriber")
	}
	// A's own message comes back from Redis; it must not signal A's subscriber a second time.
	if received(onA, 300*time.Millisecond) {
		t.Error("replica A's subscriber was signalled twice for one Publish")
	}
	if received(otherB, 100*time.Millisecond) {
		t.Error("a subscriber of another topic was signalled")
	}

	b.Publish(topic)
	if !received(onA, 2*time.Second) {
		t.Fatal("a Publish on replica B did not reach replica A")
	}
	if got, want := b.Subscribers(topic), 1; got != want {
		t.Errorf("Subscribers = %d, want %d", got, want)
	}
}

func TestRedisHubPrefixesIsolateDeployments(t *testing.T) {
	redistest.Topologies(t, testPrefixesIsolateDeployments)
}

func testPrefixesIsolateDeployments(t *testing.T, url string) {
	base := redistest.PrefixOn(t, redistest.ClientFor(t, url))
	// "[ab]*" as a glob would match the other deployment's channels; as a prefix it must not.
	a := newReplicaHub(t, url, base+"a:")
	b := newReplicaHub(t, url, base+"[ab]*:")
	waitSubscribed(t, a, b)
	onA, stopA := a.Subscribe("payment:x")
	defer stopA()
	onB, stopB := b.Subscribe("payment:x")
	defer stopB()
	a.Publish("payment:x")
	if received(onB, 300*time.Millisecond) {
		t.Error("a hub with another prefix received the signal")
	}
	if !received(onA, time.Second) { // its own, delivered locally
		t.Fatal("a's subscriber missed a's publish")
	}
	b.Publish("payment:x")
	if received(onA, 300*time.Millisecond) {
		t.Error("a hub with another prefix received the signal")
	}
	if !received(onB, time.Second) {
		t.Error("a prefix with glob characters does not reach its own subscribers")
	}
}

func TestRedisHubRecoversFromRedisRestart(t *testing.T) {
	prefix := redistest.Prefix(t)
	proxy := redistest.NewProxy(t)
	a := newReplicaHub(t, proxy.URL(), prefix) // reaches Redis through the proxy
	b := newReplicaHub(t, redistest.URL(t), prefix)
	waitSubscribed(t, a, b)
	onA, stop := a.Subscribe("payment:p1")
	defer stop()

	proxy.Stop()
	// Redis is gone for A: its own payers still hear of local changes, at once.
	start := time.Now()
	for range 100 {
		a.Publish("payment:p1")
	}
	if took := time.Since(start); took > 50*time.Millisecond {
		t.Errorf("100 Publish calls with Redis down took %v: Publish must not wait on Redis", took)
	}
	if !received(onA, 100*time.Millisecond) {
		t.Fatal("local subscriber not signalled while Redis is down")
	}
	deadline := time.Now().Add(3 * time.Second)
	for a.Health() == nil && time.Now().Before(deadline) {
		a.Publish("payment:p1")
		time.Sleep(50 * time.Millisecond)
	}
	if a.Health() == nil {
		t.Error("Health is nil while Redis is unreachable")
	}
	for received(onA, 50*time.Millisecond) { // drain
	}

	proxy.Restart()
	// After resubscribing, A signals its subscribers once: what B published meanwhile was lost.
	if !received(onA, 5*time.Second) {
		t.Fatal("no catch-up signal after the subscription came back")
	}
	b.Publish("payment:p1")
	if !received(onA, 2*time.Second) {
		t.Fatal("after the restart a Publish on B does not reach A")
	}
	deadline = time.Now().Add(3 * time.Second)
	for a.Health() != nil && time.Now().Before(deadline) {
		a.Publish("payment:p1")
		time.Sleep(50 * time.Millisecond)
	}
	if err := a.Health(); err != nil {
		t.Errorf("Health after recovery: %v", err)
	}
}

func TestRedisHubPublishNeverBlocksOnAHungRedis(t *testing.T) {
	prefix := redistest.Prefix(t)
	proxy := redistest.NewProxy(t)
	a := newReplicaHub(t, proxy.URL(), prefix)
	waitSubscribed(t, a)
	proxy.Blackhole()
	start := time.Now()
	for range 5000 { // more than the queue holds
		a.Publish("payment:p1")
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("5000 Publish calls on a hung Redis took %v", took)
	}
	start = time.Now()
	a.Close()
	if took := time.Since(start); took > time.Second {
		t.Errorf("Close with a hung Redis took %v: queued topics must be dropped, not sent", took)
	}
}
