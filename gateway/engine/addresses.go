package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/hd"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// addressTx is what deriving a new address reads and writes in its transaction.
type addressTx interface {
	NextAddressIndex(ctx context.Context, storeID, network string) (index int64, xpub string, err error)
	InsertAddress(ctx context.Context, storeID string, a store.Address, createdAt int64) error
}

// newAddress derives the store's next unused address on network from its stored public key: for
// a new payment, or a dedicated address the pool has none for.
func newAddress(ctx context.Context, tx addressTx, storeID, network string, now time.Time) (store.Address, error) {
	index, xpub, err := tx.NextAddressIndex(ctx, storeID, network)
	if err != nil {
		return store.Address{}, err
	}
	if index > 1<<31-1 {
		return store.Address{}, gateway.Errorf(gateway.ErrCodeInternal, "The store has used every address of %s.", network)
	}
	address, err := hd.Address(network, xpub, uint32(index))
	if err != nil {
		return store.Address{}, fmt.Errorf("engine: derive %s address %d: %w", network, index, err)
	}
	a := store.Address{ID: newID(), Network: network, Address: address, Index: index}
	if err := tx.InsertAddress(ctx, storeID, a, now.Unix()); err != nil {
		return store.Address{}, err
	}
	return a, nil
}
