package engine

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
)

// StoreChange lists the settings to change; nil fields stay as they are.
type StoreChange struct {
	Name            *string
	Currency        *string
	WebhookURL      *string
	WebhookSecret   *string
	Markups         map[string]gateway.Markup // replaces all markups when non-nil
	UnderpayPercent **gateway.Amount          // set to a nil *Amount to clear
	UnderpayAmount  **gateway.Amount
	FrameAncestors  *[]string
	OwnerID         *string
	RequireTOTP     *bool
	Page            StorePageChange
}

// UpdateStore changes a store's settings.
func (e *Engine) UpdateStore(ctx context.Context, id string, c StoreChange) (gateway.Store, error) {
	if c.Currency != nil {
		if a, ok := gateway.LookupAsset(*c.Currency); !ok || a.IsCrypto() {
			return gateway.Store{}, gateway.FieldError(gateway.ErrCodeNoAsset, "currency", "Store currency <%s> is not a known fiat currency.", *c.Currency)
		}
	}
	if c.WebhookURL != nil {
		if err := gateway.CheckURL("webhook_url", *c.WebhookURL); err != nil {
			return gateway.Store{}, err
		}
	}
	if c.Name != nil && strings.TrimSpace(*c.Name) == "" {
		return gateway.Store{}, gateway.FieldError(gateway.ErrCodeRequiredField, "name", "A store needs a name.")
	}
	if err := checkStorePage(&c.Page); err != nil {
		return gateway.Store{}, err
	}
	err := e.db.inTx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM stores WHERE id = ?`, id).Scan(&exists); err != nil {
			return fmt.Errorf("engine: update store: %w", err)
		}
		if exists == 0 {
			return gateway.NoStore(id)
		}
		set := func(column string, v any) error {
			_, err := tx.ExecContext(ctx, `UPDATE stores SET `+column+` = ? WHERE id = ?`, v, id)
			if err != nil {
				return fmt.Errorf("engine: update store %s: %w", column, err)
			}
			return nil
		}
		var steps []func() error
		if c.Name != nil {
			steps = append(steps, func() error { return set("name", strings.TrimSpace(*c.Name)) })
		}
		if c.Currency != nil {
			steps = append(steps, func() error { return set("currency", *c.Currency) })
		}
		if c.WebhookURL != nil {
			steps = append(steps, func() error { return set("webhook_url", *c.WebhookURL) })
		}
		if c.WebhookSecret != nil {
			steps = append(steps, func() error { return set("webhook_secret", *c.WebhookSecret) })
		}
		if c.UnderpayPercent != nil {
			steps = append(steps, func() error { return set("underpay_percent", optText(*c.UnderpayPercent)) })
		}
		if c.UnderpayAmount != nil {
			steps = append(steps, func() error { return set("underpay_amount", optText(*c.UnderpayAmount)) })
		}
		if c.FrameAncestors != nil {
			steps = append(steps, func() error { return set("frame_ancestors", strings.Join(*c.FrameAncestors, " ")) })
		}
		if c.OwnerID != nil {
			steps = append(steps, func() error { return set("owner_id", *c.OwnerID) })
		}
		if c.RequireTOTP != nil {
			steps = append(steps, func() error { return set("require_totp", *c.RequireTOTP) })
		}
		if c.Markups != nil {
			steps = append(steps, func() error { return writeMarkups(ctx, tx, id, c.Markups) })
		}
		steps = append(steps, func() error { return writeStorePage(ctx, tx, id, c.Page) })
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return gateway.Store{}, err
	}
	return e.StoreByID(ctx, id)
}

// RotateAPISecret replaces a store's API secret with a new random one and returns it; the old
// secret stops working at once.
func (e *Engine) RotateAPISecret(ctx context.Context, id string) (string, error) {
	secret := randomToken(32)
	return secret, e.setSecret(ctx, id, "api_secret_hash", hashSecret(secret))
}

// RotateWebhookSecret replaces a store's webhook signing secret and returns it.
func (e *Engine) RotateWebhookSecret(ctx context.Context, id string) (string, error) {
	secret := randomHex(32)
	return secret, e.setSecret(ctx, id, "webhook_secret", secret)
}

func (e *Engine) setSecret(ctx context.Context, id, column, value string) error {
	res, err := e.db.write.ExecContext(ctx, `UPDATE stores SET `+column+` = ? WHERE id = ?`, value, id)
	if err != nil {
		return fmt.Errorf("engine: rotate secret: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return gateway.NoStore(id)
	}
	return nil
}
