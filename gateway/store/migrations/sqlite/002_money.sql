-- Dedicated addresses, the account ledger, withdrawals, transfers, and webhook delivery attempts.
-- Amounts are TEXT holding exact decimals; times are INTEGER Unix seconds (UTC).

-- The last TOTP step accepted for a withdrawal: a code is good once (RFC 6238 §5.2).
ALTER TABLE stores ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

CREATE TABLE dedicates (
    id             TEXT PRIMARY KEY,
    store_id       TEXT NOT NULL REFERENCES stores(id),
    num            INTEGER NOT NULL,
    dedicate_type  TEXT NOT NULL,   -- USES or ASSIGN
    asset_id       TEXT NOT NULL,
    account_id     TEXT NOT NULL,
    address_id     TEXT NOT NULL REFERENCES addresses(id),
    address        TEXT NOT NULL,
    address_alloc  TEXT NOT NULL,   -- NEW or POOL
    status         TEXT NOT NULL,   -- OPEN, or COMPLETE once released
    start_date     INTEGER NOT NULL,
    end_date       INTEGER NOT NULL,
    complete_date  INTEGER,
    fields         TEXT NOT NULL,   -- the merchant's free fields as JSON
    UNIQUE (store_id, num)
);
CREATE INDEX dedicates_address ON dedicates(address_id) WHERE status = 'OPEN';
CREATE INDEX dedicates_due ON dedicates(end_date) WHERE status = 'OPEN';

-- Which payment holds an address (the POOL allocation asks for addresses nothing open holds).
CREATE INDEX payments_address ON payments(address_id, status);

-- Every movement of money on an account, signed. A balance is the sum of its account's rows, and
-- ref names the event that caused a row (a transaction, a withdrawal, a transfer), so no event can
-- be booked twice.
CREATE TABLE ledger (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id    TEXT NOT NULL REFERENCES stores(id),
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    asset_id    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    ref         TEXT NOT NULL UNIQUE,
    object_id   TEXT NOT NULL,
    amount      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX ledger_account ON ledger(account_id);

CREATE TABLE withdrawals (
    id                TEXT PRIMARY KEY,
    store_id          TEXT NOT NULL REFERENCES stores(id),
    num               INTEGER NOT NULL,
    account_id        TEXT NOT NULL REFERENCES accounts(id),
    amount            TEXT NOT NULL,
    asset_id          TEXT NOT NULL,
    fee_account_id    TEXT NOT NULL REFERENCES accounts(id),
    fee               TEXT NOT NULL,
    fee_asset_id      TEXT NOT NULL,
    request_amount    TEXT NOT NULL,
    request_asset_id  TEXT NOT NULL,
    rate              TEXT NOT NULL,
    rate_date         INTEGER NOT NULL,
    address           TEXT NOT NULL,
    status            TEXT NOT NULL,  -- OPEN (held), COMPLETE or CANCEL
    confirms          INTEGER NOT NULL,
    timeout           INTEGER NOT NULL,
    start_date        INTEGER NOT NULL,
    end_date          INTEGER NOT NULL,
    complete_date     INTEGER,
    trx_hash          TEXT NOT NULL DEFAULT '',
    fields            TEXT NOT NULL,
    UNIQUE (store_id, num)
);
CREATE INDEX withdrawals_open_account ON withdrawals(account_id) WHERE status = 'OPEN';
CREATE INDEX withdrawals_open_fee ON withdrawals(fee_account_id) WHERE status = 'OPEN';
CREATE INDEX withdrawals_due ON withdrawals(end_date) WHERE status = 'OPEN';

CREATE TABLE transfers (
    id               TEXT PRIMARY KEY,
    num              INTEGER NOT NULL,
    from_store_id    TEXT NOT NULL REFERENCES stores(id),
    from_account_id  TEXT NOT NULL REFERENCES accounts(id),
    to_store_id      TEXT NOT NULL REFERENCES stores(id),
    to_account_id    TEXT NOT NULL REFERENCES accounts(id),
    amount           TEXT NOT NULL,
    asset_id         TEXT NOT NULL,
    status           TEXT NOT NULL,
    start_date       INTEGER NOT NULL,
    complete_date    INTEGER,
    description      TEXT NOT NULL DEFAULT '',
    UNIQUE (from_store_id, num)
);

-- One row per attempt to deliver a webhook, for the CLI's history.
CREATE TABLE webhook_attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id    INTEGER NOT NULL REFERENCES webhooks(id),
    attempted_at  INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL,
    status        INTEGER NOT NULL,   -- HTTP status, 0 when none came
    error         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_webhook ON webhook_attempts(webhook_id);
-- Deliveries keep the order of one object's events: the deliverer looks for older pending ones.
CREATE INDEX webhooks_object_pending ON webhooks(object_id, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhooks_store ON webhooks(store_id, id);
