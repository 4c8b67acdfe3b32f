package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/hd"
)

// NewStore describes a store to create. Empty credentials are generated.
type NewStore struct {
	Name            string
	OwnerID         string // stores of one owner may transfer between each other; empty = a new owner
	IsTest          bool
	Currency        string // default USD
	APIKey          string
	APISecret       string
	WebhookURL      string
	WebhookSecret   string
	SeedPhrase      string // BIP-39 mnemonic; generated when empty
	Markups         map[string]gateway.Markup
	UnderpayPercent *gateway.Amount
	UnderpayAmount  *gateway.Amount
	FrameAncestors  []string
	RequireTOTP     bool
	Page            StorePageChange // the payer pages' support contact, colour and logo
}

// StoreCredentials are the secrets of a new store, shown to its owner once.
type StoreCredentials struct {
	StoreID       string
	APIKey        string
	APISecret     string
	WebhookSecret string
	SeedPhrase    string
	// SeedPhraseGenerated says the phrase was made here and must be written down now: only its
	// public keys are kept.
	SeedPhraseGenerated bool
}

// CreateStore creates a store with its accounts and address keys.
func (e *Engine) CreateStore(ctx context.Context, n NewStore) (gateway.Store, StoreCredentials, error) {
	if err := e.checkNewStore(&n); err != nil {
		return gateway.Store{}, StoreCredentials{}, err
	}
	if err := checkStorePage(&n.Page); err != nil {
		return gateway.Store{}, StoreCredentials{}, err
	}
	creds := StoreCredentials{StoreID: newID(), APIKey: n.APIKey, APISecret: n.APISecret, WebhookSecret: n.WebhookSecret, SeedPhrase: n.SeedPhrase}
	if creds.APIKey == "" {
		creds.APIKey = randomHex(16)
	}
	if creds.APISecret == "" {
		creds.APISecret = randomToken(32)
	}
	if creds.WebhookSecret == "" {
		creds.WebhookSecret = randomHex(32)
	}
	if creds.SeedPhrase == "" {
		phrase, err := hd.NewMnemonic()
		if err != nil {
			return gateway.Store{}, StoreCredentials{}, fmt.Errorf("engine: seed phrase: %w", err)
		}
		creds.SeedPhrase, creds.SeedPhraseGenerated = phrase, true
	}
	keys, err := hd.AccountKeys(creds.SeedPhrase, "")
	if err != nil {
		return gateway.Store{}, StoreCredentials{}, fmt.Errorf("engine: seed phrase: %w", err)
	}
	if n.OwnerID == "" {
		n.OwnerID = newID()
	}
	now := e.now().Unix()
	err = e.db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO stores (id, owner_id, name, is_test, currency, api_key, api_secret_hash,
			webhook_url, webhook_secret, underpay_percent, underpay_amount, frame_ancestors, require_totp, totp_secret, created_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			creds.StoreID, n.OwnerID, n.Name, n.IsTest, n.Currency, creds.APIKey, hashSecret(creds.APISecret),
			n.WebhookURL, creds.WebhookSecret, optText(n.UnderpayPercent), optText(n.UnderpayAmount),
			strings.Join(n.FrameAncestors, " "), n.RequireTOTP, randomBase32Secret(), now)
		if err != nil {
			if strings.Contains(err.Error(), "UNIQUE") {
				return gateway.FieldError(gateway.ErrCodeInvalidField, "api_key", "A store with this API key already exists.")
			}
			return fmt.Errorf("engine: create store: %w", err)
		}
		if err := writeMarkups(ctx, tx, creds.StoreID, n.Markups); err != nil {
			return err
		}
		if err := writeStorePage(ctx, tx, creds.StoreID, n.Page); err != nil {
			return err
		}
		for network, xpub := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO store_keys (store_id, network, xpub) VALUES (?,?,?)`, creds.StoreID, network, xpub); err != nil {
				return fmt.Errorf("engine: store keys: %w", err)
			}
		}
		num := 0
		for _, a := range gateway.Assets() {
			if !a.IsCrypto() {
				continue
			}
			num++
			if _, err := tx.ExecContext(ctx, `INSERT INTO accounts (id, store_id, asset_id, num) VALUES (?,?,?,?)`, newID(), creds.StoreID, a.AssetID, num); err != nil {
				return fmt.Errorf("engine: accounts: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return gateway.Store{}, StoreCredentials{}, err
	}
	st, err := e.StoreByID(ctx, creds.StoreID)
	return st, creds, err
}

func (e *Engine) checkNewStore(n *NewStore) error {
	n.Name = strings.TrimSpace(n.Name)
	if n.Name == "" {
		return gateway.FieldError(gateway.ErrCodeRequiredField, "name", "A store needs a name.")
	}
	if n.Currency == "" {
		n.Currency = "USD"
	}
	if a, ok := gateway.LookupAsset(n.Currency); !ok || a.IsCrypto() {
		return gateway.FieldError(gateway.ErrCodeNoAsset, "currency", "Store currency <%s> is not a known fiat currency.", n.Currency)
	}
	if n.SeedPhrase != "" {
		if err := hd.ValidateMnemonic(n.SeedPhrase); err != nil {
			return gateway.FieldError(gateway.ErrCodeInvalidField, "seed_phrase", "The seed phrase is not a valid BIP-39 mnemonic: %v", err)
		}
	}
	if n.APISecret != "" && len(n.APISecret) < 16 {
		return gateway.FieldError(gateway.ErrCodeInvalidField, "api_secret", "An API secret needs at least 16 characters.")
	}
	return gateway.CheckURL("webhook_url", n.WebhookURL)
}

func writeMarkups(ctx context.Context, tx *sql.Tx, storeID string, m map[string]gateway.Markup) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM store_markups WHERE store_id = ?`, storeID); err != nil {
		return fmt.Errorf("engine: markups: %w", err)
	}
	for asset, mk := range m {
		if _, err := tx.ExecContext(ctx, `INSERT INTO store_markups (store_id, asset_id, percent, amount) VALUES (?,?,?,?)`,
			storeID, asset, optText(mk.Percent), optText(mk.Amount)); err != nil {
			return fmt.Errorf("engine: markups: %w", err)
		}
	}
	return nil
}

