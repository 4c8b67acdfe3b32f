package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
)

// dedicateRecord is a dedicates row joined with its store's name and kind.
type dedicateRecord struct {
	ID, StoreID, StoreName string
	IsTest                 bool
	Num                    int64
	Type, AssetID          string
	AccountID, AddressID   string
	Address, Alloc, Status string
	StartDate, EndDate     int64
	CompleteDate           sql.NullInt64
	Fields                 gateway.MerchantFields
}

const dedicateColumns = `d.id, d.store_id, s.name, s.is_test, d.num, d.dedicate_type, d.asset_id, d.account_id, d.address_id,
	d.address, d.address_alloc, d.status, d.start_date, d.end_date, d.complete_date, d.fields`

const dedicateFrom = ` FROM dedicates d JOIN stores s ON s.id = d.store_id `

func scanDedicate(r rowScanner) (dedicateRecord, error) {
	var d dedicateRecord
	var fields string
	err := r.Scan(&d.ID, &d.StoreID, &d.StoreName, &d.IsTest, &d.Num, &d.Type, &d.AssetID, &d.AccountID, &d.AddressID,
		&d.Address, &d.Alloc, &d.Status, &d.StartDate, &d.EndDate, &d.CompleteDate, &fields)
	if err != nil {
		return d, err
	}
	if err := json.Unmarshal([]byte(fields), &d.Fields); err != nil {
		return d, fmt.Errorf("engine: dedicate %s fields: %w", d.ID, err)
	}
	return d, nil
}

// loadDedicate reads one dedicated address of a store ("" = any store) through q.
func loadDedicate(ctx context.Context, q querier, storeID, id string) (dedicateRecord, error) {
	query := `SELECT ` + dedicateColumns + dedicateFrom + ` WHERE d.id = ?`
	args := []any{id}
	if storeID != "" {
		query += ` AND d.store_id = ?`
		args = append(args, storeID)
	}
	d, err := scanDedicate(q.QueryRowContext(ctx, query, args...))
	return found(d, err, "dedicate", func() error { return gateway.NoDedicate(id) })
}

// toAPI builds the seed's dedication object.
func (d dedicateRecord) toAPI(publicURL string) gateway.Dedicate {
	asset, _ := gateway.LookupAsset(d.AssetID)
	out := gateway.Dedicate{
		DedicateID:        d.ID,
		DedicateNum:       strconv.FormatInt(d.Num, 10),
		DedicateType:      d.Type,
		StoreID:           d.StoreID,
		StoreName:         d.StoreName,
		AccountID:         d.AccountID,
		IsTest:            d.IsTest,
		AssetID:           d.AssetID,
		Status:            d.Status,
		StatusName:        gateway.DedicateStatusName(d.Status),
		CryptoNetwork:     asset.CryptoNetwork,
		CryptoNetworkName: asset.CryptoNetworkName,
		AddressLink:       asset.AddressURL(d.Address),
		AddressID:         d.AddressID,
		Address:           d.Address,
		AddressAlloc:      d.Alloc,
		StartDate:         unixTime(d.StartDate),
		EndDate:           unixTime(d.EndDate),
		PaymentURL:        publicURL + "/dedicate/" + d.ID,
		QRCodeURL:         publicURL + "/int/dedicate/" + d.ID + "/qrcode?oi=" + d.StoreID, // oi: the store, as in the seed
		MerchantFields:    d.Fields,
	}
	if d.CompleteDate.Valid {
		t := unixTime(d.CompleteDate.Int64)
		out.CompleteDate = &t
	}
	return out
}

