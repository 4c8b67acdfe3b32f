package api_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/handlers/api"
)

// failingGateway authenticates everyone and fails every call with err.
type failingGateway struct {
	api.Gateway // unused methods panic: the test calls only the ones below
	err         error
}

func (g failingGateway) Authenticate(context.Context, string, string) (gateway.Store, error) {
	return gateway.Store{StoreID: "s"}, nil
}

func (g failingGateway) Payment(context.Context, string, string) (gateway.Payment, error) {
	return gateway.Payment{}, g.err
}

func TestErrorsAreMappedWithoutLeaking(t *testing.T) {
	secret := "open /var/lib/checkout/gateway.db: database is locked"
	tests := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"internal error", fmt.Errorf("engine: payment: %w", errors.New(secret)), http.StatusInternalServerError, gateway.ErrCodeInternal},
		{"deadline", fmt.Errorf("engine: payment: %w: %s", context.DeadlineExceeded, secret), http.StatusInternalServerError, gateway.ErrCodeTimeout},
		{"business error, wrapped", fmt.Errorf("engine: %w", gateway.Errorf(gateway.ErrCodeNoPayment, "Payment <x> not found.")), http.StatusUnprocessableEntity, gateway.ErrCodeNoPayment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logged strings.Builder
			log := slog.New(slog.NewTextHandler(&logged, nil))
			app := fiber.New(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error { return api.WriteError(c, err, log) }})
			api.New(failingGateway{err: tt.err}, slog.New(slog.NewTextHandler(io.Discard, nil))).Register(app.Group("/int"))
			req := httptest.NewRequest("GET", "/int/payment/3b241101-e2bb-4255-8caf-4136c566a962", nil)
			req.SetBasicAuth("k", "s")
			res, err := app.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			r := response{Status: res.StatusCode, Header: res.Header, Body: body}
			r.wantError(t, tt.status, tt.code, "")
			if strings.Contains(string(body), "database") || strings.Contains(string(body), "/var/lib") {
				t.Errorf("the answer leaks the internal error: %s", body)
			}
			if tt.code == gateway.ErrCodeInternal && !strings.Contains(logged.String(), "database is locked") {
				t.Errorf("the internal error was not logged: %q", logged.String())
			}
		})
	}
}