func optText(a *gateway.Amount) any {
	if a == nil {
		return nil
	}
	return a.String()
}

func scanOptAmount(s sql.NullString) *gateway.Amount {
	if !s.Valid {
		return nil
	}
	v, err := gateway.ParseAmount(s.String)
	if err != nil {
		return nil
	}
	return &v
}

const storeColumns = `id, owner_id, name, is_test, currency, api_key, webhook_url, webhook_secret,
	underpay_percent, underpay_amount, frame_ancestors, require_totp`

type rowScanner interface{ Scan(dest ...any) error }

func scanStore(r rowScanner) (gateway.Store, error) {
	var s gateway.Store
	var up, ua sql.NullString
	var origins string
	err := r.Scan(&s.StoreID, &s.OwnerID, &s.Name, &s.IsTest, &s.Currency, &s.APIKey, &s.WebhookURL, &s.WebhookSecret,
		&up, &ua, &origins, &s.RequireTOTP)
	if err != nil {
		return s, err
	}
	s.UnderpayPercent, s.UnderpayAmount = scanOptAmount(up), scanOptAmount(ua)
	s.FrameAncestors = strings.Fields(origins)
	return s, nil
}

// StoreByID returns a store with its markups, or ERR_NO_STORE.
func (e *Engine) StoreByID(ctx context.Context, id string) (gateway.Store, error) {
	s, err := scanStore(e.db.read.QueryRowContext(ctx, `SELECT `+storeColumns+` FROM stores WHERE id = ?`, id))
	if s, err = found(s, err, "store", func() error { return gateway.NoStore(id) }); err != nil {
		return s, err
	}
	if s.Markups, err = e.markups(ctx, e.db.reader(nil), id); err != nil {
		return s, err
	}
	s.Page, _, err = storePage(ctx, e.db.read, id)
	return s, err
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

const (
	qStoreMarkups = `SELECT asset_id, percent, amount FROM store_markups WHERE store_id = ?`
	qStoreByID    = `SELECT ` + storeColumns + ` FROM stores WHERE id = ?`
)

func (e *Engine) markups(ctx context.Context, q querier, storeID string) (map[string]gateway.Markup, error) {
	rows, err := q.QueryContext(ctx, qStoreMarkups, storeID)
	if err != nil {
		return nil, fmt.Errorf("engine: markups: %w", err)
	}
	defer rows.Close()
	out := map[string]gateway.Markup{}
	for rows.Next() {
		var asset string
		var p, a sql.NullString
		if err := rows.Scan(&asset, &p, &a); err != nil {
			return nil, fmt.Errorf("engine: markups: %w", err)
		}
		out[asset] = gateway.Markup{Percent: scanOptAmount(p), Amount: scanOptAmount(a)}
	}
	return out, rows.Err()
}

// Authenticate returns the store whose API key and secret these are. Every failure is the same
// ERR_UNAUTHORIZED after the same work: one read of the key's secret hash by one statement and one
// constant-time comparison (against a dummy hash when the key is unknown). The store itself is read
// only for the right secret, so the time of a refusal does not tell whether the key exists.
func (e *Engine) Authenticate(ctx context.Context, apiKey, apiSecret string) (gateway.Store, error) {
	var id string
	hash, found := dummyHash, true
	switch err := e.db.reader(nil).QueryRowContext(ctx, qStoreSecret, apiKey).Scan(&id, &hash); {
	case errors.Is(err, sql.ErrNoRows):
		hash, found = dummyHash, false
	case err != nil:
		return gateway.Store{}, fmt.Errorf("engine: authenticate: %w", err)
	}
	if !secretMatches(apiSecret, hash) || !found {
		return gateway.Store{}, gateway.Errorf(gateway.ErrCodeUnauthorized, "Wrong or missing API key or secret.")
	}
	row := e.db.reader(nil).QueryRowContext(ctx, qStoreByID, id)
	var s gateway.Store
	var up, ua sql.NullString
	var origins string
	err := row.Scan(&s.StoreID, &s.OwnerID, &s.Name, &s.IsTest, &s.Currency, &s.APIKey, &s.WebhookURL, &s.WebhookSecret,
		&up, &ua, &origins, &s.RequireTOTP)
	if err != nil {
		return gateway.Store{}, fmt.Errorf("engine: authenticate: %w", err)
	}
	s.UnderpayPercent, s.UnderpayAmount = scanOptAmount(up), scanOptAmount(ua)
	s.FrameAncestors = strings.Fields(origins)
	// The API prices payments with the store it authenticated: without its markups they would
	// silently be dropped.
	if s.Markups, err = e.markups(ctx, e.db.reader(nil), s.StoreID); err != nil {
		return gateway.Store{}, err
	}
	return s, nil
}

// qStoreSecret reads only what an API secret is checked against.
const qStoreSecret = `SELECT id, api_secret_hash FROM stores WHERE api_key = ?`

var dummyHash = hashSecret("no such key")

// ListStores returns every store, oldest first.
func (e *Engine) ListStores(ctx context.Context) ([]gateway.Store, error) {
	rows, err := e.db.read.QueryContext(ctx, `SELECT `+storeColumns+` FROM stores ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("engine: list stores: %w", err)
	}
	defer rows.Close()
	var out []gateway.Store
	for rows.Next() {
		s, err := scanStore(rows)
		if err != nil {
			return nil, fmt.Errorf("engine: list stores: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Markups, err = e.markups(ctx, e.db.reader(nil), out[i].StoreID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// CountStores tells whether any store exists yet.
func (e *Engine) CountStores(ctx context.Context) (int, error) {
	var n int
	err := e.db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM stores`).Scan(&n)
	return n, err
}
