package payer

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// contentPolicy is every page's CSP but frame-ancestors: only our own embedded files, no inline
// script or style, forms only to ourselves.
const contentPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors "

// setPageHeaders sets the security headers of a page. origins are the store's allowed embedding
// origins; with none the page may only be framed by this site itself.
// A cached payment page sets the same headers its own way (sendCachedPage).
func setPageHeaders(c *fiber.Ctx, origins []string) {
	c.Set(fiber.HeaderContentSecurityPolicy, pagePolicy(origins))
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderCacheControl, "no-store")
}

// pagePolicy is the Content-Security-Policy of a page framed by origins.
func pagePolicy(origins []string) string { return contentPolicy + frameAncestors(origins) }

// frameAncestors writes the frame-ancestors sources: 'self' and each origin that is a plain
// scheme://host[:port] (possibly with a leading *. wildcard, which CSP understands). Anything
// else is dropped rather than let into the header.
func frameAncestors(origins []string) string {
	out := []string{"'self'"}
	for _, o := range origins {
		if validOrigin(o, true) {
			out = append(out, o)
		}
	}
	return strings.Join(out, " ")
}

// messageOrigins are the origins the script may postMessage to: exact origins only, since
// postMessage takes no wildcard (and never '*', which would tell any page).
func messageOrigins(origins []string) string {
	var out []string
	for _, o := range origins {
		if validOrigin(o, false) {
			out = append(out, o)
		}
	}
	return strings.Join(out, " ")
}

func validOrigin(o string, wildcard bool) bool {
	rest, ok := strings.CutPrefix(o, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(o, "http://"); !ok {
			return false
		}
	}
	if wildcard {
		rest = strings.TrimPrefix(rest, "*.")
	}
	if rest == "" {
		return false
	}
	for _, r := range rest {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':' || r == '[' || r == ']') {
			return false
		}
	}
	return true
}
