package engine

import (
	"context"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
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
	return e.stores.changeStore(ctx, id, c)
}

func (s *stores) changeStore(ctx context.Context, id string, c StoreChange) (gateway.Store, error) {
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
	u := store.StoreUpdate{Name: c.Name, Currency: c.Currency, WebhookURL: c.WebhookURL, WebhookSecret: c.WebhookSecret,
		UnderpayPercent: c.UnderpayPercent, UnderpayAmount: c.UnderpayAmount, FrameAncestors: c.FrameAncestors,
		OwnerID: c.OwnerID, RequireTOTP: c.RequireTOTP, Markups: c.Markups, Page: pageUpdate(c.Page)}
	if c.Name != nil {
		name := strings.TrimSpace(*c.Name)
		u.Name = &name
	}
	err := s.db.WithTx(ctx, func(tx *store.Tx) error { return s.update(ctx, tx, id, u) })
	if err != nil {
		return gateway.Store{}, err
	}
	return s.byID(ctx, id)
}

func (s *stores) update(ctx context.Context, tx storeTx, id string, u store.StoreUpdate) error {
	exists, err := tx.StoreExists(ctx, id)
	if err != nil {
		return err
	}
	if !exists {
		return gateway.NoStore(id)
	}
	return tx.UpdateStore(ctx, id, u)
}

// RotateAPISecret replaces a store's API secret with a new random one and returns it; the old
// secret stops working at once.
func (e *Engine) RotateAPISecret(ctx context.Context, id string) (string, error) {
	return e.stores.rotateAPISecret(ctx, id)
}

func (s *stores) rotateAPISecret(ctx context.Context, id string) (string, error) {
	secret := randomToken(32)
	return secret, noStoreIfMissing(s.db.SetAPISecretHash(ctx, id, hashSecret(secret)), id)
}

// RotateWebhookSecret replaces a store's webhook signing secret and returns it.
func (e *Engine) RotateWebhookSecret(ctx context.Context, id string) (string, error) {
	return e.stores.rotateWebhookSecret(ctx, id)
}

func (s *stores) rotateWebhookSecret(ctx context.Context, id string) (string, error) {
	secret := randomHex(32)
	return secret, noStoreIfMissing(s.db.SetWebhookSecret(ctx, id, secret), id)
}

func noStoreIfMissing(err error, id string) error {
	_, err = found(struct{}{}, err, func() error { return gateway.NoStore(id) })
	return err
}
