package engine_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/webhook"
)

// hookReceiver is a merchant's webhook endpoint written from the seed alone: it keeps every request
// and checks its X-Webhook-HMAC-SHA256 against the raw body with its own HMAC code. answer gives the
// status for the n-th request (0-based).
type hookReceiver struct {
	secret string
	answer func(n int) int

	mu       sync.Mutex
	bodies   [][]byte
	verified []bool
	signed   []bool
}

func newHookReceiver(t *testing.T, secret string, answer func(n int) int) (*hookReceiver, *httptest.Server) {
	r := &hookReceiver{secret: secret, answer: answer}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv
}

func (r *hookReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	sig, signed := req.Header["X-Webhook-Hmac-Sha256"]
	mac := hmac.New(sha256.New, []byte(r.secret))
	mac.Write(body)
	want := hex.EncodeToString(mac.Sum(nil))
	r.mu.Lock()
	n := len(r.bodies)
	r.bodies = append(r.bodies, body)
	r.signed = append(r.signed, signed)
	r.verified = append(r.verified, signed && len(sig) == 1 && sig[0] == want)
	r.mu.Unlock()
	w.WriteHeader(r.answer(n))
}

func (r *hookReceiver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.bodies)
}

func (r *hookReceiver) body(i int) []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bodies[i]
}

func always(status int) func(int) int { return func(int) int { return status } }

func hookStore(t *testing.T, e *engine.Engine, url, secret string, test bool) gateway.Store {
	return gw2Store(t, e, engine.NewStore{IsTest: test, WebhookURL: url, WebhookSecret: secret})
}

