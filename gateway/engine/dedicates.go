package engine

import (
	"context"
	"errors"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// dedicates is the business of dedicated addresses: an address of a store given to one client,
// from the store's pool or freshly derived, its payments and its release.
type dedicates struct {
	db      dedicateStore
	views   views
	now     func() time.Time
	mails   dedicateMails
	publish func(topics ...string)
}

// dedicateStore is what the dedicated addresses read outside a transaction, and their units of work.
type dedicateStore interface {
	WithTx(ctx context.Context, fn func(tx *store.Tx) error) error
	WithGroupTx(ctx context.Context, fn func(ctx context.Context, tx *store.Tx) error) error
	WithSnapshot(ctx context.Context, fn func(r store.Snapshot) error) error
	dedicateReader
}

// dedicateTx is what creating, assigning and releasing a dedicated address read and write in
// their transaction.
type dedicateTx interface {
	addressTx
	mailTx
	dedicateReader
	LockDedicate(ctx context.Context, id string) error
	NextDedicateNum(ctx context.Context, storeID string) (int64, error)
	AccountOf(ctx context.Context, storeID, assetID string) (string, error)
	LockAddressPool(ctx context.Context, storeID, network string) error
	FreeAddress(ctx context.Context, storeID, network string) (store.Address, error)
	InsertDedicate(ctx context.Context, d store.Dedicate) error
	SetDedicateStatus(ctx context.Context, d store.Dedicate) error
}

// dedicateMails queues the e-mail of a new dedicated address (the outbox does).
type dedicateMails interface {
	queueDedicateMail(ctx context.Context, tx mailTx, d store.Dedicate) error
}

// dedicateReader reads a dedicated address, in a transaction or not.
type dedicateReader interface {
	Dedicate(ctx context.Context, storeID, id string) (store.Dedicate, error)
}

// loadDedicate reads one dedicated address of a store ("" = any store), or ERR_NO_DEDICATE.
func loadDedicate(ctx context.Context, r dedicateReader, storeID, id string) (store.Dedicate, error) {
	d, err := r.Dedicate(ctx, storeID, id)
	return found(d, err, func() error { return gateway.NoDedicate(id) })
}

// CreateDedicate dedicates an address of the store to one client (POST /dedicate).
func (e *Engine) CreateDedicate(ctx context.Context, store gateway.Store, req gateway.CreateDedicateRequest) (gateway.Dedicate, error) {
	return e.dedicates.create(ctx, store, req)
}

func (s *dedicates) create(ctx context.Context, st gateway.Store, req gateway.CreateDedicateRequest) (gateway.Dedicate, error) {
	req.Normalize()
	if err := req.Validate(); err != nil {
		return gateway.Dedicate{}, err
	}
	asset, _ := gateway.LookupAsset(req.AssetID)
	now := s.now()
	proposed := store.Dedicate{
		ID: newID(), StoreID: st.StoreID, StoreName: st.Name, IsTest: st.IsTest,
		Type: req.DedicateType, AssetID: asset.AssetID, Alloc: req.AddressAlloc, Status: gateway.StatusOpen,
		StartDate: now.Unix(), EndDate: gateway.DedicateEndDate(now).Unix(), Fields: req.MerchantFields,
	}
	var d store.Dedicate
	err := s.db.WithGroupTx(ctx, func(ctx context.Context, tx *store.Tx) error {
		d = proposed // a batch that failed as a whole runs this again
		return s.insert(ctx, tx, &d, asset.CryptoNetwork)
	})
	if err != nil {
		return gateway.Dedicate{}, err
	}
	s.publish(live.DedicateTopic(d.ID))
	return s.views.dedicate(d), nil
}

// insert numbers a new dedicated address, gives it its account and address, writes it and queues
// its e-mail.
func (s *dedicates) insert(ctx context.Context, tx dedicateTx, d *store.Dedicate, network string) error {
	var err error
	if d.Num, err = tx.NextDedicateNum(ctx, d.StoreID); err != nil {
		return err
	}
	if d.AccountID, err = tx.AccountOf(ctx, d.StoreID, d.AssetID); err != nil {
		return err
	}
	addr, err := s.allocateAddress(ctx, tx, d.StoreID, network, d.Alloc)
	if err != nil {
		return err
	}
	d.AddressID, d.Address = addr.ID, addr.Address
	if err := tx.InsertDedicate(ctx, *d); err != nil {
		return err
	}
	return s.mails.queueDedicateMail(ctx, tx, *d)
}

// allocateAddress gives a dedicated address its address: POOL takes the store's oldest address on
// the network that nothing open holds (no OPEN dedicated address, no payment still OPEN or CLOSING),
// and derives a fresh one when there is none; NEW always derives a fresh one.
func (s *dedicates) allocateAddress(ctx context.Context, tx dedicateTx, storeID, network, alloc string) (store.Address, error) {
	if alloc == gateway.AllocPool {
		// The store's key row for the network is the pool's lock: two dedications at once cannot
		// both take the same free address.
		if err := tx.LockAddressPool(ctx, storeID, network); err != nil {
			return store.Address{}, err
		}
		a, err := tx.FreeAddress(ctx, storeID, network)
		if err == nil {
			return a, nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return a, err
		}
	}
	return newAddress(ctx, tx, storeID, network, s.now())
}

// Dedicate returns a store's dedicated address, or ERR_NO_DEDICATE.
func (e *Engine) Dedicate(ctx context.Context, storeID, id string) (gateway.Dedicate, error) {
	return e.dedicates.byID(ctx, storeID, id)
}

func (s *dedicates) byID(ctx context.Context, storeID, id string) (gateway.Dedicate, error) {
	if !gateway.IsUUID(id) {
		return gateway.Dedicate{}, gateway.NoDedicate(id)
	}
	d, err := loadDedicate(ctx, s.db, storeID, id)
	if err != nil {
		return gateway.Dedicate{}, err
	}
	return s.views.dedicate(d), nil
}

// DedicateByID returns any store's dedicated address by id: the payer page's view, for which the
// unguessable id is the capability. ERR_NO_DEDICATE when there is none.
func (e *Engine) DedicateByID(ctx context.Context, id string) (gateway.Dedicate, error) {
	return e.Dedicate(ctx, "", id)
}

// ReleaseDedicate ends a dedication (POST /dedicate/{id}/release): status COMPLETE, the address
// produces no more payments and may return to the pool. Releasing again returns the same object,
// so a merchant may retry the call safely.
func (e *Engine) ReleaseDedicate(ctx context.Context, storeID, id string) (gateway.Dedicate, error) {
	return e.dedicates.release(ctx, storeID, id)
}

func (s *dedicates) release(ctx context.Context, storeID, id string) (gateway.Dedicate, error) {
	if !gateway.IsUUID(id) {
		return gateway.Dedicate{}, gateway.NoDedicate(id)
	}
	var d store.Dedicate
	err := s.db.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		d, err = s.close(ctx, tx, storeID, id)
		return err
	})
	if err != nil {
		return gateway.Dedicate{}, err
	}
	s.publish(live.DedicateTopic(id))
	return s.views.dedicate(d), nil
}

// close completes an OPEN dedicated address now; one already released is left as it is.
func (s *dedicates) close(ctx context.Context, tx dedicateTx, storeID, id string) (store.Dedicate, error) {
	if err := tx.LockDedicate(ctx, id); err != nil {
		return store.Dedicate{}, err
	}
	d, err := loadDedicate(ctx, tx, storeID, id)
	if err != nil || d.Status != gateway.StatusOpen {
		return d, err
	}
	d.Status = gateway.StatusComplete
	d.CompleteDate = unixPtr(s.now())
	return d, tx.SetDedicateStatus(ctx, d)
}
