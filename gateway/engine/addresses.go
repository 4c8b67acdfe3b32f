package engine

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/hd"
)

type addressRecord struct {
	ID, Network, Address string
	Index                int64
}

// newAddress derives the store's next unused address on network from its stored public key.
func (e *Engine) newAddress(ctx context.Context, tx *sql.Tx, storeID, network string) (addressRecord, error) {
	var xpub string
	var index int64
	w := e.db.writer(tx)
	err := w.QueryRowContext(ctx, qNextAddressIndex, storeID, network).Scan(&index, &xpub)
	if err != nil {
		return addressRecord{}, fmt.Errorf("engine: address index for %s: %w", network, err)
	}
	if index > 1<<31-1 {
		return addressRecord{}, gateway.Errorf(gateway.ErrCodeInternal, "The store has used every address of %s.", network)
	}
	address, err := hd.Address(network, xpub, uint32(index))
	if err != nil {
		return addressRecord{}, fmt.Errorf("engine: derive %s address %d: %w", network, index, err)
	}
	a := addressRecord{ID: newID(), Network: network, Address: address, Index: index}
	_, err = w.ExecContext(ctx, qInsertAddress, a.ID, storeID, network, index, address, e.now().Unix())
	if err != nil {
		return addressRecord{}, fmt.Errorf("engine: insert address: %w", err)
	}
	return a, nil
}

const (
	qNextAddressIndex = `UPDATE store_keys SET next_index = next_index + 1 WHERE store_id = ? AND network = ?
		RETURNING next_index - 1, xpub`
	qInsertAddress = `INSERT INTO addresses (id, store_id, network, idx, address, created_at) VALUES (?,?,?,?,?,?)`
)
