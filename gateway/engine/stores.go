package engine

import (
	"context"
	"errors"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// stores is the business of merchants' stores: creating and changing them, their credentials and
// the API's authentication.
type stores struct {
	db  storeStore
	now func() time.Time
}

// storeStore is what the stores service reads and writes outside a transaction.
type storeStore interface {
	WithTx(ctx context.Context, fn func(tx *store.Tx) error) error
	storeReads
	Stores(ctx context.Context) ([]gateway.Store, error)
	CountStores(ctx context.Context) (int, error)
	StoreSecret(ctx context.Context, apiKey string) (id, hash string, err error)
	Logo(ctx context.Context, hash string) ([]byte, error)
	TOTPSecret(ctx context.Context, storeID string) (string, error)
	SetAPISecretHash(ctx context.Context, storeID, hash string) error
	SetWebhookSecret(ctx context.Context, storeID, secret string) error
}

// storeReads reads a store with its markups and page settings.
type storeReads interface {
	Markups(ctx context.Context, storeID string) (map[string]gateway.Markup, error)
	StoreWithMarkups(ctx context.Context, id string) (gateway.Store, error)
	StorePage(ctx context.Context, storeID string) (gateway.PageSettings, []string, error)
}

// storeTx is what creating and changing a store writes in its transaction.
type storeTx interface {
	InsertStore(ctx context.Context, s gateway.Store, apiSecretHash, totpSecret string, createdAt int64) error
	InsertStoreKey(ctx context.Context, storeID, network, xpub string) error
	InsertAccount(ctx context.Context, id, storeID, assetID string, num int) error
	StoreExists(ctx context.Context, id string) (bool, error)
	UpdateStore(ctx context.Context, id string, u store.StoreUpdate) error
}

// byID returns a store with its markups and page settings, or ERR_NO_STORE.
func (s *stores) byID(ctx context.Context, id string) (gateway.Store, error) {
	st, err := s.db.StoreWithMarkups(ctx, id)
	if st, err = found(st, err, func() error { return gateway.NoStore(id) }); err != nil {
		return st, err
	}
	st.Page, _, err = s.db.StorePage(ctx, id)
	return st, err
}

// authenticate returns the store whose API key and secret these are. Every failure is the same
// ERR_UNAUTHORIZED after the same work: one read of the key's secret hash by one statement and one
// constant-time comparison (against a dummy hash when the key is unknown). The store itself is read
// only for the right secret, so the time of a refusal does not tell whether the key exists.
func (s *stores) authenticate(ctx context.Context, apiKey, apiSecret string) (gateway.Store, error) {
	id, hash, err := s.db.StoreSecret(ctx, apiKey)
	known := true
	switch {
	case errors.Is(err, store.ErrNotFound):
		hash, known = dummyHash, false
	case err != nil:
		return gateway.Store{}, err
	}
	if !secretMatches(apiSecret, hash) || !known {
		return gateway.Store{}, gateway.Errorf(gateway.ErrCodeUnauthorized, "Wrong or missing API key or secret.")
	}
	// The API prices payments with the store it authenticated: without its markups they would
	// silently be dropped. Row and markups come by one statement, read only for the right secret.
	return s.db.StoreWithMarkups(ctx, id)
}

var dummyHash = hashSecret("no such key")

// list returns every store with its markups, oldest first.
func (s *stores) list(ctx context.Context) ([]gateway.Store, error) {
	out, err := s.db.Stores(ctx)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Markups, err = s.db.Markups(ctx, out[i].StoreID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// StoreByID returns a store with its markups, or ERR_NO_STORE.
func (e *Engine) StoreByID(ctx context.Context, id string) (gateway.Store, error) {
	return e.stores.byID(ctx, id)
}

// Authenticate returns the store whose API key and secret these are, or ERR_UNAUTHORIZED.
func (e *Engine) Authenticate(ctx context.Context, apiKey, apiSecret string) (gateway.Store, error) {
	return e.stores.authenticate(ctx, apiKey, apiSecret)
}

// ListStores returns every store, oldest first.
func (e *Engine) ListStores(ctx context.Context) ([]gateway.Store, error) { return e.stores.list(ctx) }

// CountStores tells whether any store exists yet.
func (e *Engine) CountStores(ctx context.Context) (int, error) { return e.stores.db.CountStores(ctx) }

// TOTPSecret returns a store's TOTP secret (base32) for enrolling an authenticator app.
func (e *Engine) TOTPSecret(ctx context.Context, storeID string) (string, error) {
	return e.stores.totpSecret(ctx, storeID)
}

func (s *stores) totpSecret(ctx context.Context, storeID string) (string, error) {
	secret, err := s.db.TOTPSecret(ctx, storeID)
	return found(secret, err, func() error { return gateway.NoStore(storeID) })
}
