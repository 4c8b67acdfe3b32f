package engine

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// paymentRecord is a payments row joined with its store's name and kind.
type paymentRecord struct {
	ID, StoreID, StoreName        string
	IsTest                        bool
	Num                           int64
	Code, PaymentType             string
	Amount                        gateway.Amount
	AssetID                       string
	PaymentAmount                 gateway.Amount
	PaymentAssetID                string
	MinComplete                   gateway.Amount
	Rate                          gateway.Rate
	RateDate                      int64
	Status                        string
	AccountID, AddressID, Address string
	Timeout                       int
	StartDate, EndDate            int64
	CompleteDate                  sql.NullInt64
	IPAmount, ConfirmedAmount     gateway.Amount
	LastTrxHash, DedicateID       string
	FiatProvider, FiatAssetID     string
	Fields                        gateway.MerchantFields
}

const paymentColumns = `p.id, p.store_id, s.name, s.is_test, p.num, p.code, p.payment_type, p.amount, p.asset_id,
	p.payment_amount, p.payment_asset_id, p.min_complete, p.rate, p.rate_date, p.status, p.account_id, p.address_id,
	p.address, p.timeout, p.start_date, p.end_date, p.complete_date, p.ip_amount, p.confirmed_amount, p.last_trx_hash,
	p.dedicate_id, p.fiat_provider, p.fiat_asset_id, p.fields`

const paymentFrom = ` FROM payments p JOIN stores s ON s.id = p.store_id `

const (
	qPayment      = `SELECT ` + paymentColumns + paymentFrom + ` WHERE p.id = ?`
	qStorePayment = qPayment + ` AND p.store_id = ?`
)

func scanPayment(r rowScanner) (paymentRecord, error) {
	var p paymentRecord
	var fields string
	err := r.Scan(&p.ID, &p.StoreID, &p.StoreName, &p.IsTest, &p.Num, &p.Code, &p.PaymentType, &p.Amount, &p.AssetID,
		&p.PaymentAmount, &p.PaymentAssetID, &p.MinComplete, &p.Rate, &p.RateDate, &p.Status, &p.AccountID, &p.AddressID,
		&p.Address, &p.Timeout, &p.StartDate, &p.EndDate, &p.CompleteDate, &p.IPAmount, &p.ConfirmedAmount, &p.LastTrxHash,
		&p.DedicateID, &p.FiatProvider, &p.FiatAssetID, &fields)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(fields), &p.Fields); err != nil {
		return p, fmt.Errorf("engine: payment %s fields: %w", p.ID, err)
	}
	return p, nil
}

