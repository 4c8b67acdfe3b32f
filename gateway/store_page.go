package gateway

import (
	"fmt"
	"net/mail"
	"strings"
)

// StorePage is how a store presents itself on its payer pages: whom the payer contacts and the
// store's colour and logo. The embedded engine keeps it with the store; in remote mode it comes
// from the stores file (support_email, support_url, brand_color, logo_file).
type StorePage struct {
	SupportEmail string // shown as a mailto: link wherever the page sends the payer to the store
	SupportURL   string // absolute http(s)
	BrandColor   string // "#1a6b3c", lowercase; empty for the house colours
	// LogoHash names the store's logo by its content (see Logo); empty for none. The pages serve
	// it from their own origin, so a page never makes a third-party request.
	LogoHash string
}

// Logo is a store's logo, re-encoded as PNG (see NormalizeLogo), named by its content hash.
type Logo struct {
	Hash string
	PNG  []byte
}

// ParseBrandColor reads a colour written #rgb or #rrggbb and returns it as lowercase #rrggbb;
// "" stays "" (the house colours).
func ParseBrandColor(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	hex, ok := strings.CutPrefix(s, "#")
	if !ok || (len(hex) != 3 && len(hex) != 6) || strings.Trim(hex, "0123456789abcdef") != "" {
		return "", fmt.Errorf("brand colour %q: want #rrggbb", truncate(s, 20))
	}
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	return "#" + hex, nil
}

// ParseSupportEmail reads a support e-mail address: a bare addr-spec ("help@shop.example"), no
// display name; "" stays "".
func ParseSupportEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || len(s) > 254 || strings.ContainsAny(s, "?&#/ ") {
		return "", fmt.Errorf("support e-mail %q: want an address such as help@shop.example", truncate(s, 60))
	}
	return s, nil
}

// ParseSupportURL reads a support page's URL: absolute http(s); "" stays "".
func ParseSupportURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if err := CheckURL("support_url", s); err != nil {
		return "", fmt.Errorf("support URL %q: want an absolute http(s) URL", truncate(s, 60))
	}
	return s, nil
}
