package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/cryptocheckout/checkout/gateway/engine"
)

// listedWebhooks is how many of a store's latest webhooks `store webhooks` shows by default.
const listedWebhooks = 50

// listWebhooks prints a store's latest webhook deliveries: `store webhooks STORE_ID [--limit N]`.
func listWebhooks(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error {
	if len(args) == 0 || len(args[0]) == 0 || args[0][0] == '-' {
		return fmt.Errorf("webhooks needs a STORE_ID first")
	}
	fs := newFlagSet("webhooks", out)
	limit := fs.Int("limit", listedWebhooks, "how many of the latest webhooks to show")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *limit < 1 {
		return fmt.Errorf("--limit must be at least 1")
	}
	list, err := eng.Webhooks(ctx, args[0], *limit)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tCREATED\tEVENT\tOBJECT\tSTATE\tATTEMPTS\tLAST STATUS\tNEXT ATTEMPT\tLAST ERROR\tURL")
	for _, d := range list {
		next := "-"
		if d.State == engine.DeliveryPending {
			next = d.NextAttemptAt.Format(time.RFC3339)
		}
		status := "-"
		if d.LastStatus != 0 {
			status = strconv.Itoa(d.LastStatus)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", d.ID, d.CreatedAt.Format(time.RFC3339), d.Event, d.ObjectID,
			d.State, d.Attempts, status, next, dash(d.LastError), d.URL)
	}
	return w.Flush()
}

// redeliver queues one webhook again: `store redeliver WEBHOOK_ID`. The running server sends it.
func redeliver(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("redeliver takes one WEBHOOK_ID (see \"store webhooks STORE_ID\")")
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil || id < 1 {
		return fmt.Errorf("WEBHOOK_ID must be a number, got %q", args[0])
	}
	d, err := eng.Redeliver(ctx, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Webhook %d (%s of %s) queued for delivery to %s; the running server sends it within a second.\n",
		d.ID, d.Event, d.ObjectID, d.URL)
	return nil
}
