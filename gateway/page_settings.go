package gateway

import (
	"context"
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
	// PayerEmails turns on e-mails to payers (receipts, notices) for the store's payments.
	PayerEmails bool
}

// MaxLogoBytes bounds a store's logo file.
const MaxLogoBytes = 256 << 10

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
