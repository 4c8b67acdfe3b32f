package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"time"
)

// Queued is an e-mail of the outbox that is due.
type Queued struct {
	ID       int64
	Notice   Notice
	Message  []byte // the composed message once frozen; nil before the first composition
	Attempts int
}

// Outcome is what became of one attempt to send an e-mail.
type Outcome struct {
	Sent    bool
	Failed  bool      // given up: no more attempts
	RetryAt time.Time // when neither sent nor failed
	Error   string    // why it was not sent
}

// Outbox is the persisted queue of e-mails the sender works off (the engine's mails table).
type Outbox interface {
	// DueMails lists up to limit e-mails due now, oldest first.
	DueMails(ctx context.Context, limit int) ([]Queued, error)
	// FreezeMail keeps message as the e-mail's exact bytes unless it already has some, and
	// returns the bytes kept: every attempt, and "checkout mail show", sends and shows the same.
	FreezeMail(ctx context.Context, id int64, message []byte) ([]byte, error)
	// RecordMail writes an attempt's outcome.
	RecordMail(ctx context.Context, id int64, o Outcome) error
}

// Transport hands one finished message to the mail system (SMTP does).
type Transport interface {
	Send(ctx context.Context, from, to string, message []byte) error
}

// Observer counts attempts by the e-mail's kind and the outcome (OutcomeSent, OutcomeRetry,
// OutcomeFailed).
type Observer interface {
	MailSent(kind, outcome string)
}

// Outcomes told to an Observer.
const (
	OutcomeSent   = "sent"
	OutcomeRetry  = "retry"
	OutcomeFailed = "failed"
)

func observe(o Observer, kind Kind, out Outcome) {
	if o == nil {
		return
	}
	switch {
	case out.Sent:
		o.MailSent(string(kind), OutcomeSent)
	case out.Failed:
		o.MailSent(string(kind), OutcomeFailed)
	default:
		o.MailSent(string(kind), OutcomeRetry)
	}
}

// DefaultSchedule are the waits before each retry: a mail server that is down for a day still
// gets every e-mail once it is back.
var DefaultSchedule = []time.Duration{
	30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 12 * time.Hour,
}

// SenderConfig configures a Sender. Zero values take the defaults.
type SenderConfig struct {
	Outbox    Outbox
	Transport Transport
	Renderer  Renderer
	From      *mail.Address
	Logos     LogoSource       // the stores' logos; e-mails go without one when nil
	Observer  Observer         // told of every attempt, for metrics; may be nil
	Schedule  []time.Duration  // DefaultSchedule when nil
	Interval  time.Duration    // how often the outbox is read; 1 s when 0
	Timeout   time.Duration    // per e-mail; 60 s when 0
	Now       func() time.Time // time.Now when nil
	Log       *slog.Logger
}

// Sender sends the outbox. Nothing is claimed in the database: an e-mail counts as sent once its
// outcome is recorded, so a process killed at any moment loses none, and one whose SMTP DATA was
// accepted but not yet recorded goes again after a restart (at least once, the only duplicate).
// Run one sender per database.
type Sender struct {
	cfg SenderConfig
}

// NewSender returns a sender; nothing is sent until Run or SendDue.
func NewSender(cfg SenderConfig) (*Sender, error) {
	if cfg.Outbox == nil || cfg.Transport == nil || cfg.Renderer == nil || cfg.From == nil {
		return nil, errors.New("mail: a sender needs an outbox, a transport, a renderer and a From address")
	}
	if cfg.Schedule == nil {
		cfg.Schedule = DefaultSchedule
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	return &Sender{cfg: cfg}, nil
}

// Run sends due e-mails every Interval until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Interval)
	defer t.Stop()
	for {
		if _, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Log.Error("sending e-mails", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// batch bounds how many e-mails one pass reads.
const batch = 50

// SendDue sends every e-mail due now, one after the other, and returns how many were sent.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	sent := 0
	for {
		due, err := s.cfg.Outbox.DueMails(ctx, batch)
		if err != nil {
			return sent, err
		}
		for _, q := range due {
			if ctx.Err() != nil {
				return sent, nil
			}
			o := s.send(ctx, q)
			if ctx.Err() != nil {
				return sent, nil // stopping: not the server's failure; it stays due
			}
			if err := s.cfg.Outbox.RecordMail(ctx, q.ID, o); err != nil {
				return sent, err
			}
			observe(s.cfg.Observer, q.Notice.Kind, o)
			if o.Sent {
				sent++
			}
		}
		if len(due) < batch {
			return sent, nil
		}
	}
}

// send composes (once) and sends one e-mail, and says what came of it.
func (s *Sender) send(ctx context.Context, q Queued) Outcome {
	msg := q.Message
	if msg == nil {
		n, err := WithLogo(ctx, q.Notice, s.cfg.Logos)
		if err != nil {
			// The e-mail matters more than its logo: it goes without one.
			s.cfg.Log.Warn("e-mail composed without the store's logo", "mail_id", q.ID, "err", err)
		}
		composed, err := Compose(n, s.cfg.From, s.cfg.Renderer)
		if err != nil {
			s.cfg.Log.Error("e-mail cannot be written; given up", "mail_id", q.ID, "err", err)
			return Outcome{Failed: true, Error: err.Error()}
		}
		if msg, err = s.cfg.Outbox.FreezeMail(ctx, q.ID, composed); err != nil {
			return s.retry(q, fmt.Errorf("mail: keep message: %w", err))
		}
	}
	sctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	err := s.cfg.Transport.Send(sctx, s.cfg.From.Address, q.Notice.To, msg)
	if err == nil {
		return Outcome{Sent: true}
	}
	var perm *PermanentError
	if errors.As(err, &perm) {
		s.cfg.Log.Warn("e-mail refused for good", "mail_id", q.ID, "err", err)
		return Outcome{Failed: true, Error: err.Error()}
	}
	return s.retry(q, err)
}

// retry schedules the next attempt, or gives up once the schedule is used up (the first attempt
// plus one per wait).
func (s *Sender) retry(q Queued, err error) Outcome {
	attempts := q.Attempts + 1
	if attempts > len(s.cfg.Schedule) {
		s.cfg.Log.Warn("e-mail given up", "mail_id", q.ID, "attempts", attempts, "err", err)
		return Outcome{Failed: true, Error: err.Error()}
	}
	s.cfg.Log.Info("e-mail not sent; will retry", "mail_id", q.ID, "attempt", attempts, "err", err)
	return Outcome{RetryAt: s.cfg.Now().Add(s.cfg.Schedule[attempts-1]), Error: err.Error()}
}

// WithLogo fills in the store's logo from logos when the notice names one; on an error the notice
// is returned as it was, without a logo.
func WithLogo(ctx context.Context, n Notice, logos LogoSource) (Notice, error) {
	if n.Store.LogoHash == "" || logos == nil || len(n.Store.Logo) > 0 {
		return n, nil
	}
	logo, err := logos.Logo(ctx, n.Store.LogoHash)
	if err != nil {
		return n, fmt.Errorf("mail: store logo: %w", err)
	}
	n.Store.Logo = logo
	return n, nil
}
