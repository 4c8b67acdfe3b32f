package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/textproto"
	"net/url"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPConfig is where and how e-mails are handed over: SMTP_URL read by ParseSMTPURL.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	// ImplicitTLS is smtps:// (TLS from the first byte, port 465); otherwise STARTTLS.
	ImplicitTLS bool
	// StartTLS is the STARTTLS policy of smtp://: "required" (the default), "opportunistic" or
	// "off" (only for a relay on this machine or a test server).
	StartTLS string
	// TLS is the TLS configuration (tests add their own root); ServerName is Host when nil.
	TLS *tls.Config
	// Timeout bounds connecting and every command; 30 s when 0.
	Timeout time.Duration
}

// STARTTLS policies.
const (
	StartTLSRequired      = "required"
	StartTLSOpportunistic = "opportunistic"
	StartTLSOff           = "off"
)

// ParseSMTPURL reads SMTP_URL: smtp://user:pass@host:587 (STARTTLS, required unless
// ?starttls=opportunistic or ?starttls=off) or smtps://user:pass@host:465 (implicit TLS). The
// user and password are URL-escaped; the port defaults to 587 and 465.
func ParseSMTPURL(raw string) (SMTPConfig, error) {
	var c SMTPConfig
	u, err := url.Parse(raw)
	if err != nil {
		return c, errors.New("mail: SMTP_URL is not a URL")
	}
	switch u.Scheme {
	case "smtp":
		c.Port = 587
	case "smtps":
		c.Port, c.ImplicitTLS = 465, true
	default:
		return c, fmt.Errorf("mail: SMTP_URL must start with smtp:// or smtps://, not %q", u.Scheme+"://")
	}
	c.Host = u.Hostname()
	if c.Host == "" {
		return c, errors.New("mail: SMTP_URL has no host")
	}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil || c.Port <= 0 || c.Port > 65535 {
			return c, fmt.Errorf("mail: SMTP_URL port %q is not a port", p)
		}
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	c.StartTLS = StartTLSRequired
	if v := u.Query().Get("starttls"); v != "" {
		if c.ImplicitTLS {
			return c, errors.New("mail: starttls= applies to smtp://, not smtps://")
		}
		switch v {
		case StartTLSRequired, StartTLSOpportunistic, StartTLSOff:
			c.StartTLS = v
		default:
			return c, fmt.Errorf("mail: SMTP_URL starttls must be required, opportunistic or off, not %q", v)
		}
	}
	return c, nil
}

// ParseFrom reads MAIL_FROM, "Name <address>" or a bare address.
func ParseFrom(s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("mail: MAIL_FROM %q is not an address (want \"Name <address>\"): %w", s, err)
	}
	if _, ok := Recipient(a.Address); !ok {
		return nil, fmt.Errorf("mail: MAIL_FROM %q is not a plain address", s)
	}
	a.Name = HeaderText(a.Name, 100)
	return a, nil
}

// SMTP hands finished messages to an SMTP server through go-mail's client: connection, TLS and
// authentication are the library's; the message bytes are the ones the outbox keeps, unchanged.
type SMTP struct {
	client *gomail.Client
}

// NewSMTP returns a transport for cfg. Nothing connects until Send.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	tlsConf := cfg.TLS
	if tlsConf == nil {
		tlsConf = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if tlsConf.ServerName == "" {
		tlsConf = tlsConf.Clone()
		tlsConf.ServerName = cfg.Host
	}
	opts := []gomail.Option{gomail.WithPort(cfg.Port), gomail.WithTimeout(cfg.Timeout), gomail.WithTLSConfig(tlsConf)}
	switch {
	case cfg.ImplicitTLS:
		opts = append(opts, gomail.WithSSL())
	case cfg.StartTLS == StartTLSOff:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case cfg.StartTLS == StartTLSOpportunistic:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(cfg.Username), gomail.WithPassword(cfg.Password))
	}
	c, err := gomail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: SMTP client: %w", err)
	}
	return &SMTP{client: c}, nil
}

// Send hands one message to the server for one recipient. A refusal the server calls permanent
// (5xx) is a *PermanentError: retrying would only be refused again.
func (s *SMTP) Send(ctx context.Context, from, to string, message []byte) error {
	conn, err := s.client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return classify("connect", err)
	}
	defer conn.Close()
	// The envelope takes the bare addresses in angle brackets (RFC 5321 4.1.2); both were
	// checked to hold no brackets, spaces or line breaks.
	if err := conn.Mail("<" + from + ">"); err != nil {
		return classify("MAIL FROM", err)
	}
	if err := conn.Rcpt("<" + to + ">"); err != nil {
		return classify("RCPT TO", err)
	}
	w, err := conn.Data()
	if err != nil {
		return classify("DATA", err)
	}
	if _, err := w.Write(message); err != nil {
		return classify("DATA", err)
	}
	// Close ends DATA and reads the server's answer: only then is the message accepted. A
	// failure before this line may still have been delivered (the answer was lost), which is the
	// one way an e-mail can go twice.
	if err := w.Close(); err != nil {
		return classify("DATA", err)
	}
	_ = conn.Quit()
	return nil
}

// PermanentError is a refusal the server will repeat (a 5xx reply).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

func classify(step string, err error) error {
	var tp *textproto.Error
	if errors.As(err, &tp) && tp.Code >= 500 {
		return &PermanentError{Err: fmt.Errorf("mail: %s: %w", step, err)}
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("mail: %s: timed out: %w", step, err)
	}
	return fmt.Errorf("mail: %s: %w", step, err)
}
