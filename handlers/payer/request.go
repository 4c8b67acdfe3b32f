package payer

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// A request's path parameters and query values point into memory fasthttp reuses for the next
// request on the connection. What the pages hand the gateway may outlive the request (the remote
// gateway's shared fetch runs on after its first caller gave up; the page cache and live streams
// keep ids), so the pages read them through these copies.

// param is a copy of the path parameter name.
func param(c *fiber.Ctx, name string) string { return strings.Clone(c.Params(name)) }

// query is a copy of the query value name.
func query(c *fiber.Ctx, name string) string { return strings.Clone(c.Query(name)) }