// CreateDedicate dedicates an address of the store to one client (POST /dedicate).
func (e *Engine) CreateDedicate(ctx context.Context, store gateway.Store, req gateway.CreateDedicateRequest) (gateway.Dedicate, error) {
	req.Normalize()
	if err := req.Validate(); err != nil {
		return gateway.Dedicate{}, err
	}
	asset, _ := gateway.LookupAsset(req.AssetID)
	now := e.now()
	d := dedicateRecord{
		ID: newID(), StoreID: store.StoreID, StoreName: store.Name, IsTest: store.IsTest,
		Type: req.DedicateType, AssetID: asset.AssetID, Alloc: req.AddressAlloc, Status: gateway.StatusOpen,
		StartDate: now.Unix(), EndDate: gateway.DedicateEndDate(now).Unix(), Fields: req.MerchantFields,
	}
	fields, err := json.Marshal(d.Fields)
	if err != nil {
		return gateway.Dedicate{}, fmt.Errorf("engine: dedicate fields: %w", err)
	}
	err = e.db.inGroupTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `UPDATE stores SET dedicate_seq = dedicate_seq + 1 WHERE id = ? RETURNING dedicate_seq`,
			store.StoreID).Scan(&d.Num); err != nil {
			return fmt.Errorf("engine: dedicate number: %w", err)
		}
		if d.AccountID, err = accountOf(ctx, tx, store.StoreID, asset.AssetID); err != nil {
			return err
		}
		addr, err := e.allocateAddress(ctx, tx, store.StoreID, asset.CryptoNetwork, req.AddressAlloc)
		if err != nil {
			return err
		}
		d.AddressID, d.Address = addr.ID, addr.Address
		_, err = tx.ExecContext(ctx, `INSERT INTO dedicates (id, store_id, num, dedicate_type, asset_id, account_id, address_id,
			address, address_alloc, status, start_date, end_date, fields) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			d.ID, d.StoreID, d.Num, d.Type, d.AssetID, d.AccountID, d.AddressID, d.Address, d.Alloc, d.Status,
			d.StartDate, d.EndDate, string(fields))
		if err != nil {
			return fmt.Errorf("engine: insert dedicate: %w", err)
		}
		return e.queueDedicateMail(ctx, tx, d)
	})
	if err != nil {
		return gateway.Dedicate{}, err
	}
	e.publish(live.DedicateTopic(d.ID))
	return d.toAPI(e.publicURL), nil
}

// allocateAddress gives a dedicated address its address: POOL takes the store's oldest address on
// the network that nothing open holds (no OPEN dedicated address, no payment still OPEN or CLOSING),
// and derives a fresh one when there is none; NEW always derives a fresh one.
func (e *Engine) allocateAddress(ctx context.Context, tx *sql.Tx, storeID, network, alloc string) (addressRecord, error) {
	if alloc == gateway.AllocPool {
		// The store's key row for the network is the pool's lock: two dedications at once cannot
		// both take the same free address.
		if err := e.lockRows(ctx, tx, `SELECT next_index FROM store_keys WHERE store_id = ? AND network = ?`, storeID, network); err != nil {
			return addressRecord{}, err
		}
		a := addressRecord{Network: network}
		err := tx.QueryRowContext(ctx, `SELECT a.id, a.address, a.idx FROM addresses a
			WHERE a.store_id = ? AND a.network = ?
			AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.address_id = a.id AND p.status IN ('OPEN', 'CLOSING'))
			AND NOT EXISTS (SELECT 1 FROM dedicates d WHERE d.address_id = a.id AND d.status = 'OPEN')
			ORDER BY a.idx LIMIT 1`, storeID, network).Scan(&a.ID, &a.Address, &a.Index)
		if err == nil {
			return a, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return a, fmt.Errorf("engine: address pool: %w", err)
		}
	}
	return e.newAddress(ctx, tx, storeID, network)
}

// Dedicate returns a store's dedicated address, or ERR_NO_DEDICATE.
func (e *Engine) Dedicate(ctx context.Context, storeID, id string) (gateway.Dedicate, error) {
	if !gateway.IsUUID(id) {
		return gateway.Dedicate{}, gateway.NoDedicate(id)
	}
	d, err := loadDedicate(ctx, e.db.read, storeID, id)
	if err != nil {
		return gateway.Dedicate{}, err
	}
	return d.toAPI(e.publicURL), nil
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
	if !gateway.IsUUID(id) {
		return gateway.Dedicate{}, gateway.NoDedicate(id)
	}
	var d dedicateRecord
	err := e.db.inTx(ctx, func(tx *sql.Tx) error {
		if err := e.lockRow(ctx, tx, "dedicates", id); err != nil {
			return err
		}
		var err error
		if d, err = loadDedicate(ctx, tx, storeID, id); err != nil {
			return err
		}
		if d.Status != gateway.StatusOpen {
			return nil
		}
		return e.closeDedicate(ctx, tx, &d, e.now())
	})
	if err != nil {
		return gateway.Dedicate{}, err
	}
	e.publish(live.DedicateTopic(id))
	return d.toAPI(e.publicURL), nil
}

func (e *Engine) closeDedicate(ctx context.Context, tx *sql.Tx, d *dedicateRecord, at time.Time) error {
	d.Status = gateway.StatusComplete
	d.CompleteDate = sql.NullInt64{Int64: at.Unix(), Valid: true}
	if _, err := tx.ExecContext(ctx, `UPDATE dedicates SET status = ?, complete_date = ? WHERE id = ?`,
		d.Status, d.CompleteDate, d.ID); err != nil {
		return fmt.Errorf("engine: release dedicate: %w", err)
	}
	return nil
}
