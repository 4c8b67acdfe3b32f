package store

import (
	"cmp"
	"context"
	"slices"
)

// MailSender is what an e-mail says of its store, and whether the store sends payer e-mails.
type MailSender struct {
	Name                                 string
	IsTest, PayerEmails                  bool
	SupportEmail, SupportURL, BrandColor string
	LogoHash                             string
}

// MailSender reads what an e-mail of the store says of it.
func (t *Tx) MailSender(ctx context.Context, storeID string) (MailSender, error) {
	var s MailSender
	err := t.q.QueryRowContext(ctx, `SELECT name, is_test, payer_emails, support_email, support_url, brand_color, logo_hash
		FROM stores WHERE id = ?`, storeID).Scan(&s.Name, &s.IsTest, &s.PayerEmails, &s.SupportEmail, &s.SupportURL, &s.BrandColor, &s.LogoHash)
	return s, checked(err, "mail store")
}

// Mail is a mails row.
type Mail struct {
	ID                       int64
	StoreID, ObjectID        string
	Kind, EventKey, To, Lang string
	CreatedAt                int64
	Attempts                 int
	NextAttemptAt            int64
	SentAt, FailedAt         *int64
	LastError                string
	Notice, Message          []byte // the JSON notice; the composed message, nil until frozen
}

// QueueMail writes an e-mail into the outbox, due at its creation; an event key already queued is
// not queued again.
func (t *Tx) QueueMail(ctx context.Context, m Mail) error {
	_, err := t.exec(ctx, `INSERT INTO mails (store_id, object_id, kind, event_key, recipient, lang, notice, created_at, next_attempt_at)
		VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (event_key) DO NOTHING`,
		m.StoreID, m.ObjectID, m.Kind, m.EventKey, m.To, m.Lang, m.Notice, m.CreatedAt, m.CreatedAt)
	return checked(err, "queue mail")
}

const mailColumns = `id, store_id, object_id, kind, recipient, lang, created_at, attempts, next_attempt_at, sent_at,
	failed_at, last_error, notice, message`

func scanMail(r rowScanner) (Mail, error) {
	var m Mail
	err := r.Scan(&m.ID, &m.StoreID, &m.ObjectID, &m.Kind, &m.To, &m.Lang, &m.CreatedAt, &m.Attempts, &m.NextAttemptAt,
		&m.SentAt, &m.FailedAt, &m.LastError, &m.Notice, &m.Message)
	return m, err
}

// Mails reads the latest e-mails of the outbox, newest first; storeID "" means every store.
func (r reads) Mails(ctx context.Context, storeID string, limit int) ([]Mail, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+mailColumns+` FROM mails WHERE ? = '' OR store_id = ?
		ORDER BY id DESC LIMIT ?`, storeID, storeID, limit)
	return scanAll(rows, err, "list mails", scanMail)
}

// Mail reads one e-mail of the outbox.
func (r reads) Mail(ctx context.Context, id int64) (Mail, error) {
	m, err := scanMail(r.q.QueryRowContext(ctx, `SELECT `+mailColumns+` FROM mails WHERE id = ?`, id))
	return m, checked(err, "mail")
}

// RequeueMail makes an e-mail pending and due at now with no attempts counted (ErrNotFound
// without it).
func (db *DB) RequeueMail(ctx context.Context, id, now int64) error {
	res, err := db.write.ExecContext(ctx, `UPDATE mails SET attempts = 0, next_attempt_at = ?, sent_at = NULL, failed_at = NULL,
		last_error = '' WHERE id = ?`, now, id)
	return affected(res, err, "resend mail")
}

// DueMails reads up to limit e-mails due at now, by id. On PostgreSQL, where several processes
// send, it claims them: their next attempt moves to lease, and rows another process is claiming
// are skipped, so two healthy processes never send one e-mail twice.
func (db *DB) DueMails(ctx context.Context, now, lease int64, limit int) ([]Mail, error) {
	due := `SELECT id, notice, message, attempts FROM mails
		WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`
	q, args := db.read, []any{now, limit}
	if db.dialect == postgresDialect {
		due = `UPDATE mails SET next_attempt_at = ? WHERE id IN (SELECT id FROM mails
			WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
			FOR UPDATE SKIP LOCKED) RETURNING id, notice, message, attempts`
		q, args = db.write, append([]any{lease}, args...)
	}
	rows, err := q.QueryContext(ctx, due, args...)
	out, err := scanAll(rows, err, "due mails", func(r rowScanner) (Mail, error) {
		var m Mail
		err := r.Scan(&m.ID, &m.Notice, &m.Message, &m.Attempts)
		return m, err
	})
	slices.SortFunc(out, func(a, b Mail) int { return cmp.Compare(a.ID, b.ID) }) // RETURNING keeps no order
	return out, err
}

// FreezeMail keeps message unless the e-mail already has one, and returns what is kept.
func (db *DB) FreezeMail(ctx context.Context, id int64, message []byte) ([]byte, error) {
	var kept []byte
	err := db.WithTx(ctx, func(t *Tx) error {
		if _, err := t.exec(ctx, `UPDATE mails SET message = ? WHERE id = ? AND message IS NULL`, message, id); err != nil {
			return checked(err, "freeze mail")
		}
		return checked(t.q.QueryRowContext(ctx, `SELECT message FROM mails WHERE id = ?`, id).Scan(&kept), "freeze mail")
	})
	return kept, err
}

// SetMailSent counts an attempt and marks the e-mail sent at now.
func (db *DB) SetMailSent(ctx context.Context, id, now int64) error {
	_, err := db.write.ExecContext(ctx, `UPDATE mails SET attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?`, now, id)
	return checked(err, "record mail")
}

// SetMailFailed counts an attempt and marks the e-mail given up at now.
func (db *DB) SetMailFailed(ctx context.Context, id, now int64, why string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE mails SET attempts = attempts + 1, failed_at = ?, last_error = ? WHERE id = ?`,
		now, why, id)
	return checked(err, "record mail")
}

// SetMailRetry counts an attempt and schedules the next one at next.
func (db *DB) SetMailRetry(ctx context.Context, id, next int64, why string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE mails SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?`,
		next, why, id)
	return checked(err, "record mail")
}
