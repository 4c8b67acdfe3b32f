package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// WriteError answers an API call that failed with err. Internal errors are logged and answered
// with a generic message: their text never reaches the client.
func WriteError(c *fiber.Ctx, err error, log *slog.Logger) error {
	var apiErr *gateway.Error
	var fe *fiber.Error
	switch {
	case errors.As(err, &apiErr):
	case errors.Is(err, context.DeadlineExceeded):
		apiErr = gateway.Errorf(gateway.ErrCodeTimeout, "The request could not be finished in time; its outcome is unknown: check before retrying.")
	case errors.As(err, &fe) && fe.Code == fiber.StatusRequestEntityTooLarge:
		apiErr = gateway.Errorf(gateway.ErrCodeBodyTooLarge, "The request body is too large.")
	case errors.As(err, &fe) && fe.Code == fiber.StatusNotFound:
		apiErr = gateway.Errorf(gateway.ErrCodeNotFound, "No such API route: %s %s.", c.Method(), c.Path())
	case errors.As(err, &fe) && fe.Code < 500:
		apiErr = gateway.Errorf(gateway.ErrCodeInvalidRequest, "%s", fe.Message)
	default:
		log.Error("api call failed", "method", c.Method(), "path", c.Path(), "err", err)
		apiErr = gateway.Errorf(gateway.ErrCodeInternal, "Internal error; the outcome is unknown: check before retrying.")
	}
	status := gateway.HTTPStatus(apiErr.Code)
	if status == http.StatusUnauthorized {
		c.Set(fiber.HeaderWWWAuthenticate, `Basic realm="int"`)
	}
	return c.Status(status).JSON(apiErr)
}
