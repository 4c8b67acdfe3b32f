package cli

import (
	"context"
	"fmt"
	"io"
	"net/mail"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/cryptocheckout/checkout/gateway/engine"
	gmail "github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/handlers/server"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

const mailUsage = `usage: checkout mail <command>

commands:
  list [--store STORE_ID] [--limit N]   latest e-mails to payers and their state
  show ID                               the exact message (RFC 5322) as it is or will be sent
  resend ID                             send an e-mail again (the running server sends it)

E-mails are written to the outbox whenever a store has payer e-mails on (store set --payer-emails
true) and the payment or dedicated address has a payer_email; the server sends them when SMTP_URL
and MAIL_FROM are set. The database is the one under DATA_DIR (default ./data).
`

// RunMail executes a mail command and returns the process exit code.
func RunMail(ctx context.Context, cfg server.Config, args []string, out, errOut io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(out, mailUsage)
		return 0
	}
	var run func(eng *engine.Engine) error
	switch args[0] {
	case "list":
		run = func(eng *engine.Engine) error { return listMails(ctx, eng, args[1:], out) }
	case "show":
		run = func(eng *engine.Engine) error { return showMail(ctx, eng, cfg, args[1:], out, errOut) }
	case "resend":
		run = func(eng *engine.Engine) error { return resendMail(ctx, eng, args[1:], out) }
	default:
		fmt.Fprintf(errOut, "unknown mail command %q\n\n%s", args[0], mailUsage)
		return 2
	}
	return withEngine(ctx, cfg, errOut, run)
}

func listMails(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error {
	fs := newFlagSet("list", out)
	store := fs.String("store", "", "only this store's e-mails")
	limit := fs.Int("limit", 50, "how many, newest first")
	if err := fs.Parse(args); err != nil {
		return err
	}
	mails, err := eng.ListMails(ctx, *store, *limit)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tCREATED\tKIND\tTO\tLANG\tOBJECT\tSTATE\tATTEMPTS\tNEXT ATTEMPT\tLAST ERROR")
	for _, m := range mails {
		next := "-"
		if m.State() == "pending" {
			next = m.NextAttemptAt.Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", m.ID, m.CreatedAt.Format(time.RFC3339), m.Kind, m.To,
			dash(m.Lang), m.ObjectID, m.State(), m.Attempts, next, dash(m.LastError))
	}
	return w.Flush()
}

func mailID(args []string, cmd string) (int64, error) {
	if len(args) != 1 {
		return 0, fmt.Errorf("%s takes one e-mail ID", cmd)
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%s: %q is not an e-mail ID", cmd, args[0])
	}
	return id, nil
}

// showMail prints an e-mail's exact bytes. One not composed yet is composed now and kept (with
// MAIL_FROM), so what is shown is what the server will send. Without MAIL_FROM it is a preview
// from a placeholder sender, and not kept.
func showMail(ctx context.Context, eng *engine.Engine, cfg server.Config, args []string, out, errOut io.Writer) error {
	id, err := mailID(args, "show")
	if err != nil {
		return err
	}
	m, err := eng.MailByID(ctx, id)
	if err != nil {
		return err
	}
	msg := m.Message
	if msg == nil {
		from, keep := &mail.Address{Name: "Checkout", Address: "noreply@checkout.invalid"}, false
		if cfg.MailFrom != "" {
			if from, err = gmail.ParseFrom(cfg.MailFrom); err != nil {
				return err
			}
			keep = true
		}
		n, err := gmail.WithLogo(ctx, m.Notice, eng.MailLogos())
		if err != nil {
			fmt.Fprintln(errOut, "note: the store's logo could not be read; the message goes without it:", err)
		}
		composed, err := gmail.Compose(n, from, views.MailRenderer{Catalog: locales.MustLoad()})
		if err != nil {
			return err
		}
		msg = composed
		if keep {
			if msg, err = eng.MailOutbox().FreezeMail(ctx, id, composed); err != nil {
				return err
			}
		} else {
			fmt.Fprintln(errOut, "note: MAIL_FROM is not set; this preview uses a placeholder sender and is not kept")
		}
	}
	_, err = out.Write(msg)
	return err
}

func resendMail(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error {
	id, err := mailID(args, "resend")
	if err != nil {
		return err
	}
	if err := eng.ResendMail(ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(out, "E-mail %d is due again; the running server sends it.\n", id)
	return nil
}
