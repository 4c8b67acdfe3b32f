// Package rates converts amounts between assets from a table of prices. The embedded gateway
// reads the table from a JSON file that ships with the binary and can be replaced (RATES_FILE).
package rates

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/shopspring/decimal"

	"github.com/cryptocheckout/checkout/gateway"
)

//go:embed rates.json
var shipped []byte

// ratePrecision is how many decimals a quoted rate keeps: far below any asset's smallest unit.
const ratePrecision = 24

// Table holds the USD price of each asset at one date.
type Table struct {
	date   time.Time
	prices map[string]decimal.Decimal
}

type fileFormat struct {
	Date      time.Time         `json:"date"`
	USDPrices map[string]string `json:"usd_prices"`
}

// Shipped returns the table that ships with the binary.
func Shipped() *Table {
	t, err := Parse(shipped)
	if err != nil {
		panic("rates: shipped rates.json is invalid: " + err.Error())
	}
	return t
}

// Load reads a rates file; an empty path means the shipped table.
func Load(path string) (*Table, error) {
	if path == "" {
		return Shipped(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rates: %w", err)
	}
	t, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("rates: %s: %w", path, err)
	}
	return t, nil
}

// Parse reads the JSON format of rates.json. Every price must be a positive decimal, and every
// asset of the catalogue must be priced, so a conversion never fails for a known asset (an asset
// that is an older id of another's coin, such as MATIC, takes that coin's price when left out).
func Parse(b []byte) (*Table, error) {
	var f fileFormat
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, err
	}
	if f.Date.IsZero() {
		return nil, errors.New(`missing "date"`)
	}
	t := &Table{date: f.Date.UTC(), prices: map[string]decimal.Decimal{}}
	for id, s := range f.USDPrices {
		p, err := decimal.NewFromString(s)
		if err != nil || !p.IsPositive() {
			return nil, fmt.Errorf("price of %s: %q is not a positive decimal", id, s)
		}
		t.prices[id] = p
	}
	for _, a := range gateway.Assets() {
		if _, ok := t.prices[a.AssetID]; ok {
			continue
		}
		// An older id of another asset's coin (MATIC for POL) may be left out: it is that coin.
		if p, ok := t.prices[gateway.PricedAs(a.AssetID)]; ok {
			t.prices[a.AssetID] = p
			continue
		}
		return nil, fmt.Errorf("no price for %s", a.AssetID)
	}
	return t, nil
}

// Quote is the rate to turn one unit of From into To, and when it was taken.
type Quote struct {
	From, To string
	Rate     gateway.Rate
	Date     time.Time
}

// Quote returns the rate From→To: price(from) / price(to).
func (t *Table) Quote(from, to string) (Quote, error) {
	pf, ok1 := t.prices[from]
	pt, ok2 := t.prices[to]
	if !ok1 || !ok2 {
		return Quote{}, gateway.Errorf(gateway.ErrCodeNoRate, "No rate from %s to %s.", from, to)
	}
	r := decimal.NewFromInt(1)
	if from != to {
		r = pf.DivRound(pt, ratePrecision)
	}
	return Quote{From: from, To: to, Rate: gateway.RateFromDecimal(r), Date: t.date}, nil
}

// Convert turns amount of From into To, unrounded but exact to far below any asset's unit:
// amount × price(from) / price(to), multiplying first so no precision is lost to the rate.
func (t *Table) Convert(amount gateway.Amount, from, to string) (gateway.Amount, Quote, error) {
	q, err := t.Quote(from, to)
	if err != nil || from == to {
		return amount, q, err
	}
	v := amount.Decimal().Mul(t.prices[from]).DivRound(t.prices[to], ratePrecision)
	return gateway.AmountFromDecimal(v), q, nil
}
