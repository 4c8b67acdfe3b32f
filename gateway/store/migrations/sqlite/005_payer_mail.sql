-- E-mails to payers: the store setting that turns them on (off by default) and their outbox.

ALTER TABLE stores ADD COLUMN payer_emails INTEGER NOT NULL DEFAULT 0;

-- E-mails are written here in the same transaction as the change they announce, then sent.
-- event_key names the event (kind, object, and for a partial payment the amount received), so an
-- event gets one e-mail however often the change is replayed. notice is the snapshot the message
-- is made from; message is that message, kept as composed the first time (RFC 5322 bytes).
CREATE TABLE mails (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    store_id         TEXT NOT NULL REFERENCES stores(id),
    object_id        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    event_key        TEXT NOT NULL UNIQUE,
    recipient        TEXT NOT NULL,
    lang             TEXT NOT NULL DEFAULT '',
    notice           BLOB NOT NULL,
    message          BLOB,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    sent_at          INTEGER,
    failed_at        INTEGER,
    last_error       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mails_due ON mails(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX mails_object ON mails(object_id);
