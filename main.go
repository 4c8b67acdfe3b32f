// Command checkout serves the hosted crypto checkout: the payer pages and, unless GATEWAY_URL
// points at a remote gateway, an embedded test gateway with the Integration API at /int.
//
//	checkout                 run the server (same as "checkout serve")
//	checkout store …         manage the embedded gateway's stores (see "checkout store help")
//	checkout mail …          the outbox of e-mails to payers (see "checkout mail help")
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/cryptocheckout/checkout/handlers/cli"
	"github.com/cryptocheckout/checkout/handlers/server"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	cfg, err := server.LoadConfig(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "configuration:", err)
		return 2
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if len(args) > 0 && args[0] == "store" {
		return cli.Run(ctx, cfg, args[1:], os.Stdout, os.Stderr)
	}
	if len(args) > 0 && args[0] == "mail" {
		return cli.RunMail(ctx, cfg, args[1:], os.Stdout, os.Stderr)
	}
	if len(args) > 0 && args[0] != "serve" {
		fmt.Fprintf(os.Stderr, "unknown command %q: use \"serve\" (the default), \"store\" or \"mail\"\n", args[0])
		return 2
	}
	m := server.New(cfg, log, os.Stdout)
	if err := m.Open(ctx); err != nil {
		log.Error("start", "err", err)
		return 1
	}
	code := 0
	select {
	case <-ctx.Done():
		log.Info("shutting down")
	case err := <-m.Failed():
		// A server stopped by itself: exit non-zero, so that the supervisor restarts the process.
		log.Error("exiting", "err", err)
		code = 1
	}
	if err := m.Close(); err != nil {
		log.Error("shutdown", "err", err)
		return 1
	}
	return code
}
