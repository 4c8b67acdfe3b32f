package engine

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/mail"
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

const mailColumns = `id, store_id, object_id, kind, recipient, lang, created_at, attempts, next_attempt_at, sent_at,
	failed_at, last_error, notice, message`

func scanMail(r rowScanner) (Mail, error) {
	var m Mail
	var kind string
	var created, next int64
	var sent, failed sql.NullInt64
	var notice []byte
	if err := r.Scan(&m.ID, &m.StoreID, &m.ObjectID, &kind, &m.To, &m.Lang, &created, &m.Attempts, &next, &sent, &failed,
		&m.LastError, &notice, &m.Message); err != nil {
		return m, err
	}
	m.Kind = mail.Kind(kind)
	m.CreatedAt, m.NextAttemptAt = time.Unix(created, 0).UTC(), time.Unix(next, 0).UTC()
	m.SentAt, m.FailedAt = optTime(sent), optTime(failed)
	if err := json.Unmarshal(notice, &m.Notice); err != nil {
		return m, fmt.Errorf("engine: mail %d notice: %w", m.ID, err)
	}
	return m, nil
}

func optTime(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.Unix(v.Int64, 0).UTC()
	return &t
}

// ListMails returns the latest e-mails of the outbox, newest first; storeID "" means every store.
func (e *Engine) ListMails(ctx context.Context, storeID string, limit int) ([]Mail, error) {
	if limit <= 0 {
		limit = 50
	}
	rows, err := e.db.read.QueryContext(ctx, `SELECT `+mailColumns+` FROM mails WHERE ? = '' OR store_id = ?
		ORDER BY id DESC LIMIT ?`, storeID, storeID, limit)
	if err != nil {
		return nil, fmt.Errorf("engine: list mails: %w", err)
	}
	defer rows.Close()
	var out []Mail
	for rows.Next() {
		m, err := scanMail(rows)
		if err != nil {
			return nil, fmt.Errorf("engine: list mails: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// MailByID returns one e-mail of the outbox, or ERR_NO_MAIL.
func (e *Engine) MailByID(ctx context.Context, id int64) (Mail, error) {
	m, err := scanMail(e.db.read.QueryRowContext(ctx, `SELECT `+mailColumns+` FROM mails WHERE id = ?`, id))
	return found(m, err, "mail", func() error { return noMail(id) })
}

func noMail(id int64) error {
	return gateway.Errorf(gateway.ErrCodeNotFound, "E-mail <%d> not found.", id)
}

// ResendMail makes an e-mail due again now, whatever became of it: the sender sends the same
// message (same Message-ID) once more.
func (e *Engine) ResendMail(ctx context.Context, id int64) error {
	res, err := e.db.write.ExecContext(ctx, `UPDATE mails SET attempts = 0, next_attempt_at = ?, sent_at = NULL, failed_at = NULL,
		last_error = '' WHERE id = ?`, e.now().Unix(), id)
	if err != nil {
		return fmt.Errorf("engine: resend mail: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return noMail(id)
	}
	return nil
}

// MailOutbox is the engine's outbox of e-mails as the mail sender reads it.
func (e *Engine) MailOutbox() mail.Outbox { return mailOutbox{e} }

type mailOutbox struct{ e *Engine }

// mailLease is how long an e-mail claimed by one process's sender is not due for the others: past
// it (the process died mid-send) another sends it.
const mailLease = 5 * time.Minute

// DueMails lists the e-mails due now, oldest first. On PostgreSQL, where several processes send,
// it claims them: they stop being due for mailLease (their next attempt time moves), rows another
// process is claiming are skipped, so two healthy processes never send one e-mail twice.
func (o mailOutbox) DueMails(ctx context.Context, limit int) ([]mail.Queued, error) {
	now := o.e.now()
	due := `SELECT id, notice, message, attempts FROM mails
		WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`
	q, args := o.e.db.read, []any{now.Unix(), limit}
	if o.e.db.dialect == postgresDialect {
		due = `UPDATE mails SET next_attempt_at = ? WHERE id IN (SELECT id FROM mails
			WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
			FOR UPDATE SKIP LOCKED) RETURNING id, notice, message, attempts`
		q, args = o.e.db.write, append([]any{now.Add(mailLease).Unix()}, args...)
	}
	rows, err := q.QueryContext(ctx, due, args...)
	if err != nil {
		return nil, fmt.Errorf("engine: due mails: %w", err)
	}
	defer rows.Close()
	var out []mail.Queued
	for rows.Next() {
		var q mail.Queued
		var notice []byte
		if err := rows.Scan(&q.ID, &notice, &q.Message, &q.Attempts); err != nil {
			return nil, fmt.Errorf("engine: due mails: %w", err)
		}
		if err := json.Unmarshal(notice, &q.Notice); err != nil {
			return nil, fmt.Errorf("engine: mail %d notice: %w", q.ID, err)
		}
		out = append(out, q)
	}
	slices.SortFunc(out, func(a, b mail.Queued) int { return cmp.Compare(a.ID, b.ID) }) // RETURNING keeps no order
	return out, rows.Err()
}

// FreezeMail keeps message unless the e-mail already has one, and returns what is kept.
func (o mailOutbox) FreezeMail(ctx context.Context, id int64, message []byte) ([]byte, error) {
	var kept []byte
	err := o.e.db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE mails SET message = ? WHERE id = ? AND message IS NULL`, message, id); err != nil {
			return fmt.Errorf("engine: freeze mail: %w", err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT message FROM mails WHERE id = ?`, id).Scan(&kept); err != nil {
			return fmt.Errorf("engine: freeze mail: %w", err)
		}
		return nil
	})
	return kept, err
}

// RecordMail writes the outcome of an attempt.
func (o mailOutbox) RecordMail(ctx context.Context, id int64, out mail.Outcome) error {
	now := o.e.now().Unix()
	var err error
	switch {
	case out.Sent:
		_, err = o.e.db.write.ExecContext(ctx, `UPDATE mails SET attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`, now, id)
	case out.Failed:
		_, err = o.e.db.write.ExecContext(ctx, `UPDATE mails SET attempts = attempts + 1, failed_at = ?, last_error = ? WHERE id = ?`,
			now, out.Error, id)
	default:
		_, err = o.e.db.write.ExecContext(ctx, `UPDATE mails SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?`,
			out.RetryAt.Unix(), out.Error, id)
	}
	if err != nil {
		return fmt.Errorf("engine: record mail: %w", err)
	}
	return nil
}
