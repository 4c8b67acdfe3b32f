package gateway

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
)

// PageSettings are a store's settings for its payer pages and payer e-mails beyond the embedding
// origins: whom the payer contacts, the store's colour and logo, and whether payers get e-mails.
// The embedded engine keeps them with the store; in remote mode they come from the stores file.
// Every field is optional.
type PageSettings struct {
	SupportEmail string // a plain addr-spec, e.g. help@shop.example
	SupportURL   string // an absolute https (or http) URL
	BrandColor   string // "#rrggbb", lower case
	// Logo is the store's logo (PNG, JPEG or WebP, at most MaxLogoBytes), LogoType its media type.
	// The pages serve it from their own origin: it is never hot-linked.
	Logo     []byte
	LogoType string
	// LogoHash names a logo the gateway keeps re-encoded (NormalizeLogo) and serves by that name
	// (the embedded engine: payer.Config.Logos), instead of sending its bytes with every view.
	LogoHash string
	// PayerEmails turns on e-mails to payers (receipts, notices) for the store's payments.
	PayerEmails bool
}

// MaxLogoBytes bounds a store's logo file.
const MaxLogoBytes = 256 << 10

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

type storeHintKey struct{}

// WithStoreHint tells a gateway which store a request's payment or dedicated address probably
// belongs to (the seed's `oi` parameter, or the store_id of an object already read). A remote
// gateway of many stores asks that store first; the embedded engine needs no hint. A hint is never
// trusted: a store that does not know the id is as good as no hint.
func WithStoreHint(ctx context.Context, storeID string) context.Context {
	if storeID == "" || !IsUUID(storeID) {
		return ctx
	}
	// A copy: the hint may come from request memory the server reuses, and outlive the request
	// in a shared fetch.
	return context.WithValue(ctx, storeHintKey{}, strings.Clone(storeID))
}

// StoreHint is the hint WithStoreHint put in ctx, "" without one.
func StoreHint(ctx context.Context) string {
	s, _ := ctx.Value(storeHintKey{}).(string)
	return s
}
