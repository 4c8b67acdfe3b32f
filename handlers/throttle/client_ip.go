package throttle

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Proxies are the reverse proxies whose X-Forwarded-For is believed.
type Proxies []netip.Prefix

// ParseProxies reads a comma-separated list of addresses and CIDR prefixes ("10.0.0.0/8, ::1").
func ParseProxies(s string) (Proxies, error) {
	var out Proxies
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("%q is no IP address or CIDR prefix", f)
			}
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q is no IP address or CIDR prefix", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (ps Proxies) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range ps {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ClientIP returns the client's address as a string of its own (a map key and a Redis key
// outlive the request, whose memory fasthttp reuses). A request from a trusted proxy is the
// proxy's client: the right-most address of X-Forwarded-For that is not itself a trusted proxy
// (the left-most entries are whatever the client wrote, so they are never believed).
func (ps Proxies) ClientIP(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return "unknown"
	}
	peer = peer.Unmap()
	if len(ps) == 0 || !ps.trusted(peer) {
		return peer.String()
	}
	hops := strings.Split(string(c.Request().Header.Peek(fiber.HeaderXForwardedFor)), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: what lies left of it cannot be trusted either
		}
		if !ps.trusted(a) {
			return a.Unmap().String()
		}
	}
	return peer.String()
}
