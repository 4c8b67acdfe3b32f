// Package api serves the Integration API at /int. It is a sibling of the payer pages: both sit on
// the gateway, neither imports the other.
package api

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// Gateway is what the API needs of the embedded gateway.
type Gateway interface {
	Authenticate(ctx context.Context, apiKey, apiSecret string) (gateway.Store, error)
	Convert(ctx context.Context, req gateway.ConvertRequest) (gateway.Conversion, error)
	CreatePayment(ctx context.Context, store gateway.Store, req gateway.CreatePaymentRequest) (gateway.Payment, error)
	Payment(ctx context.Context, storeID, id string) (gateway.Payment, error)
	Transactions(ctx context.Context, storeID, paymentID string) ([]gateway.Transaction, error)
	Payments(ctx context.Context, storeID string, f gateway.PaymentFilter) ([]gateway.Payment, error)
	EmulatePaymentTransaction(ctx context.Context, store gateway.Store, paymentID string, amount gateway.AmountInput) (gateway.Transaction, error)
	MineBlocks(ctx context.Context, store gateway.Store, network string, count gateway.IntInput) (int, error)
	ExpireTestPayment(ctx context.Context, store gateway.Store, paymentID string) (gateway.Payment, error)
	CreateDedicate(ctx context.Context, store gateway.Store, req gateway.CreateDedicateRequest) (gateway.Dedicate, error)
	Dedicate(ctx context.Context, storeID, id string) (gateway.Dedicate, error)
	ReleaseDedicate(ctx context.Context, storeID, id string) (gateway.Dedicate, error)
	EmulateDedicateTransaction(ctx context.Context, store gateway.Store, dedicateID string, amount gateway.AmountInput) (gateway.DedicateTransaction, error)
	Accounts(ctx context.Context, store gateway.Store) (gateway.Accounts, error)
	CreateWithdraw(ctx context.Context, store gateway.Store, req gateway.CreateWithdrawRequest) (gateway.Withdraw, error)
	Withdraw(ctx context.Context, storeID, id string) (gateway.Withdraw, error)
	CreateTransfer(ctx context.Context, from gateway.Store, req gateway.TransferRequest) (gateway.Transfer, error)
}

// CallTimeout is how long one API call may take before it is answered 500 (seed: 30 seconds).
const CallTimeout = 30 * time.Second

// Handler serves the /int routes.
type Handler struct {
	gw  Gateway
	log *slog.Logger
}

// New returns the API handler.
func New(gw Gateway, log *slog.Logger) *Handler {
	return &Handler{gw: gw, log: log}
}

// Register mounts the API on r (the /int group). Every route needs Basic auth.
func (h *Handler) Register(r fiber.Router) {
	r.Use(h.withDeadline, h.authenticate)
	r.Get("/assets", h.listAssets)
	r.Post("/convert", h.convert)
	r.Post("/payment", h.createPayment)
	r.Get("/payments", h.listPayments)
	r.Get("/payment/:id", h.getPayment)
	r.Get("/payment/:id/txs", h.listTransactions)
	r.Get("/accounts", h.listAccounts)
	r.Post("/dedicate", h.createDedicate)
	r.Get("/dedicate/:id", h.getDedicate)
	r.Post("/dedicate/:id/release", h.releaseDedicate)
	r.Post("/withdraw", h.createWithdraw)
	r.Get("/withdraw/:id", h.getWithdraw)
	r.Post("/transfer", h.createTransfer)
	r.Get("/checkouts", h.listCheckouts) // compatibility: a credential check of merchant clients
	r.Post("/test/payment/:id/tx", h.emulateTransaction)
	r.Post("/test/payment/:id/expire", h.expirePayment)
	r.Post("/test/dedicate/:id/tx", h.emulateDedicateTransaction)
	r.Post("/test/blocks", h.mineBlocks)
	r.Use(h.notFound)
}

// withDeadline gives the call its context with the seed's 30 s limit.
func (h *Handler) withDeadline(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), CallTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

func (h *Handler) notFound(c *fiber.Ctx) error {
	return gateway.Errorf(gateway.ErrCodeNotFound, "No such API route: %s %s.", c.Method(), c.Path())
}

// storeKey is where authenticate leaves the caller's store.
const storeKey = "api.store"

func storeOf(c *fiber.Ctx) gateway.Store {
	s, _ := c.Locals(storeKey).(gateway.Store)
	return s
}
