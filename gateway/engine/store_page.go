package engine

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
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

// writeStorePage applies the page settings of a change inside a store update's transaction.
func writeStorePage(ctx context.Context, tx *sql.Tx, storeID string, c StorePageChange) error {
	set := func(column, v string) error {
		if _, err := tx.ExecContext(ctx, `UPDATE stores SET `+column+` = ? WHERE id = ?`, v, storeID); err != nil {
			return fmt.Errorf("engine: store %s: %w", column, err)
		}
		return nil
	}
	for _, f := range []struct {
		column string
		v      *string
	}{{"support_email", c.SupportEmail}, {"support_url", c.SupportURL}, {"brand_color", c.BrandColor}} {
		if f.v != nil {
			if err := set(f.column, *f.v); err != nil {
				return err
			}
		}
	}
	if c.PayerEmails != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE stores SET payer_emails = ? WHERE id = ?`, *c.PayerEmails, storeID); err != nil {
			return fmt.Errorf("engine: store payer_emails: %w", err)
		}
	}
	if c.Logo == nil {
		return nil
	}
	if c.Logo.Hash != "" {
		// Content-addressed: the same picture is stored once, whichever stores use it.
		if _, err := tx.ExecContext(ctx, `INSERT INTO store_logos (hash, png) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING`, c.Logo.Hash, c.Logo.PNG); err != nil {
			return fmt.Errorf("engine: store logo: %w", err)
		}
	}
	return set("logo_hash", c.Logo.Hash)
}

const qStorePage = `SELECT frame_ancestors, support_email, support_url, brand_color, logo_hash, payer_emails FROM stores WHERE id = ?`

// storePage reads a store's page settings.
func storePage(ctx context.Context, q querier, storeID string) (gateway.PageSettings, []string, error) {
	var sp gateway.PageSettings
	var origins string
	err := q.QueryRowContext(ctx, qStorePage, storeID).
		Scan(&origins, &sp.SupportEmail, &sp.SupportURL, &sp.BrandColor, &sp.LogoHash, &sp.PayerEmails)
	if err != nil {
		return sp, nil, fmt.Errorf("engine: store page: %w", err)
	}
	return sp, strings.Fields(origins), nil
}

// Logo returns a logo by its content hash, or ERR_NO_STORE when no store has it.
func (e *Engine) Logo(ctx context.Context, hash string) (gateway.Logo, error) {
	l := gateway.Logo{Hash: hash}
	err := e.db.read.QueryRowContext(ctx, `SELECT png FROM store_logos WHERE hash = ?`, hash).Scan(&l.PNG)
	return found(l, err, "logo", func() error { return gateway.Errorf(gateway.ErrCodeNoStore, "No logo <%s>.", hash) })
}
