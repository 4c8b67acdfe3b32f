package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// listPayments answers GET /int/payments?from&to&status&asset_id&dedicate_id.
func (h *Handler) listPayments(c *fiber.Ctx) error {
	f, err := paymentFilter(c.Query("from"), c.Query("to"), query(c, "status"), query(c, "asset_id"), query(c, "dedicate_id"))
	if err != nil {
		return err
	}
	out, err := h.gw.Payments(c.UserContext(), storeOf(c).StoreID, f)
	if err != nil {
		return err
	}
	return c.JSON(out)
}

// paymentFilter validates the query of GET /payments: from and to are required days (YYYY-MM-DD).
func paymentFilter(from, to, status, assetID, dedicateID string) (gateway.PaymentFilter, error) {
	var f gateway.PaymentFilter
	var err error
	if f.From, err = parseDay("from", from); err != nil {
		return f, err
	}
	if f.To, err = parseDay("to", to); err != nil {
		return f, err
	}
	if f.To.Before(f.From) {
		return f, gateway.FieldError(gateway.ErrCodeInvalidDate, "to", "to must not be before from.")
	}
	switch status {
	case "", gateway.StatusOpen, gateway.StatusClosing, gateway.StatusComplete, gateway.StatusCancel:
		f.Status = status
	default:
		return f, gateway.FieldError(gateway.ErrCodeInvalidStatus, "status", "status must be OPEN, CLOSING, COMPLETE or CANCEL.")
	}
	if assetID != "" {
		if _, err := gateway.AssetByID("asset_id", assetID); err != nil {
			return f, err
		}
		f.AssetID = assetID
	}
	if dedicateID != "" && !gateway.IsUUID(dedicateID) {
		return f, gateway.FieldError(gateway.ErrCodeInvalidField, "dedicate_id", "dedicate_id must be a dedicated address id.")
	}
	f.DedicateID = dedicateID
	return f, nil
}

func parseDay(field, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, gateway.FieldError(gateway.ErrCodeRequiredField, field, "%s is required (YYYY-MM-DD).", field)
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, gateway.FieldError(gateway.ErrCodeInvalidDate, field, "%s must be a date as YYYY-MM-DD.", field)
	}
	return d, nil
}
