package server

import (
	"context"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

// mailTransport builds the SMTP transport and the From address, or nil without SMTP_URL.
func (m *Main) mailTransport() (*mail.SMTP, error) {
	if m.Config.SMTP == nil {
		return nil, nil
	}
	from, err := mail.ParseFrom(m.Config.MailFrom)
	if err != nil {
		return nil, err
	}
	m.mailFrom = from
	t, err := mail.NewSMTP(*m.Config.SMTP)
	if err != nil {
		return nil, fmt.Errorf("server: SMTP_URL: %w", err)
	}
	return t, nil
}

// startEmbeddedMail runs the sender of the engine's e-mail outbox. Without SMTP_URL nothing is
// sent: the outbox still fills, and "checkout mail show ID" prints what payers would get.
func (m *Main) startEmbeddedMail(bg context.Context, cat *locales.Catalog) error {
	t, err := m.mailTransport()
	if err != nil || t == nil {
		if err == nil {
			m.Log.Info("SMTP_URL is not set: e-mails to payers stay in the outbox (checkout mail list)")
		}
		return err
	}
	sender, err := mail.NewSender(mail.SenderConfig{
		Outbox: m.Engine.MailOutbox(), Transport: t, Renderer: views.MailRenderer{Catalog: cat}, From: m.mailFrom,
		Logos:    m.Engine.MailLogos(),
		Schedule: m.mailSchedule, Observer: m.Metrics, Log: m.Log,
	})
	if err != nil {
		return err
	}
	m.background(func() { sender.Run(bg) })
	return nil
}

// openRemoteMail builds the notifier of remote mode: receipts and partial and expiry notices from
// the changes this replica observes, for the stores whose settings say payer_emails (the stores
// file, or GATEWAY_PAYER_EMAILS for the single store), claimed per event in the shared store so one
// replica sends each. Nil when no store sends payer e-mails.
func (m *Main) openRemoteMail(cv *cache.Views, dir *cache.Directory, cat *locales.Catalog) (*mail.Remote, error) {
	on := false
	for _, s := range m.Config.Stores {
		on = on || s.Page.PayerEmails
	}
	if !on {
		return nil, nil
	}
	t, err := m.mailTransport()
	if err != nil {
		return nil, err
	}
	if t == nil {
		m.Log.Warn("payer e-mails are on for a store but SMTP_URL is not set: no e-mails are sent in remote mode")
		return nil, nil
	}
	return mail.NewRemote(mail.RemoteConfig{
		Payments: cv, Stores: remoteMailStores{dir}, Claims: m.store, Transport: t,
		Renderer: views.MailRenderer{Catalog: cat}, From: m.mailFrom,
		Schedule: m.mailSchedule, Observer: m.Metrics, Log: m.Log,
	})
}

// remoteMailStores reads the remote stores' mail settings from the directory of configured stores.
type remoteMailStores struct{ dir *cache.Directory }

// MailStore implements mail.StoreDirectory: the payment's store, if it is one this checkout serves.
func (s remoteMailStores) MailStore(p gateway.Payment) (mail.Store, bool) {
	cfg, ok := s.dir.Store(p.StoreID)
	if !ok {
		return mail.Store{}, false
	}
	pg := cfg.Page
	return mail.Store{Name: p.StoreName, IsTest: p.IsTest, SupportEmail: pg.SupportEmail, SupportURL: pg.SupportURL,
		BrandColor: pg.BrandColor, Logo: pg.Logo}, pg.PayerEmails
}
