package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
)

const storeColumns = `id, owner_id, name, is_test, currency, api_key, webhook_url, webhook_secret,
	underpay_percent, underpay_amount, frame_ancestors, require_totp`

const (
	qStoreMarkups = `SELECT asset_id, percent, amount FROM store_markups WHERE store_id = ?`
	// qStoreSecret reads only what an API secret is checked against.
	qStoreSecret = `SELECT id, api_secret_hash FROM stores WHERE api_key = ?`
	// qStoreWithMarkups reads a store's row with its markups, one row per markup (one row of NULL
	// markup columns when it has none): what an authenticated API call needs, in one statement.
	// (store_markups shares no column name with stores but store_id, so storeColumns stay unqualified.)
	qStoreWithMarkups = `SELECT ` + storeColumns + `, m.asset_id, m.percent, m.amount
	FROM stores LEFT JOIN store_markups m ON m.store_id = stores.id WHERE stores.id = ?`
	qStorePage = `SELECT frame_ancestors, support_email, support_url, brand_color, logo_hash, payer_emails FROM stores WHERE id = ?`
)

func scanStore(r rowScanner) (gateway.Store, error) { return scanStoreAnd(r) }

// scanStoreAnd reads storeColumns, then into extra what the query selects after them.
func scanStoreAnd(r rowScanner, extra ...any) (gateway.Store, error) {
	var s gateway.Store
	var up, ua sql.NullString
	var origins string
	err := r.Scan(append([]any{&s.StoreID, &s.OwnerID, &s.Name, &s.IsTest, &s.Currency, &s.APIKey, &s.WebhookURL, &s.WebhookSecret,
		&up, &ua, &origins, &s.RequireTOTP}, extra...)...)
	if err != nil {
		return s, err
	}
	s.UnderpayPercent, s.UnderpayAmount = scanOptAmount(up), scanOptAmount(ua)
	s.FrameAncestors = strings.Fields(origins)
	return s, nil
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

// StoreWithMarkups reads a store's row and its markups by one statement (ErrNotFound without the
// store).
func (r reads) StoreWithMarkups(ctx context.Context, id string) (gateway.Store, error) {
	rows, err := r.q.QueryContext(ctx, qStoreWithMarkups, id)
	if err != nil {
		return gateway.Store{}, checked(err, "store")
	}
	defer rows.Close()
	var s gateway.Store
	found := false
	for rows.Next() {
		var asset, p, a sql.NullString
		row, err := scanStoreAnd(rows, &asset, &p, &a)
		if err != nil {
			return gateway.Store{}, checked(err, "store")
		}
		if !found {
			s, found = row, true
			s.Markups = map[string]gateway.Markup{}
		}
		if asset.Valid {
			s.Markups[asset.String] = gateway.Markup{Percent: scanOptAmount(p), Amount: scanOptAmount(a)}
		}
	}
	if err := rows.Err(); err != nil {
		return gateway.Store{}, checked(err, "store")
	}
	if !found {
		return gateway.Store{}, checked(sql.ErrNoRows, "store")
	}
	return s, nil
}

// Stores reads every store's row, oldest first.
func (r reads) Stores(ctx context.Context) ([]gateway.Store, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+storeColumns+` FROM stores ORDER BY created_at, id`)
	return scanAll(rows, err, "list stores", scanStore)
}

