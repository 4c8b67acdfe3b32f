package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// Mail is an e-mail of the outbox as operators see it ("checkout mail list|show").
type Mail struct {
	ID            int64
	StoreID       string
	ObjectID      string
	Kind          mail.Kind
	To            string
	Lang          string
	CreatedAt     time.Time
	Attempts      int
	NextAttemptAt time.Time
	SentAt        *time.Time
	FailedAt      *time.Time
	LastError     string
	Notice        mail.Notice
	Message       []byte // nil until composed
}

// State is "sent", "failed" or "pending".
func (m Mail) State() string {
	switch {
	case m.SentAt != nil:
		return "sent"
	case m.FailedAt != nil:
		return "failed"
	}
	return "pending"
}

// mailOf is a mails row as operators see it.
func mailOf(r store.Mail) (Mail, error) {
	m := Mail{ID: r.ID, StoreID: r.StoreID, ObjectID: r.ObjectID, Kind: mail.Kind(r.Kind), To: r.To, Lang: r.Lang,
		CreatedAt: time.Unix(r.CreatedAt, 0).UTC(), Attempts: r.Attempts, NextAttemptAt: time.Unix(r.NextAttemptAt, 0).UTC(),
		SentAt: optTime(r.SentAt), FailedAt: optTime(r.FailedAt), LastError: r.LastError, Message: r.Message}
	if err := json.Unmarshal(r.Notice, &m.Notice); err != nil {
		return m, fmt.Errorf("engine: mail %d notice: %w", m.ID, err)
	}
	return m, nil
}

func optTime(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := time.Unix(*v, 0).UTC()
	return &t
}

// ListMails returns the latest e-mails of the outbox, newest first; storeID "" means every store.
func (e *Engine) ListMails(ctx context.Context, storeID string, limit int) ([]Mail, error) {
	return e.outbox.mails(ctx, storeID, limit)
}

func (o *outbox) mails(ctx context.Context, storeID string, limit int) ([]Mail, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := o.db.Mails(ctx, storeID, limit)
	if err != nil {
		return nil, err
	}
	var out []Mail
	for _, r := range rows {
		m, err := mailOf(r)
		if err != nil {
			return nil, fmt.Errorf("engine: list mails: %w", err)
		}
		out = append(out, m)
	}
	return out, nil
}

// MailByID returns one e-mail of the outbox, or ERR_NO_MAIL.
func (e *Engine) MailByID(ctx context.Context, id int64) (Mail, error) { return e.outbox.mail(ctx, id) }

func (o *outbox) mail(ctx context.Context, id int64) (Mail, error) {
	r, err := o.db.Mail(ctx, id)
	if _, err := found(r, err, func() error { return noMail(id) }); err != nil {
		return Mail{}, err
	}
	return mailOf(r)
}

func noMail(id int64) error {
	return gateway.Errorf(gateway.ErrCodeNotFound, "E-mail <%d> not found.", id)
}

// ResendMail makes an e-mail due again now, whatever became of it: the sender sends the same
// message (same Message-ID) once more.
func (e *Engine) ResendMail(ctx context.Context, id int64) error { return e.outbox.resendMail(ctx, id) }

func (o *outbox) resendMail(ctx context.Context, id int64) error {
	err := o.db.RequeueMail(ctx, id, o.now().Unix())
	_, err = found(0, err, func() error { return noMail(id) })
	return err
}

// MailOutbox is the engine's outbox of e-mails as the mail sender reads it.
func (e *Engine) MailOutbox() mail.Outbox { return mailOutbox{e.outbox} }

type mailOutbox struct{ o *outbox }

// mailLease is how long an e-mail claimed by one process's sender is not due for the others: past
// it (the process died mid-send) another sends it.
const mailLease = 5 * time.Minute

// DueMails lists the e-mails due now, oldest first. On PostgreSQL, where several processes send,
// it claims them: they stop being due for mailLease (their next attempt time moves), rows another
// process is claiming are skipped, so two healthy processes never send one e-mail twice.
func (m mailOutbox) DueMails(ctx context.Context, limit int) ([]mail.Queued, error) {
	now := m.o.now()
	rows, err := m.o.db.DueMails(ctx, now.Unix(), now.Add(mailLease).Unix(), limit)
	if err != nil {
		return nil, err
	}
	var out []mail.Queued
	for _, r := range rows {
		q := mail.Queued{ID: r.ID, Message: r.Message, Attempts: r.Attempts}
		if err := json.Unmarshal(r.Notice, &q.Notice); err != nil {
			return nil, fmt.Errorf("engine: mail %d notice: %w", q.ID, err)
		}
		out = append(out, q)
	}
	return out, nil
}

// FreezeMail keeps message unless the e-mail already has one, and returns what is kept.
func (m mailOutbox) FreezeMail(ctx context.Context, id int64, message []byte) ([]byte, error) {
	return m.o.db.FreezeMail(ctx, id, message)
}

// RecordMail writes the outcome of an attempt.
func (m mailOutbox) RecordMail(ctx context.Context, id int64, out mail.Outcome) error {
	now := m.o.now().Unix()
	switch {
	case out.Sent:
		return m.o.db.SetMailSent(ctx, id, now)
	case out.Failed:
		return m.o.db.SetMailFailed(ctx, id, now, out.Error)
	}
	return m.o.db.SetMailRetry(ctx, id, out.RetryAt.Unix(), out.Error)
}
