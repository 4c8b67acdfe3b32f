package engine

import (
	"context"
	"errors"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// assignTx is what giving a payment its dedicated address reads in the payment's transaction.
type assignTx interface {
	dedicateReader
	LockDedicate(ctx context.Context, id string) error
	DedicateHolder(ctx context.Context, dedicateID string) (string, error)
}

// assignDedicatedAddress gives a new payment the address of its ASSIGN dedicated address, inside
// the transaction that inserts the payment. The address serves one payment at a time: another
// payment still OPEN or CLOSING on it makes the dedicate busy.
func (s *dedicates) assignDedicatedAddress(ctx context.Context, tx assignTx, p *store.Payment) error {
	// Locked: two payments created at once for one address cannot both find it free.
	if err := tx.LockDedicate(ctx, p.DedicateID); err != nil {
		return err
	}
	d, err := loadDedicate(ctx, tx, p.StoreID, p.DedicateID)
	if gateway.NotFound(err) {
		return gateway.FieldError(gateway.ErrCodeNoDedicate, "dedicate_id", "Dedicate <%s> of dedicate_id not found.", p.DedicateID)
	}
	if err != nil {
		return err
	}
	switch {
	case d.Status != gateway.StatusOpen:
		return gateway.FieldError(gateway.ErrCodeDedicateReleased, "dedicate_id", "Dedicate <%s> was released.", d.ID)
	case d.Type != gateway.DedicateAssign:
		return gateway.FieldError(gateway.ErrCodeDedicateNotAssign, "dedicate_id",
			"Dedicate <%s> is of type %s: only an ASSIGN dedicated address can be given to a payment.", d.ID, d.Type)
	case d.AssetID != p.PaymentAssetID:
		return gateway.FieldError(gateway.ErrCodeDedicateAsset, "dedicate_id",
			"Dedicate <%s> receives %s, not %s.", d.ID, d.AssetID, p.PaymentAssetID)
	}
	holder, err := tx.DedicateHolder(ctx, d.ID)
	switch {
	case err == nil:
		return gateway.FieldError(gateway.ErrCodeDedicateInUse, "dedicate_id",
			"Dedicate <%s> is in use by payment <%s> until it completes or is cancelled.", d.ID, holder)
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	p.AddressID, p.Address = d.AddressID, d.Address
	return nil
}
