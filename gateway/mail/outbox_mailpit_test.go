package mail_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/engine"
	gmail "github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/gateway/mail/mailpittest"
)

// clock is a settable clock shared by the engine and the sender.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type rig struct {
	dir   string
	clk   *clock
	eng   *engine.Engine
	store gateway.Store
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{dir: t.TempDir(), clk: &clock{now: created}}
	r.open(t)
	s, _, err := r.eng.CreateStore(context.Background(), engine.NewStore{Name: "Café", IsTest: true, Page: engine.StorePageChange{PayerEmails: new(true)}})
	if err != nil {
		t.Fatal(err)
	}
	r.store = s
	return r
}

// open opens (again) the engine on the rig's directory: a restart.
func (r *rig) open(t *testing.T) {
	t.Helper()
	eng, err := engine.Open(context.Background(), engine.Config{DataDir: r.dir, DatabaseURL: dbtest.URLFor(t, r.dir), PublicURL: "https://pay.example", Now: r.clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	r.eng = eng
	t.Cleanup(func() { eng.Close() })
}

func (r *rig) sender(t *testing.T, tr gmail.Transport) *gmail.Sender {
	t.Helper()
	s, err := gmail.NewSender(gmail.SenderConfig{Outbox: r.eng.MailOutbox(), Transport: tr, Renderer: renderer, From: from,
		Schedule: []time.Duration{time.Minute, time.Hour}, Now: r.clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (r *rig) dedicate(t *testing.T, to, lang string) gateway.Dedicate {
	t.Helper()
	d, err := r.eng.CreateDedicate(context.Background(), r.store, gateway.CreateDedicateRequest{AssetID: "USDT.TRC20",
		MerchantFields: gateway.MerchantFields{PayerEmail: to, PayerLang: lang, PayerName: "Ana"}})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func sendDue(t *testing.T, s *gmail.Sender) int {
	t.Helper()
	n, err := s.SendDue(context.Background())
	if err != nil {
		t.Fatalf("SendDue: %v", err)
	}
	return n
}

// TestOutboxRestartSendsNothingTwice: an e-mail sent before a restart is not sent after it, and
// one queued but not sent before the restart is sent after it.
func TestOutboxRestartSendsNothingTwice(t *testing.T) {
	mp := mailpittest.Start(t)
	r := newRig(t)
	first, second := mailpittest.Inbox(t), mailpittest.Inbox(t)
	r.dedicate(t, first, "en")
	if got := sendDue(t, r.sender(t, smtpTo(t, mp.SMTPURL()))); got != 1 {
		t.Fatalf("sent %d, want 1", got)
	}
	r.dedicate(t, second, "en") // queued, then the process stops before sending it
	r.eng.Close()

	r.open(t)
	s := r.sender(t, smtpTo(t, mp.SMTPURL()))
	if got := sendDue(t, s); got != 1 {
		t.Fatalf("after the restart sent %d, want only the one not sent before", got)
	}
	if got := sendDue(t, s); got != 0 {
		t.Fatalf("a second pass sent %d more", got)
	}
	mp.Wait(t, second, 1, wait)
	if n := len(mp.To(t, first)); n != 1 {
		t.Fatalf("%s got %d e-mails, want exactly 1", first, n)
	}
	if n := len(mp.To(t, second)); n != 1 {
		t.Fatalf("%s got %d e-mails, want exactly 1", second, n)
	}
}

// TestSMTPDownThenUp: while the mail server is down the e-mail stays in the outbox with the error
// and its next attempt; once the server is back it is delivered, once.
func TestSMTPDownThenUp(t *testing.T) {
	mp := mailpittest.Start(t)
	r := newRig(t)
	relay := mp.NewRelay(t)
	to := mailpittest.Inbox(t)
	d := r.dedicate(t, to, "fa")
	s := r.sender(t, smtpTo(t, relay.URL()))
	if got := sendDue(t, s); got != 0 {
		t.Fatalf("sent %d with the server down", got)
	}
	mails, _ := r.eng.ListMails(context.Background(), "", 10)
	m := mails[0]
	if m.ObjectID != d.DedicateID || m.State() != "pending" || m.Attempts != 1 || m.LastError == "" ||
		!m.NextAttemptAt.Equal(created.Add(time.Minute)) {
		t.Fatalf("after a failed attempt: %+v", m)
	}
	relay.Start(t)
	if got := sendDue(t, s); got != 0 {
		t.Fatalf("sent %d before the retry was due", got)
	}
	r.clk.Advance(time.Minute)
	if got := sendDue(t, s); got != 1 {
		t.Fatalf("sent %d once the server was back, want 1", got)
	}
	got := mp.Message(t, mp.Wait(t, to, 1, wait)[0].ID)
	if !strings.Contains(got.HTML, `dir="rtl"`) {
		t.Errorf("the Persian e-mail is not right to left")
	}
	m, _ = r.eng.MailByID(context.Background(), m.ID)
	if m.State() != "sent" || m.Attempts != 2 {
		t.Fatalf("after delivery: state %s, %d attempts", m.State(), m.Attempts)
	}
	r.clk.Advance(time.Hour)
	if got := sendDue(t, s); got != 0 || len(mp.To(t, to)) != 1 {
		t.Fatalf("a sent e-mail went again")
	}
}

// TestGivenUpAfterTheSchedule: a server that never comes back ends the e-mail as failed after the
// first attempt and one per wait.
func TestGivenUpAfterTheSchedule(t *testing.T) {
	mp := mailpittest.Start(t)
	r := newRig(t)
	r.dedicate(t, mailpittest.Inbox(t), "en")
	s := r.sender(t, smtpTo(t, mp.NewRelay(t).URL()))
	for i := 0; i < 3; i++ {
		sendDue(t, s)
		r.clk.Advance(time.Hour)
	}
	mails, _ := r.eng.ListMails(context.Background(), "", 1)
	if m := mails[0]; m.State() != "failed" || m.Attempts != 3 {
		t.Fatalf("after the schedule: state %s, %d attempts", m.State(), m.Attempts)
	}
	if err := r.eng.ResendMail(context.Background(), mails[0].ID); err != nil {
		t.Fatal(err)
	}
	if m, _ := r.eng.MailByID(context.Background(), mails[0].ID); m.State() != "pending" || m.Attempts != 0 {
		t.Fatalf("after resend: state %s, %d attempts", m.State(), m.Attempts)
	}
}

// TestKeptMessageIsWhatArrives: the message kept in the outbox (what "checkout mail show" prints)
// is byte for byte what the server received, after the headers the server adds itself.
func TestKeptMessageIsWhatArrives(t *testing.T) {
	mp := mailpittest.Start(t)
	r := newRig(t)
	to := mailpittest.Inbox(t)
	r.dedicate(t, to, "ar")
	sendDue(t, r.sender(t, smtpTo(t, mp.SMTPURL())))
	mails, _ := r.eng.ListMails(context.Background(), "", 1)
	kept := mails[0].Message
	if len(kept) == 0 {
		t.Fatal("no message kept")
	}
	raw := mp.Raw(t, mp.Wait(t, to, 1, wait)[0].ID)
	if !bytes.HasSuffix(bytes.TrimRight(raw, "\r\n"), bytes.TrimRight(kept, "\r\n")) {
		t.Fatalf("the server received something else than the kept message:\n%s", raw[:min(len(raw), 400)])
	}
}
