package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/hd"
	"github.com/cryptocheckout/checkout/gateway/store"
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
	return e.stores.create(ctx, n)
}

func (s *stores) create(ctx context.Context, n NewStore) (gateway.Store, StoreCredentials, error) {
	if err := checkNewStore(&n); err != nil {
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
	now := s.now().Unix()
	st := gateway.Store{StoreID: creds.StoreID, OwnerID: n.OwnerID, Name: n.Name, IsTest: n.IsTest, Currency: n.Currency,
		APIKey: creds.APIKey, WebhookURL: n.WebhookURL, WebhookSecret: creds.WebhookSecret,
		UnderpayPercent: n.UnderpayPercent, UnderpayAmount: n.UnderpayAmount, FrameAncestors: n.FrameAncestors,
		RequireTOTP: n.RequireTOTP}
	err = s.db.WithTx(ctx, func(tx *store.Tx) error { return s.insert(ctx, tx, st, creds.APISecret, n, keys, now) })
	if err != nil {
		return gateway.Store{}, StoreCredentials{}, err
	}
	created, err := s.byID(ctx, creds.StoreID)
	return created, creds, err
}

// insert writes a new store with its markups, page settings, public keys and one account per
// crypto asset.
func (s *stores) insert(ctx context.Context, tx storeTx, st gateway.Store, apiSecret string, n NewStore, keys map[string]string, now int64) error {
	if err := tx.InsertStore(ctx, st, hashSecret(apiSecret), randomBase32Secret(), now); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return gateway.FieldError(gateway.ErrCodeInvalidField, "api_key", "A store with this API key already exists.")
		}
		return err
	}
	if err := tx.UpdateStore(ctx, st.StoreID, store.StoreUpdate{Markups: n.Markups, Page: pageUpdate(n.Page)}); err != nil {
		return err
	}
	for network, xpub := range keys {
		if err := tx.InsertStoreKey(ctx, st.StoreID, network, xpub); err != nil {
			return err
		}
	}
	num := 0
	for _, a := range gateway.Assets() {
		if !a.IsCrypto() {
			continue
		}
		num++
		if err := tx.InsertAccount(ctx, newID(), st.StoreID, a.AssetID, num); err != nil {
			return err
		}
	}
	return nil
}

func checkNewStore(n *NewStore) error {
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
