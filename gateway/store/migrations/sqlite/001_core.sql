-- Stores, their keys and accounts, payments and their transactions, and the outbox of webhooks.
-- Amounts are TEXT holding exact decimals; times are INTEGER Unix seconds (UTC).

CREATE TABLE stores (
    id                TEXT PRIMARY KEY,
    owner_id          TEXT NOT NULL,
    name              TEXT NOT NULL,
    is_test           INTEGER NOT NULL,
    currency          TEXT NOT NULL,
    api_key           TEXT NOT NULL UNIQUE,
    api_secret_hash   TEXT NOT NULL,
    webhook_url       TEXT NOT NULL DEFAULT '',
    webhook_secret    TEXT NOT NULL DEFAULT '',
    underpay_percent  TEXT,
    underpay_amount   TEXT,
    frame_ancestors   TEXT NOT NULL DEFAULT '',
    require_totp      INTEGER NOT NULL DEFAULT 0,
    totp_secret       TEXT NOT NULL DEFAULT '',
    payment_seq       INTEGER NOT NULL DEFAULT 0,
    dedicate_seq      INTEGER NOT NULL DEFAULT 0,
    withdraw_seq      INTEGER NOT NULL DEFAULT 0,
    transfer_seq      INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL
);

CREATE TABLE store_markups (
    store_id  TEXT NOT NULL REFERENCES stores(id),
    asset_id  TEXT NOT NULL,
    percent   TEXT,
    amount    TEXT,
    PRIMARY KEY (store_id, asset_id)
);

-- Extended public keys per network; next_index is the next unused address index.
CREATE TABLE store_keys (
    store_id    TEXT NOT NULL REFERENCES stores(id),
    network     TEXT NOT NULL,
    xpub        TEXT NOT NULL,
    next_index  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (store_id, network)
);

CREATE TABLE accounts (
    id        TEXT PRIMARY KEY,
    store_id  TEXT NOT NULL REFERENCES stores(id),
    asset_id  TEXT NOT NULL,
    num       INTEGER NOT NULL,
    UNIQUE (store_id, asset_id)
);

CREATE TABLE addresses (
    id          TEXT PRIMARY KEY,
    store_id    TEXT NOT NULL REFERENCES stores(id),
    network     TEXT NOT NULL,
    idx         INTEGER NOT NULL,
    address     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (store_id, network, idx)
);
CREATE INDEX addresses_address ON addresses(network, address);

CREATE TABLE payments (
    id                TEXT PRIMARY KEY,
    store_id          TEXT NOT NULL REFERENCES stores(id),
    num               INTEGER NOT NULL,
    code              TEXT NOT NULL,
    payment_type      TEXT NOT NULL,
    amount            TEXT NOT NULL,
    asset_id          TEXT NOT NULL,
    payment_amount    TEXT NOT NULL,
    payment_asset_id  TEXT NOT NULL,
    min_complete      TEXT NOT NULL,
    rate              TEXT NOT NULL,
    rate_date         INTEGER NOT NULL,
    status            TEXT NOT NULL,
    account_id        TEXT NOT NULL,
    address_id        TEXT NOT NULL,
    address           TEXT NOT NULL,
    timeout           INTEGER NOT NULL,
    start_date        INTEGER NOT NULL,
    end_date          INTEGER NOT NULL,
    complete_date     INTEGER,
    ip_amount         TEXT NOT NULL DEFAULT '0',
    confirmed_amount  TEXT NOT NULL DEFAULT '0',
    last_trx_hash     TEXT NOT NULL DEFAULT '',
    dedicate_id       TEXT NOT NULL DEFAULT '',
    fiat_provider     TEXT NOT NULL DEFAULT '',
    fiat_asset_id     TEXT NOT NULL DEFAULT '',
    fields            TEXT NOT NULL,  -- the merchant's free fields as JSON
    UNIQUE (store_id, num)
);
CREATE INDEX payments_store_start ON payments(store_id, start_date);
CREATE INDEX payments_due ON payments(end_date) WHERE status = 'OPEN';
CREATE INDEX payments_dedicate ON payments(dedicate_id) WHERE dedicate_id <> '';

CREATE TABLE transactions (
    id             TEXT PRIMARY KEY,
    payment_id     TEXT NOT NULL REFERENCES payments(id),
    store_id       TEXT NOT NULL,
    network        TEXT NOT NULL,
    asset_id       TEXT NOT NULL,
    address        TEXT NOT NULL,
    hash           TEXT NOT NULL UNIQUE,
    amount         TEXT NOT NULL,
    confirmations  INTEGER NOT NULL,
    confirms       INTEGER NOT NULL,
    late           INTEGER NOT NULL,
    received_at    INTEGER NOT NULL,
    confirmed_at   INTEGER
);
CREATE INDEX transactions_payment ON transactions(payment_id, received_at);
CREATE INDEX transactions_pending ON transactions(network) WHERE confirmed_at IS NULL;

-- Webhooks are written here in the same transaction as the change they announce, then sent.
CREATE TABLE webhooks (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id         TEXT NOT NULL,
    object_id        TEXT NOT NULL,
    event            TEXT NOT NULL,
    url              TEXT NOT NULL,
    body             BLOB NOT NULL,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    delivered_at     INTEGER,
    failed_at        INTEGER,
    last_status      INTEGER,
    last_error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhooks_due ON webhooks(next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
