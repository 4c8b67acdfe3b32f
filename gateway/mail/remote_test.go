package mail_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	gmail "github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/gateway/mail/mailpittest"
)

// stores is a directory of one store whose payer e-mails are on or off.
type stores bool

func (s stores) MailStore(p gateway.Payment) (gmail.Store, bool) {
	return gmail.Store{Name: p.StoreName, IsTest: p.IsTest}, bool(s)
}

// payments is the remote gateway as a replica reads it.
type payments struct {
	mu sync.Mutex
	p  gateway.Payment
	tx []gateway.Transaction
}

func (f *payments) set(p gateway.Payment, tx []gateway.Transaction) {
	f.mu.Lock()
	f.p, f.tx = p, tx
	f.mu.Unlock()
}

func (f *payments) Payment(context.Context, string) (gateway.Payment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.p, nil
}

func (f *payments) Transactions(context.Context, string) ([]gateway.Transaction, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tx, nil
}

// TestRemoteReplicasSendEachEmailOnce: three replicas sharing one Redis observe the same changes
// many times each (webhooks and polls); each event is e-mailed once, a new part of a payment gets
// its own e-mail, and a store with payer e-mails off gets none.
func TestRemoteReplicasSendEachEmailOnce(t *testing.T) {
	mp := mailpittest.Start(t)
	rdb := redistest.Client(t)
	prefix := redistest.Prefix(t)
	to := mailpittest.Inbox(t)
	src := &payments{}
	var replicas []*gmail.Remote
	for i := 0; i < 3; i++ {
		r, err := gmail.NewRemote(gmail.RemoteConfig{
			Payments: src, Stores: stores(true), Claims: cache.NewRedis(cache.RedisConfig{Client: rdb, Prefix: prefix}),
			Transport: smtpTo(t, mp.SMTPURL()), Renderer: renderer, From: from, Prefix: prefix,
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(r.Close)
		replicas = append(replicas, r)
	}
	observe := func() {
		var wg sync.WaitGroup
		for _, r := range replicas {
			for i := 0; i < 4; i++ {
				wg.Add(1)
				go func() { defer wg.Done(); r.Observe(context.Background(), "p") }()
			}
		}
		wg.Wait()
		for _, r := range replicas {
			r.Wait()
		}
	}
	n := notice(gmail.KindPartial, to, "ja")
	p := *n.Payment
	p.PayerEmail, p.PayerLang = to, "ja"
	src.set(p, n.Txs)
	observe()
	observe()
	mp.Wait(t, to, 1, wait)

	p.IPAmount, p.RemainAmount = gateway.MustAmount("0.001"), gateway.MustAmount("0.0005") // a second part
	src.set(p, n.Txs)
	observe()
	mp.Wait(t, to, 2, wait)

	p.Status, p.IPAmount, p.RemainAmount = gateway.StatusComplete, gateway.MustAmount("0.0015"), gateway.Zero
	src.set(p, n.Txs)
	observe()
	got := mp.Wait(t, to, 3, wait)
	observe()
	if n := len(mp.To(t, to)); n != 3 {
		t.Fatalf("%d e-mails for three events, want 3", n)
	}
	if !strings.Contains(got[0].Subject, "領収書") {
		t.Errorf("the newest e-mail %q is not the Japanese receipt", got[0].Subject)
	}

	off := mailpittest.Inbox(t)
	r, _ := gmail.NewRemote(gmail.RemoteConfig{Payments: src, Stores: stores(false), Claims: cache.NewMemory(10),
		Transport: smtpTo(t, mp.SMTPURL()), Renderer: renderer, From: from})
	p.PayerEmail = off
	src.set(p, n.Txs)
	r.Observe(context.Background(), "p")
	r.Close()
	if n := len(mp.To(t, off)); n != 0 {
		t.Fatalf("a store with payer e-mails off sent %d", n)
	}
}
