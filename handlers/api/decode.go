package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
)

// decodeBody reads a JSON object into v. Unknown fields are ignored (clients send the seed's
// examples with extra keys); a wrongly typed field is answered naming that field.
func decodeBody(c *fiber.Ctx, v any) error {
	return decodeJSON(c.Body(), v)
}

func decodeJSON(body []byte, v any) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return gateway.Errorf(gateway.ErrCodeInvalidRequest, "The request body must be a JSON object.")
	}
	err := json.Unmarshal(body, v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr) && typeErr.Field != "":
		field := typeErr.Field
		if i := strings.LastIndex(field, "."); i >= 0 {
			field = field[i+1:]
		}
		return gateway.FieldError(gateway.ErrCodeInvalidField, field, "%s has the wrong type (got %s).", field, typeErr.Value)
	}
	return gateway.Errorf(gateway.ErrCodeInvalidRequest, "The request body is not valid JSON.")
}

// param is a copy of the path parameter name: the value points into memory fasthttp reuses for the
// next request on the connection, and the gateway is free to keep the strings it is given.
func param(c *fiber.Ctx, name string) string { return strings.Clone(c.Params(name)) }

// query is a copy of the query value name, for the same reason.
func query(c *fiber.Ctx, name string) string { return strings.Clone(c.Query(name)) }