// CountStores counts the stores.
func (r reads) CountStores(ctx context.Context) (int, error) {
	var n int
	err := r.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM stores`).Scan(&n)
	return n, checked(err, "count stores")
}

// Markups reads a store's markups by asset.
func (r reads) Markups(ctx context.Context, storeID string) (map[string]gateway.Markup, error) {
	type row struct {
		asset string
		m     gateway.Markup
	}
	rows, err := r.q.QueryContext(ctx, qStoreMarkups, storeID)
	list, err := scanAll(rows, err, "markups", func(r rowScanner) (row, error) {
		var v row
		var p, a sql.NullString
		err := r.Scan(&v.asset, &p, &a)
		v.m = gateway.Markup{Percent: scanOptAmount(p), Amount: scanOptAmount(a)}
		return v, err
	})
	out := make(map[string]gateway.Markup, len(list))
	for _, v := range list {
		out[v.asset] = v.m
	}
	return out, err
}

// StoreSecret reads the id of the store holding apiKey and the hash of its API secret.
func (r reads) StoreSecret(ctx context.Context, apiKey string) (id, hash string, err error) {
	err = r.q.QueryRowContext(ctx, qStoreSecret, apiKey).Scan(&id, &hash)
	return id, hash, checked(err, "store secret")
}

// StorePage reads a store's payer-page settings and its embedding origins.
func (r reads) StorePage(ctx context.Context, storeID string) (gateway.PageSettings, []string, error) {
	var sp gateway.PageSettings
	var origins string
	err := r.q.QueryRowContext(ctx, qStorePage, storeID).
		Scan(&origins, &sp.SupportEmail, &sp.SupportURL, &sp.BrandColor, &sp.LogoHash, &sp.PayerEmails)
	if err != nil {
		return sp, nil, checked(err, "store page")
	}
	return sp, strings.Fields(origins), nil
}

// Logo reads a logo's picture by its content hash.
func (r reads) Logo(ctx context.Context, hash string) ([]byte, error) {
	var png []byte
	err := r.q.QueryRowContext(ctx, `SELECT png FROM store_logos WHERE hash = ?`, hash).Scan(&png)
	return png, checked(err, "logo")
}

// TOTPSecret reads a store's TOTP secret.
func (r reads) TOTPSecret(ctx context.Context, storeID string) (string, error) {
	secret, err := scanString(r.q.QueryRowContext(ctx, `SELECT totp_secret FROM stores WHERE id = ?`, storeID))
	return secret, checked(err, "totp secret")
}

// SetAPISecretHash replaces a store's API secret hash (ErrNotFound without the store).
func (db *DB) SetAPISecretHash(ctx context.Context, storeID, hash string) error {
	return db.setStoreSecret(ctx, storeID, "api_secret_hash", hash)
}

// SetWebhookSecret replaces a store's webhook signing secret (ErrNotFound without the store).
func (db *DB) SetWebhookSecret(ctx context.Context, storeID, secret string) error {
	return db.setStoreSecret(ctx, storeID, "webhook_secret", secret)
}

func (db *DB) setStoreSecret(ctx context.Context, id, column, value string) error {
	res, err := db.write.ExecContext(ctx, `UPDATE stores SET `+column+` = ? WHERE id = ?`, value, id)
	return affected(res, err, "rotate secret")
}

// InsertStore writes a new store's row (ErrDuplicate when its API key is taken).
func (t *Tx) InsertStore(ctx context.Context, s gateway.Store, apiSecretHash, totpSecret string, createdAt int64) error {
	_, err := t.exec(ctx, `INSERT INTO stores (id, owner_id, name, is_test, currency, api_key, api_secret_hash,
		webhook_url, webhook_secret, underpay_percent, underpay_amount, frame_ancestors, require_totp, totp_secret, created_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		s.StoreID, s.OwnerID, s.Name, s.IsTest, s.Currency, s.APIKey, apiSecretHash,
		s.WebhookURL, s.WebhookSecret, optText(s.UnderpayPercent), optText(s.UnderpayAmount),
		strings.Join(s.FrameAncestors, " "), s.RequireTOTP, totpSecret, createdAt)
	return checked(err, "create store")
}

// InsertStoreKey keeps a store's public key of one network.
func (t *Tx) InsertStoreKey(ctx context.Context, storeID, network, xpub string) error {
	_, err := t.exec(ctx, `INSERT INTO store_keys (store_id, network, xpub) VALUES (?,?,?)`, storeID, network, xpub)
	return checked(err, "store keys")
}

// InsertAccount opens a store's account of one asset.
func (t *Tx) InsertAccount(ctx context.Context, id, storeID, assetID string, num int) error {
	_, err := t.exec(ctx, `INSERT INTO accounts (id, store_id, asset_id, num) VALUES (?,?,?,?)`, id, storeID, assetID, num)
	return checked(err, "accounts")
}

// StoreExists tells whether the store is there.
func (t *Tx) StoreExists(ctx context.Context, id string) (bool, error) {
	var n int
	err := t.q.QueryRowContext(ctx, `SELECT COUNT(*) FROM stores WHERE id = ?`, id).Scan(&n)
	return n > 0, checked(err, "update store")
}