func deliverOnce(t *testing.T, d *engine.Deliverer) int {
	t.Helper()
	n, err := d.DeliverDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWebhookSignedOverTheExactBytes(t *testing.T) {
	rc, srv := newHookReceiver(t, "whsec_1", always(200))
	e := gw2Engine(t, t.TempDir(), nil)
	s := hookStore(t, e, srv.URL+"/hook", "whsec_1", true)
	p := newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
	pay(t, e, s, p.PaymentID, "0.004")
	d := e.NewDeliverer(engine.DeliveryConfig{})
	for deliverOnce(t, d) > 0 {
	}
	if got := rc.count(); got != 2 {
		t.Fatalf("receiver got %d webhooks, want 2 (creation and transaction)", got)
	}
	queued := events(t, e, s, p.PaymentID)
	for i := range 2 {
		if !rc.verified[i] {
			t.Errorf("webhook %d: signature does not verify over the received bytes", i)
		}
		if got, want := string(rc.body(i)), string(queued[i].Body); got != want {
			t.Errorf("webhook %d: received %s, queued %s", i, got, want)
		}
		if queued[i].State != engine.DeliveryDelivered || queued[i].Attempts != 1 || queued[i].LastStatus != 200 {
			t.Errorf("webhook %d: state %s attempts %d status %d", i, queued[i].State, queued[i].Attempts, queued[i].LastStatus)
		}
	}
	var msg struct {
		Type, Event string
		Payment     gateway.Payment
	}
	if err := json.Unmarshal(rc.body(1), &msg); err != nil {
		t.Fatal(err)
	}
	if msg.Type != "notification" || msg.Event != "payment.open" || msg.Payment.PaymentID != p.PaymentID ||
		!msg.Payment.IPAmount.Equal(gateway.MustAmount("0.004")) {
		t.Errorf("second webhook = %s", rc.body(1))
	}
	if strings.Contains(string(rc.body(0)), "\n") || strings.Contains(string(rc.body(0)), ": ") {
		t.Errorf("body is not compact JSON: %s", rc.body(0))
	}
}

func TestWebhookWithoutSecretIsUnsigned(t *testing.T) {
	rc, srv := newHookReceiver(t, "", always(200))
	e := gw2Engine(t, t.TempDir(), nil)
	s := hookStore(t, e, srv.URL, "", true)
	empty := ""
	if _, err := e.UpdateStore(context.Background(), s.StoreID, engine.StoreChange{WebhookSecret: &empty}); err != nil {
		t.Fatal(err)
	}
	newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
	deliverOnce(t, e.NewDeliverer(engine.DeliveryConfig{}))
	if rc.count() != 1 || rc.signed[0] {
		t.Errorf("got %d webhooks, signed %v; want one without the signature header", rc.count(), rc.signed)
	}
}

// A receiver that fails twice and then accepts gets exactly three attempts of the event, each after
// its wait; passes after the acceptance send nothing more.
func TestWebhookRetriedUntilAccepted(t *testing.T) {
	rc, srv := newHookReceiver(t, "k", func(n int) int { return []int{500, 503, 200, 200, 200}[min(n, 4)] })
	e, clock := newGW2(t)
	s := hookStore(t, e, srv.URL, "k", true)
	d := e.NewDeliverer(engine.DeliveryConfig{Schedule: []time.Duration{10 * time.Second, 30 * time.Second,
		time.Minute, time.Minute}})

	p := newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
	for i, wait := range []time.Duration{0, 10 * time.Second, 30 * time.Second} {
		clock.Advance(wait - time.Second)
		if n := deliverOnce(t, d); n != 0 {
			t.Fatalf("attempt %d sent %d webhooks a second before its wait ended", i+1, n)
		}
		clock.Advance(time.Second)
		if n := deliverOnce(t, d); n != 1 {
			t.Fatalf("attempt %d: %d webhooks sent, want 1", i+1, n)
		}
	}
	for range 5 {
		clock.Advance(time.Minute)
		deliverOnce(t, d)
	}
	if got := rc.count(); got != 3 {
		t.Fatalf("receiver got %d attempts, want exactly 3", got)
	}
	ev := events(t, e, s, p.PaymentID)[0]
	attempts, err := e.WebhookAttempts(context.Background(), ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	var statuses []int
	for _, a := range attempts {
		statuses = append(statuses, a.Status)
	}
	if len(statuses) != 3 || statuses[0] != 500 || statuses[1] != 503 || statuses[2] != 200 {
		t.Errorf("recorded attempts %v, want [500 503 200]", statuses)
	}
	if ev.Attempts != 3 {
		t.Errorf("attempts = %d, want 3", ev.Attempts)
	}
	for i := range 3 {
		if !rc.verified[i] || string(rc.body(i)) != string(rc.body(0)) {
			t.Errorf("attempt %d: not the same signed bytes", i)
		}
	}
}

// Once the schedule is used up (the first attempt and one per wait), the webhook is given up.
func TestWebhookGivenUpAfterTheSchedule(t *testing.T) {
	rc, srv := newHookReceiver(t, "k", always(500))
	e := gw2Engine(t, t.TempDir(), nil)
	s := hookStore(t, e, srv.URL, "k", true)
	p := newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
	d := e.NewDeliverer(engine.DeliveryConfig{Schedule: []time.Duration{time.Millisecond, time.Millisecond}})
	for range 6 {
		deliverOnce(t, d)
	}
	if got := rc.count(); got != 3 {
		t.Errorf("receiver got %d attempts, want 3", got)
	}
	ev := events(t, e, s, p.PaymentID)[0]
	if ev.State != engine.DeliveryFailed || ev.Attempts != 3 || ev.LastStatus != 500 || ev.LastError == "" {
		t.Errorf("webhook: state %s attempts %d status %d error %q", ev.State, ev.Attempts, ev.LastStatus, ev.LastError)
	}

	// The operator sends it again once the endpoint is fixed.
	rc.answer = always(200)
	if _, err := e.Redeliver(context.Background(), ev.ID); err != nil {
		t.Fatal(err)
	}
	deliverOnce(t, d)
	ev = events(t, e, s, p.PaymentID)[0]
	if ev.State != engine.DeliveryDelivered || rc.count() != 4 || string(rc.body(3)) != string(rc.body(0)) {
		t.Errorf("after redeliver: state %s, %d requests", ev.State, rc.count())
	}
	_, err := e.Redeliver(context.Background(), 999999)
	mustCode(t, err, gateway.ErrCodeNotFound)
}

// One object's events reach the merchant in the order they happened, even when the first needs
// retries.
func TestWebhooksOfOneObjectStayInOrder(t *testing.T) {
	rc, srv := newHookReceiver(t, "k", func(n int) int {
		if n == 0 {
			return 500
		}
		return 200
	})
	e := gw2Engine(t, t.TempDir(), nil)
	s := hookStore(t, e, srv.URL, "k", true)
	p := newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
	pay(t, e, s, p.PaymentID, "0.01")
	d := e.NewDeliverer(engine.DeliveryConfig{Schedule: []time.Duration{time.Millisecond}})
	for range 4 {
		deliverOnce(t, d)
	}
	if got := rc.count(); got != 3 {
		t.Fatalf("receiver got %d requests, want 3", got)
	}
	var ips []string
	for i := range 3 {
		var m struct{ Payment gateway.Payment }
		if err := json.Unmarshal(rc.body(i), &m); err != nil {
			t.Fatal(err)
		}
		ips = append(ips, m.Payment.IPAmount.String())
	}
	if got, want := strings.Join(ips, ","), "0,0,0.01"; got != want {
		t.Errorf("ip_amount of the requests in order = %s, want %s (creation, its retry, then the transaction)", got, want)
	}
}

// The outbox is the state: an engine dropped with webhooks pending (no Close, nothing sent) and a
// new one opened on the same data directory delivers them.
func TestPendingWebhooksSurviveAReopen(t *testing.T) {
	rc, srv := newHookReceiver(t, "k", always(200))
	dir := t.TempDir()
	first := gw2Engine(t, dir, nil)
	s := hookStore(t, first, srv.URL, "k", true)
	p := newPayment(t, first, s, fixedCrypto("0.01", "BTC"))
	second := gw2Engine(t, dir, nil)
	deliverOnce(t, second.NewDeliverer(engine.DeliveryConfig{}))
	if rc.count() != 1 || !rc.verified[0] || !strings.Contains(string(rc.body(0)), p.PaymentID) {
		t.Errorf("after reopening: %d webhooks, verified %v", rc.count(), rc.verified)
	}
}

// Live stores may not post to private addresses (the receiver is on loopback) unless allowed.
func TestLiveStoreWebhookToPrivateAddress(t *testing.T) {
	rc, srv := newHookReceiver(t, "k", always(200))
	e := gw2Engine(t, t.TempDir(), nil)
	s := hookStore(t, e, srv.URL, "k", false)
	p := newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
	deliverOnce(t, e.NewDeliverer(engine.DeliveryConfig{}))
	if rc.count() != 0 {
		t.Fatalf("a live store's webhook reached a loopback receiver")
	}
	ev := events(t, e, s, p.PaymentID)[0]
	if ev.State != engine.DeliveryPending || ev.Attempts != 1 || !strings.Contains(ev.LastError, "private") {
		t.Errorf("refused webhook: state %s attempts %d error %q", ev.State, ev.Attempts, ev.LastError)
	}
	if _, err := e.Redeliver(context.Background(), ev.ID); err != nil {
		t.Fatal(err)
	}
	deliverOnce(t, e.NewDeliverer(engine.DeliveryConfig{Private: webhook.PrivateForAll}))
	if rc.count() != 1 {
		t.Errorf("with WEBHOOK_ALLOW_PRIVATE the receiver got %d webhooks, want 1", rc.count())
	}
}

func TestWithdrawWebhookDelivered(t *testing.T) {
	rc, srv := newHookReceiver(t, "k", always(200))
	e := gw2Engine(t, t.TempDir(), nil)
	s := hookStore(t, e, srv.URL, "k", true)
	fund(t, e, s, "TRX", "100")
	d := e.NewDeliverer(engine.DeliveryConfig{})
	for deliverOnce(t, d) > 0 {
	}
	before := rc.count()
	w, err := e.CreateWithdraw(context.Background(), s, withdrawReq("20", "", "TRX", trxDest))
	if err != nil {
		t.Fatal(err)
	}
	deliverOnce(t, d)
	if rc.count() != before+1 || !rc.verified[before] {
		t.Fatalf("withdrawal webhook not delivered signed")
	}
	var m struct {
		Type, Event string
		Withdraw    gateway.Withdraw
	}
	if err := json.Unmarshal(rc.body(before), &m); err != nil {
		t.Fatal(err)
	}
	if m.Event != "withdraw.complete" || m.Withdraw.WithdrawID != w.WithdrawID || m.Withdraw.Status != "COMPLETE" {
		t.Errorf("withdrawal webhook = %s", rc.body(before))
	}
}

// With WEBHOOK_ALLOW_PRIVATE=false (hosted sandboxes) a test store's webhook to a loopback receiver
// is refused too; by default it goes.
func TestTestStoreWebhookToPrivateAddress(t *testing.T) {
	rc, srv := newHookReceiver(t, "k", always(200))
	e := gw2Engine(t, t.TempDir(), nil)
	s := hookStore(t, e, srv.URL, "k", true)
	p := newPayment(t, e, s, fixedCrypto("0.01", "BTC"))
	deliverOnce(t, e.NewDeliverer(engine.DeliveryConfig{Private: webhook.PrivateForNone}))
	if rc.count() != 0 {
		t.Fatalf("with WEBHOOK_ALLOW_PRIVATE=false a test store's webhook reached a loopback receiver")
	}
	ev := events(t, e, s, p.PaymentID)[0]
	if ev.State != engine.DeliveryPending || !strings.Contains(ev.LastError, "private") {
		t.Errorf("refused webhook: state %s error %q", ev.State, ev.LastError)
	}
	if _, err := e.Redeliver(context.Background(), ev.ID); err != nil {
		t.Fatal(err)
	}
	deliverOnce(t, e.NewDeliverer(engine.DeliveryConfig{}))
	if rc.count() != 1 {
		t.Errorf("by default (test) the test store's webhook reached the receiver %d times, want 1", rc.count())
	}
}
