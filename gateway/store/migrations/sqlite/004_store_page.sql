-- How a store presents itself on its payer pages: whom the payer contacts, its brand colour and its
-- logo. Logos are kept re-encoded (PNG), named by their content hash, so a page links
-- /logo/{hash}.png and a changed logo gets a new URL.
ALTER TABLE stores ADD COLUMN support_email TEXT NOT NULL DEFAULT '';
ALTER TABLE stores ADD COLUMN support_url TEXT NOT NULL DEFAULT '';
ALTER TABLE stores ADD COLUMN brand_color TEXT NOT NULL DEFAULT '';
ALTER TABLE stores ADD COLUMN logo_hash TEXT NOT NULL DEFAULT '';

CREATE TABLE store_logos (
    hash  TEXT PRIMARY KEY,
    png   BLOB NOT NULL
);
