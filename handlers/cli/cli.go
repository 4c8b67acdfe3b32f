// Package cli is the command line of the embedded gateway: create, list and change stores and
// rotate their secrets, against the same database the server uses.
package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/handlers/server"
)

const usage = `usage: checkout store <command> [flags]

commands:
  list                                  list stores and their settings
  create --name NAME [--live] [flags]   create a store; prints its secrets once
  set STORE_ID [flags]                  change settings
  rotate-secret STORE_ID                new API secret (the old one stops working)
  rotate-webhook-secret STORE_ID        new webhook signing secret
  webhooks STORE_ID [--limit N]         latest webhook deliveries and their state
  redeliver WEBHOOK_ID                  send a webhook again (the running server delivers it)
  totp STORE_ID                         TOTP secret and otpauth URI for withdrawal codes

flags of create and set:
  --name NAME  --currency USD|EUR  --owner OWNER_ID  --webhook-url URL
  --markup "BTC:2:0.0001,ETH:1.5:"   (asset:percent:amount; "" clears)
  --underpayment-percent P  --underpayment-amount A   ("" clears)
  --frame-ancestors "https://shop.example https://other.example"
  --require-totp true|false
  --support-email help@shop.example  --support-url https://shop.example/help   (payer pages' contact)
  --brand-color "#1a6b3c"  --logo FILE   (PNG, JPEG or WebP, at most 256 KB; re-encoded; "" removes)
  --payer-emails true|false   e-mail payers who gave a payer_email (default false; needs SMTP_URL to send)
create only: --live  --api-key K  --api-secret S  --webhook-secret S  --seed-phrase "words…"
The database is DATABASE_URL's, else the one under DATA_DIR (default ./data).
`

// Run executes a store command and returns the process exit code.
func Run(ctx context.Context, cfg server.Config, args []string, out, errOut io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(out, usage)
		return 0
	}
	cmd := commands[args[0]]
	if cmd == nil {
		fmt.Fprintf(errOut, "unknown store command %q\n\n%s", args[0], usage)
		return 2
	}
	return withEngine(ctx, cfg, errOut, func(eng *engine.Engine) error { return cmd(ctx, eng, args[1:], out) })
}

// withEngine opens the database under cfg.DataDir, runs fn on it and returns the exit code. Callers
// check the command first, so that a mistyped one leaves no database behind.
func withEngine(ctx context.Context, cfg server.Config, errOut io.Writer, fn func(eng *engine.Engine) error) int {
	eng, err := engine.Open(ctx, engine.Config{DataDir: cfg.DataDir, DatabaseURL: cfg.DatabaseURL, PublicURL: cfg.PublicURL, Log: slog.New(slog.NewTextHandler(errOut, nil))})
	if err != nil {
		fmt.Fprintln(errOut, "error:", err)
		return 1
	}
	defer eng.Close()
	if err := fn(eng); err != nil {
		fmt.Fprintln(errOut, "error:", describe(err))
		return 1
	}
	return 0
}

func describe(err error) string {
	if e, ok := err.(*gateway.Error); ok {
		return e.Message
	}
	return err.Error()
}

type command func(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error

var commands = map[string]command{
	"list":                  listStores,
	"create":                createStore,
	"set":                   setStore,
	"rotate-secret":         rotateSecret,
	"rotate-webhook-secret": rotateWebhookSecret,
	"webhooks":              listWebhooks,
	"redeliver":             redeliver,
	"totp":                  showTOTP,
}

func listStores(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error {
	stores, err := eng.ListStores(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "STORE ID\tNAME\tKIND\tCURRENCY\tAPI KEY\tOWNER\tWEBHOOK URL\tMARKUP\tUNDERPAYMENT\tFRAME ANCESTORS\tPAYER EMAILS")
	for _, s := range stores {
		kind := "live"
		if s.IsTest {
			kind = "test"
		}
		under := optionalText(s.UnderpayPercent) + "% / " + optionalText(s.UnderpayAmount) + " " + s.Currency
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%t\n", s.StoreID, s.Name, kind, s.Currency, s.APIKey, s.OwnerID,
			dash(s.WebhookURL), dash(gateway.FormatMarkups(s.Markups)), under, dash(strings.Join(s.FrameAncestors, " ")), s.Page.PayerEmails)
	}
	return w.Flush()
}

func optionalText(a *gateway.Amount) string {
	if a == nil {
		return "-"
	}
	return a.String()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func rotateSecret(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("rotate-secret takes one STORE_ID")
	}
	secret, err := eng.RotateAPISecret(ctx, args[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "New API secret (shown once): %s\n", secret)
	return nil
}

func rotateWebhookSecret(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("rotate-webhook-secret takes one STORE_ID")
	}
	secret, err := eng.RotateWebhookSecret(ctx, args[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "New webhook secret: %s\n", secret)
	return nil
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}