// StoreUpdate lists the columns of a store to write; nil fields stay as they are.
type StoreUpdate struct {
	Name, Currency, WebhookURL, WebhookSecret *string
	UnderpayPercent, UnderpayAmount           **gateway.Amount // a nil *Amount clears
	FrameAncestors                            *[]string
	OwnerID                                   *string
	RequireTOTP                               *bool
	Markups                                   map[string]gateway.Markup // replaces all markups when non-nil
	Page                                      PageUpdate
}

// PageUpdate lists the payer-page columns of a store to write; nil fields stay as they are.
type PageUpdate struct {
	SupportEmail, SupportURL, BrandColor *string
	PayerEmails                          *bool
	// Logo, when non-nil, replaces the logo; one with an empty Hash removes it.
	Logo *gateway.Logo
}

// UpdateStore writes the columns u sets, one statement each.
func (t *Tx) UpdateStore(ctx context.Context, id string, u StoreUpdate) error {
	set := func(column string, v any) error {
		_, err := t.exec(ctx, `UPDATE stores SET `+column+` = ? WHERE id = ?`, v, id)
		return checked(err, "update store "+column)
	}
	var steps []func() error
	if u.Name != nil {
		steps = append(steps, func() error { return set("name", *u.Name) })
	}
	if u.Currency != nil {
		steps = append(steps, func() error { return set("currency", *u.Currency) })
	}
	if u.WebhookURL != nil {
		steps = append(steps, func() error { return set("webhook_url", *u.WebhookURL) })
	}
	if u.WebhookSecret != nil {
		steps = append(steps, func() error { return set("webhook_secret", *u.WebhookSecret) })
	}
	if u.UnderpayPercent != nil {
		steps = append(steps, func() error { return set("underpay_percent", optText(*u.UnderpayPercent)) })
	}
	if u.UnderpayAmount != nil {
		steps = append(steps, func() error { return set("underpay_amount", optText(*u.UnderpayAmount)) })
	}
	if u.FrameAncestors != nil {
		steps = append(steps, func() error { return set("frame_ancestors", strings.Join(*u.FrameAncestors, " ")) })
	}
	if u.OwnerID != nil {
		steps = append(steps, func() error { return set("owner_id", *u.OwnerID) })
	}
	if u.RequireTOTP != nil {
		steps = append(steps, func() error { return set("require_totp", *u.RequireTOTP) })
	}
	if u.Markups != nil {
		steps = append(steps, func() error { return t.replaceMarkups(ctx, id, u.Markups) })
	}
	steps = append(steps, func() error { return t.updatePage(ctx, id, u.Page) })
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (t *Tx) replaceMarkups(ctx context.Context, storeID string, m map[string]gateway.Markup) error {
	if _, err := t.exec(ctx, `DELETE FROM store_markups WHERE store_id = ?`, storeID); err != nil {
		return checked(err, "markups")
	}
	for asset, mk := range m {
		if _, err := t.exec(ctx, `INSERT INTO store_markups (store_id, asset_id, percent, amount) VALUES (?,?,?,?)`,
			storeID, asset, optText(mk.Percent), optText(mk.Amount)); err != nil {
			return checked(err, "markups")
		}
	}
	return nil
}

func (t *Tx) updatePage(ctx context.Context, storeID string, u PageUpdate) error {
	set := func(column string, v any) error {
		_, err := t.exec(ctx, `UPDATE stores SET `+column+` = ? WHERE id = ?`, v, storeID)
		return checked(err, "store "+column)
	}
	for _, f := range []struct {
		column string
		v      *string
	}{{"support_email", u.SupportEmail}, {"support_url", u.SupportURL}, {"brand_color", u.BrandColor}} {
		if f.v != nil {
			if err := set(f.column, *f.v); err != nil {
				return err
			}
		}
	}
	if u.PayerEmails != nil {
		if err := set("payer_emails", *u.PayerEmails); err != nil {
			return err
		}
	}
	if u.Logo == nil {
		return nil
	}
	if u.Logo.Hash != "" {
		// Content-addressed: the same picture is stored once, whichever stores use it.
		if _, err := t.exec(ctx, `INSERT INTO store_logos (hash, png) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING`,
			u.Logo.Hash, u.Logo.PNG); err != nil {
			return checked(err, "store logo")
		}
	}
	return set("logo_hash", u.Logo.Hash)
}
