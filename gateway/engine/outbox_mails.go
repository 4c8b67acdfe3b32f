package engine

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// queuePaymentMail writes the e-mail that payment p's state calls for (mail.PaymentKind) into the
// outbox inside tx, when the payment has a payer_email and its store has payer e-mails on. Only a
// change of status (settle) announces an expiry: a late transaction to a cancelled payment is not
// "expired after a partial payment". An event already queued is not queued again.
func (o *outbox) queuePaymentMail(ctx context.Context, tx mailTx, p store.Payment, statusChanged bool) error {
	if p.Fields.PayerEmail == "" {
		return nil
	}
	api := o.views.payment(p)
	kind, ok := mail.PaymentKind(api)
	if !ok || kind == mail.KindExpiredPartial && !statusChanged {
		return nil
	}
	sender, on, err := mailStore(ctx, tx, p.StoreID)
	if err != nil || !on {
		return err
	}
	n := mail.Notice{Kind: kind, To: p.Fields.PayerEmail, Name: p.Fields.PayerName, Lang: p.Fields.PayerLang,
		Store: sender, Payment: &api, CreatedAt: o.now().Unix()}
	if kind == mail.KindReceipt {
		n.ReceiptURL = mail.ReceiptURL(api.PaymentURL)
	}
	txs, err := tx.Transactions(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, t := range txs {
		n.Txs = append(n.Txs, transactionAPI(t))
	}
	return o.queueMail(ctx, tx, p.StoreID, n)
}

// queueDedicateMail writes the "your deposit address" e-mail of a new dedicated address.
func (o *outbox) queueDedicateMail(ctx context.Context, tx mailTx, d store.Dedicate) error {
	if d.Fields.PayerEmail == "" {
		return nil
	}
	sender, on, err := mailStore(ctx, tx, d.StoreID)
	if err != nil || !on {
		return err
	}
	api := o.views.dedicate(d)
	return o.queueMail(ctx, tx, d.StoreID, mail.Notice{Kind: mail.KindDedicate, To: d.Fields.PayerEmail,
		Name: d.Fields.PayerName, Lang: d.Fields.PayerLang, Store: sender, Dedicate: &api, CreatedAt: o.now().Unix()})
}

// mailStore reads what an e-mail says of a store (its name, kind, support contact, colour and
// logo, as its payer pages show them), and whether the store sends payer e-mails.
func mailStore(ctx context.Context, tx mailTx, storeID string) (mail.Store, bool, error) {
	s, err := tx.MailSender(ctx, storeID)
	if err != nil {
		return mail.Store{}, false, err
	}
	return mail.Store{Name: s.Name, IsTest: s.IsTest, SupportEmail: s.SupportEmail, SupportURL: s.SupportURL,
		BrandColor: s.BrandColor, LogoHash: s.LogoHash}, s.PayerEmails, nil
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
func (o *outbox) queueMail(ctx context.Context, tx mailTx, storeID string, n mail.Notice) error {
	to, ok := mail.Recipient(n.To)
	if !ok {
		o.log.Warn("payer e-mail skipped: payer_email is not a plain address", "object_id", n.ObjectID(), "kind", n.Kind)
		return nil
	}
	n.To = to
	body, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("engine: mail notice: %w", err)
	}
	return tx.QueueMail(ctx, store.Mail{StoreID: storeID, ObjectID: n.ObjectID(), Kind: string(n.Kind), EventKey: n.EventKey(),
		To: to, Lang: n.Lang, Notice: body, CreatedAt: o.now().Unix()})
}
