package payer

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/views"
)

// HandleError answers a failed request to a payer page with a translated page: 404 for anything
// not found (an unknown payment and a wrong code give byte-identical answers), 429 for a client
// refused after too many of those, 503 when the gateway fails or is too slow, 4xx for a malformed
// request. Internal errors are logged, never shown. The
// server's error handler delegates here for every path outside /int.
func (h *Handler) HandleError(c *fiber.Ctx, err error) error {
	status, kind := h.classify(c, err)
	loc := h.language(c, "") // never the payment's language: it would tell that the payment exists
	setPageHeaders(c, nil)
	page := views.ErrorPage{
		Layout: layout(loc, loc.T("error."+kind+".title"), false),
		Status: status,
		Title:  loc.T("error." + kind + ".title"),
		Detail: loc.T("error." + kind + ".detail"),
	}
	if status == http.StatusServiceUnavailable {
		// The page tries again by itself (a meta refresh: no script needed, none inline).
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(retrySeconds))
		page.Layout.RetrySeconds = retrySeconds
		page.Retry = loc.T("remote.retrying")
	}
	return render(c, status, loc, views.Error(page))
}

// retrySeconds is when a "temporarily unavailable" page loads itself again.
const retrySeconds = 10

// classify maps an error to the status and the message kind of the error page. The status of a
// gateway error comes from the one code map (gateway.HTTPStatus), turned into what a page says:
// anything not found is 404 (never the API's 422, which would tell the object exists), a business
// refusal the handler did not expect is 400, and the gateway's own failure is 503.
func (h *Handler) classify(c *fiber.Ctx, err error) (int, string) {
	code := gateway.ErrorCode(err)
	status := gateway.HTTPStatus(code)
	var fe *fiber.Error
	switch {
	case status == http.StatusTooManyRequests:
		return http.StatusTooManyRequests, "too_many" // Retry-After is set by the limit that refused
	case gateway.NotFound(err), code == gateway.ErrCodeNotTestStore, code == gateway.ErrCodeDedicateReleased:
		return http.StatusNotFound, "not_found"
	case errors.As(err, &fe) && fe.Code == http.StatusNotFound:
		if strings.HasPrefix(c.Path(), "/payment/") || strings.HasPrefix(c.Path(), "/dedicate/") {
			return http.StatusNotFound, "not_found"
		}
		return http.StatusNotFound, "no_page"
	case errors.As(err, &fe) && fe.Code < 500:
		return fe.Code, "bad_request"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		h.log.Warn("payer page: gateway too slow", "method", c.Method(), "path", c.Path(), "err", err)
		return http.StatusServiceUnavailable, "unavailable"
	case status < http.StatusInternalServerError:
		return http.StatusBadRequest, "bad_request" // a business refusal the handler did not expect
	}
	h.log.Error("payer page failed", "method", c.Method(), "path", c.Path(), "err", err)
	return http.StatusServiceUnavailable, "unavailable"
}
