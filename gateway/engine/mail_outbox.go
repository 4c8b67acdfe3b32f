package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway/mail"
)

// queuePaymentMail writes the e-mail that payment p's state calls for (mail.PaymentKind) into the
// outbox inside tx, when the payment has a payer_email and its store has payer e-mails on. Only a
// change of status (settle) announces an expiry: a late transaction to a cancelled payment is not
// "expired after a partial payment". An event already queued is not queued again.
func (e *Engine) queuePaymentMail(ctx context.Context, tx *sql.Tx, p paymentRecord, statusChanged bool) error {
	if p.Fields.PayerEmail == "" {
		return nil
	}
	api := e.toAPI(p)
	kind, ok := mail.PaymentKind(api)
	if !ok || kind == mail.KindExpiredPartial && !statusChanged {
		return nil
	}
	store, on, err := e.mailStore(ctx, tx, p.StoreID)
	if err != nil || !on {
		return err
	}
	n := mail.Notice{Kind: kind, To: p.Fields.PayerEmail, Name: p.Fields.PayerName, Lang: p.Fields.PayerLang,
		Store: store, Payment: &api, CreatedAt: e.now().Unix()}
	if kind == mail.KindReceipt {
		n.ReceiptURL = mail.ReceiptURL(api.PaymentURL)
	}
	txs, err := loadTxs(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	for _, t := range txs {
		n.Txs = append(n.Txs, t.toAPI())
	}
	return e.queueMail(ctx, tx, p.StoreID, n)
}

// queueDedicateMail writes the "your deposit address" e-mail of a new dedicated address.
func (e *Engine) queueDedicateMail(ctx context.Context, tx *sql.Tx, d dedicateRecord) error {
	if d.Fields.PayerEmail == "" {
		return nil
	}
	store, on, err := e.mailStore(ctx, tx, d.StoreID)
	if err != nil || !on {
		return err
	}
	api := d.toAPI(e.publicURL)
	return e.queueMail(ctx, tx, d.StoreID, mail.Notice{Kind: mail.KindDedicate, To: d.Fields.PayerEmail,
		Name: d.Fields.PayerName, Lang: d.Fields.PayerLang, Store: store, Dedicate: &api, CreatedAt: e.now().Unix()})
}

// mailStore reads what an e-mail says of a store (its name, kind, support contact, colour and
// logo, as its payer pages show them), and whether the store sends payer e-mails.
func (e *Engine) mailStore(ctx context.Context, tx *sql.Tx, storeID string) (mail.Store, bool, error) {
	var s mail.Store
	var on bool
	err := tx.QueryRowContext(ctx, `SELECT name, is_test, payer_emails, support_email, support_url, brand_color, logo_hash
		FROM stores WHERE id = ?`, storeID).Scan(&s.Name, &s.IsTest, &on, &s.SupportEmail, &s.SupportURL, &s.BrandColor, &s.LogoHash)
	if err != nil {
		return s, false, fmt.Errorf("engine: mail store: %w", err)
	}
	return s, on, nil
}

// MailLogos reads the stores' logos for the e-mails that name one (mail.LogoSource).
func (e *Engine) MailLogos() mail.LogoSource { return mailLogos{e} }

type mailLogos struct{ e *Engine }

func (l mailLogos) Logo(ctx context.Context, hash string) ([]byte, error) {
	logo, err := l.e.Logo(ctx, hash)
	return logo.PNG, err
}

// queueMail writes n into the outbox inside tx. A payer_email that is no plain address is logged
// and skipped: nothing could ever be sent to it, and the change it came with must still happen.
func (e *Engine) queueMail(ctx context.Context, tx *sql.Tx, storeID string, n mail.Notice) error {
	to, ok := mail.Recipient(n.To)
	if !ok {
		e.log.Warn("payer e-mail skipped: payer_email is not a plain address", "object_id", n.ObjectID(), "kind", n.Kind)
		return nil
	}
	n.To = to
	body, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("engine: mail notice: %w", err)
	}
	now := e.now().Unix()
	_, err = tx.ExecContext(ctx, `INSERT INTO mails (store_id, object_id, kind, event_key, recipient, lang, notice, created_at, next_attempt_at)
		VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (event_key) DO NOTHING`,
		storeID, n.ObjectID(), string(n.Kind), n.EventKey(), to, n.Lang, body, now, now)
	if err != nil {
		return fmt.Errorf("engine: queue mail: %w", err)
	}
	return nil
}
