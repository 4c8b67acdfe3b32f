-- Polygon PoS: stores created before it existed get its keys from their Ethereum xpub (same BIP-44
-- coin type 60, see gateway/hd), with their own address index: an address handed out on Polygon is
-- counted apart from Ethereum's.
INSERT INTO store_keys (store_id, network, xpub, next_index)
SELECT store_id, 'POLYGON', xpub, 0 FROM store_keys
WHERE network = 'ETHEREUM'
  AND NOT EXISTS (SELECT 1 FROM store_keys k WHERE k.store_id = store_keys.store_id AND k.network = 'POLYGON');
