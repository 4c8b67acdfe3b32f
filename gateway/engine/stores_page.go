package engine

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// StorePageChange is the part of a StoreChange that shapes the payer pages; nil fields stay.
type StorePageChange struct {
	SupportEmail *string
	SupportURL   *string
	BrandColor   *string
	// Logo, when non-nil, replaces the logo; a Logo with an empty Hash removes it. Make one with
	// gateway.NormalizeLogo.
	Logo *gateway.Logo
	// PayerEmails turns e-mails to payers on or off (off for a new store).
	PayerEmails *bool
}

// checkStorePage validates and normalises the page settings of a change.
func checkStorePage(c *StorePageChange) error {
	if c.SupportEmail != nil {
		v, err := gateway.ParseSupportEmail(*c.SupportEmail)
		if err != nil {
			return gateway.FieldError(gateway.ErrCodeInvalidField, "support_email", "%s", err.Error())
		}
		c.SupportEmail = &v
	}
	if c.SupportURL != nil {
		v, err := gateway.ParseSupportURL(*c.SupportURL)
		if err != nil {
			return gateway.FieldError(gateway.ErrCodeInvalidURL, "support_url", "%s", err.Error())
		}
		c.SupportURL = &v
	}
	if c.BrandColor != nil {
		v, err := gateway.ParseBrandColor(*c.BrandColor)
		if err != nil {
			return gateway.FieldError(gateway.ErrCodeInvalidField, "brand_color", "%s", err.Error())
		}
		c.BrandColor = &v
	}
	if c.Logo != nil && c.Logo.Hash != "" && len(c.Logo.PNG) == 0 {
		return gateway.FieldError(gateway.ErrCodeInvalidField, "logo", "The logo is empty.")
	}
	return nil
}

// pageUpdate is the store's columns a page change writes.
func pageUpdate(c StorePageChange) store.PageUpdate {
	return store.PageUpdate{SupportEmail: c.SupportEmail, SupportURL: c.SupportURL, BrandColor: c.BrandColor,
		PayerEmails: c.PayerEmails, Logo: c.Logo}
}

// Logo returns a logo by its content hash, or ERR_NO_STORE when no store has it.
func (e *Engine) Logo(ctx context.Context, hash string) (gateway.Logo, error) {
	return e.stores.logo(ctx, hash)
}

func (s *stores) logo(ctx context.Context, hash string) (gateway.Logo, error) {
	png, err := s.db.Logo(ctx, hash)
	return found(gateway.Logo{Hash: hash, PNG: png}, err, func() error {
		return gateway.Errorf(gateway.ErrCodeNoStore, "No logo <%s>.", hash)
	})
}