// toAPI builds the seed's payment object.
func (e *Engine) toAPI(p paymentRecord) gateway.Payment {
	asset, _ := gateway.LookupAsset(p.PaymentAssetID)
	priced, _ := gateway.LookupAsset(p.AssetID)
	out := gateway.Payment{
		PaymentID:         p.ID,
		StoreID:           p.StoreID,
		AccountID:         p.AccountID,
		PaymentNum:        strconv.FormatInt(p.Num, 10),
		PaymentType:       p.PaymentType,
		PaymentTypeName:   gateway.PaymentTypeName(p.PaymentType),
		StoreName:         p.StoreName,
		IsTest:            p.IsTest,
		Amount:            p.Amount,
		AssetID:           p.AssetID,
		PaidAmount:        gateway.PaidAmount(p.IPAmount, p.Rate, priced.Precision),
		PaymentAmount:     p.PaymentAmount,
		PaymentAssetID:    p.PaymentAssetID,
		Rate:              p.Rate,
		RateDate:          unixTime(p.RateDate),
		IPAmount:          p.IPAmount,
		IPAssetID:         p.PaymentAssetID,
		RemainAmount:      gateway.RemainAmount(p.PaymentType, p.PaymentAmount, p.IPAmount),
		RemainAssetID:     p.PaymentAssetID,
		Status:            p.Status,
		StatusName:        gateway.StatusName(p.Status),
		ConfirmedAmount:   p.ConfirmedAmount,
		CryptoNetwork:     asset.CryptoNetwork,
		CryptoNetworkName: asset.CryptoNetworkName,
		AddressLink:       asset.AddressURL(p.Address),
		TransactionLink:   asset.TransactionURL(p.LastTrxHash),
		AddressID:         p.AddressID,
		Address:           p.Address,
		Confirms:          asset.Confirmations,
		StartDate:         unixTime(p.StartDate),
		EndDate:           unixTime(p.EndDate),
		PaymentURL:        e.publicURL + "/payment/" + p.ID + "?code=" + p.Code,
		// oi names the store, as the seed's qrcode_urls do: a checkout of many stores in front of
		// this gateway finds the payment's store from it.
		QRCodeURL:         e.publicURL + "/int/payment/" + p.ID + "/qrcode?code=" + p.Code + "&oi=" + p.StoreID,
		MerchantFields:    p.Fields,
		DedicateID:        p.DedicateID,
		Timeout:           p.Timeout,
		FiatProvider:      p.FiatProvider,
		FiatAssetID:       p.FiatAssetID,
		Code:              p.Code,
		MinCompleteAmount: p.MinComplete,
	}
	if p.CompleteDate.Valid {
		t := unixTime(p.CompleteDate.Int64)
		out.CompleteDate = &t
	}
	return out
}

func unixTime(sec int64) gateway.Time { return gateway.NewTime(time.Unix(sec, 0)) }

// loadPayment reads one payment of a store ("" = any store) through q.
func loadPayment(ctx context.Context, q querier, storeID, id string) (paymentRecord, error) {
	query, args := qPayment, []any{id}
	if storeID != "" {
		query, args = qStorePayment, append(args, storeID)
	}
	p, err := scanPayment(q.QueryRowContext(ctx, query, args...))
	return found(p, err, "payment", func() error { return gateway.NoPayment(id) })
}

// Payment returns a store's payment, or ERR_NO_PAYMENT if it has none with this id.
func (e *Engine) Payment(ctx context.Context, storeID, id string) (gateway.Payment, error) {
	if !gateway.IsUUID(id) {
		return gateway.Payment{}, gateway.NoPayment(id)
	}
	p, err := loadPayment(ctx, e.db.reader(nil), storeID, id)
	if err != nil {
		return gateway.Payment{}, err
	}
	return e.toAPI(p), nil
}

// MaxListedPayments bounds one GET /payments answer; narrow the dates for more.
const MaxListedPayments = 10000

// Payments lists a store's payments started within the filter's days, oldest first.
func (e *Engine) Payments(ctx context.Context, storeID string, f gateway.PaymentFilter) ([]gateway.Payment, error) {
	query := `SELECT ` + paymentColumns + paymentFrom + ` WHERE p.store_id = ? AND p.start_date >= ? AND p.start_date < ?`
	args := []any{storeID, f.From.Unix(), f.To.AddDate(0, 0, 1).Unix()}
	if f.Status != "" {
		query += ` AND p.status = ?`
		args = append(args, f.Status)
	}
	if f.AssetID != "" {
		query += ` AND (p.payment_asset_id = ? OR p.asset_id = ?)`
		args = append(args, f.AssetID, f.AssetID)
	}
	if f.DedicateID != "" {
		query += ` AND p.dedicate_id = ?`
		args = append(args, f.DedicateID)
	}
	query += ` ORDER BY p.start_date, p.num LIMIT ` + strconv.Itoa(MaxListedPayments)
	rows, err := e.db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("engine: payments: %w", err)
	}
	defer rows.Close()
	out := []gateway.Payment{}
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, fmt.Errorf("engine: payments: %w", err)
		}
		out = append(out, e.toAPI(p))
	}
	return out, rows.Err()
}
