package store

import "context"

// Address is an addresses row.
type Address struct {
	ID, Network, Address string
	Index                int64
}

const (
	qNextAddressIndex = `UPDATE store_keys SET next_index = next_index + 1 WHERE store_id = ? AND network = ?
		RETURNING next_index - 1, xpub`
	qInsertAddress  = `INSERT INTO addresses (id, store_id, network, idx, address, created_at) VALUES (?,?,?,?,?,?)`
	qPaymentAccount = `SELECT id FROM accounts WHERE store_id = ? AND asset_id = ?`
)

// NextAddressIndex takes the store's next derivation index on network, with the public key to
// derive from.
func (t *Tx) NextAddressIndex(ctx context.Context, storeID, network string) (index int64, xpub string, err error) {
	err = t.q.QueryRowContext(ctx, qNextAddressIndex, storeID, network).Scan(&index, &xpub)
	return index, xpub, checked(err, "address index for "+network)
}

// InsertAddress writes a derived address of the store.
func (t *Tx) InsertAddress(ctx context.Context, storeID string, a Address, createdAt int64) error {
	_, err := t.exec(ctx, qInsertAddress, a.ID, storeID, a.Network, a.Index, a.Address, createdAt)
	return checked(err, "insert address")
}

// LockAddressPool locks the store's key row of network: the lock of its pool of free addresses.
func (t *Tx) LockAddressPool(ctx context.Context, storeID, network string) error {
	return t.lockRows(ctx, `SELECT next_index FROM store_keys WHERE store_id = ? AND network = ?`, storeID, network)
}

// FreeAddress reads the store's oldest address on network that nothing open holds: no OPEN
// dedicated address, no payment still OPEN or CLOSING. ErrNotFound when every one is held.
func (t *Tx) FreeAddress(ctx context.Context, storeID, network string) (Address, error) {
	a := Address{Network: network}
	err := t.q.QueryRowContext(ctx, `SELECT a.id, a.address, a.idx FROM addresses a
			WHERE a.store_id = ? AND a.network = ?
			AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.address_id = a.id AND p.status IN ('OPEN', 'CLOSING'))
			AND NOT EXISTS (SELECT 1 FROM dedicates d WHERE d.address_id = a.id AND d.status = 'OPEN')
			ORDER BY a.idx LIMIT 1`, storeID, network).Scan(&a.ID, &a.Address, &a.Index)
	return a, checked(err, "address pool")
}

// AccountOf reads the id of a store's account in an asset.
func (r reads) AccountOf(ctx context.Context, storeID, assetID string) (string, error) {
	id, err := scanString(r.q.QueryRowContext(ctx, qPaymentAccount, storeID, assetID))
	return id, checked(err, "account of "+assetID)
}
