package gateway

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Amount is a money value. It is a decimal, never a float: on the wire it is written as a
// JSON string ("0.00370885") and read from a JSON string or number.
type Amount struct{ d decimal.Decimal }

// Limits on amounts read from outside. They keep parsing cheap (decimal.String of 1e999999999
// would allocate a gigabyte) while leaving room for any real price in any asset.
const (
	maxAmountTextLen  = 64
	maxAmountExponent = 40
	// MaxAmountDecimals bounds the fraction: more than any asset's precision (ETH has 18).
	MaxAmountDecimals = 30
	// MaxAmountDigits bounds the integer part of any amount: 10^18 units of anything.
	MaxAmountDigits = 18
)

// ErrBadAmount is wrapped by every amount parsing failure; a number that is well formed but out of
// range also wraps ErrAmountTooLarge or ErrAmountTooPrecise, so that callers can answer it with the
// same message as an amount that parses but exceeds a business limit.
var (
	ErrBadAmount        = errors.New("not a valid amount")
	ErrAmountTooLarge   = errors.New("too large")
	ErrAmountTooPrecise = errors.New("too many decimals")
)

// Zero is the zero amount.
var Zero = Amount{}

// ParseAmount reads a plain decimal ("12.5", "-3", "1e-9"). It refuses anything that is not a
// finite decimal of reasonable size; it does not check sign or precision (see Asset.CheckAmount).
func ParseAmount(s string) (Amount, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxAmountTextLen {
		return Amount{}, fmt.Errorf("%w: %q", ErrBadAmount, truncate(s, 20))
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E') {
			return Amount{}, fmt.Errorf("%w: %q", ErrBadAmount, truncate(s, 20))
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return Amount{}, fmt.Errorf("%w: %q", ErrBadAmount, truncate(s, 20))
	}
	if e := d.Exponent(); e > maxAmountExponent {
		return Amount{}, fmt.Errorf("%w: %q is %w", ErrBadAmount, truncate(s, 20), ErrAmountTooLarge)
	}
	if e := d.Exponent(); e < -maxAmountExponent-maxAmountTextLen ||
		(e < -MaxAmountDecimals && !d.Equal(d.Truncate(MaxAmountDecimals))) {
		return Amount{}, fmt.Errorf("%w: %q has %w", ErrBadAmount, truncate(s, 20), ErrAmountTooPrecise)
	}
	a := Amount{d}
	if a.IntegerDigits() > MaxAmountDigits {
		return Amount{}, fmt.Errorf("%w: %q is %w", ErrBadAmount, truncate(s, 20), ErrAmountTooLarge)
	}
	return a, nil
}

// MustAmount parses a constant; it panics on a bad literal and is meant for tables and tests.
func MustAmount(s string) Amount {
	a, err := ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}

// AmountFromInt returns n as an amount.
func AmountFromInt(n int64) Amount { return Amount{decimal.NewFromInt(n)} }

// AmountFromDecimal wraps a decimal.
func AmountFromDecimal(d decimal.Decimal) Amount { return Amount{d} }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a character boundary: the result ends up in messages sent to clients as JSON text.
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// Decimal returns the underlying decimal for arithmetic the methods below do not cover.
func (a Amount) Decimal() decimal.Decimal { return a.d }

func (a Amount) Add(b Amount) Amount       { return Amount{a.d.Add(b.d)} }
func (a Amount) Sub(b Amount) Amount       { return Amount{a.d.Sub(b.d)} }
func (a Amount) Cmp(b Amount) int          { return a.d.Cmp(b.d) }
func (a Amount) Equal(b Amount) bool       { return a.d.Equal(b.d) }
func (a Amount) IsZero() bool              { return a.d.IsZero() }
func (a Amount) IsPositive() bool          { return a.d.IsPositive() }
func (a Amount) IsNegative() bool          { return a.d.IsNegative() }
func (a Amount) LessThan(b Amount) bool    { return a.d.LessThan(b.d) }
func (a Amount) GreaterThan(b Amount) bool { return a.d.GreaterThan(b.d) }

// Max returns the larger of a and b.
func (a Amount) Max(b Amount) Amount {
	if a.d.GreaterThanOrEqual(b.d) {
		return a
	}
	return b
}

// Min returns the smaller of a and b.
func (a Amount) Min(b Amount) Amount {
	if a.d.LessThanOrEqual(b.d) {
		return a
	}
	return b
}

// Percent returns a × p / 100, unrounded.
func (a Amount) Percent(p Amount) Amount {
	return Amount{a.d.Mul(p.d).Div(decimal.NewFromInt(100))}
}

// FitsPrecision reports whether the amount has no non-zero digit beyond places decimals
// ("100.000" fits 2 places, "100.001" does not).
func (a Amount) FitsPrecision(places int32) bool { return a.d.Equal(a.d.Truncate(places)) }

// IntegerDigits counts the digits before the point, ignoring leading zeros.
func (a Amount) IntegerDigits() int {
	whole := a.d.Abs().Truncate(0)
	if whole.IsZero() {
		return 0
	}
	return len(whole.String())
}

// RoundUp rounds towards +∞ at places decimals: what a payer owes is never rounded down.
func (a Amount) RoundUp(places int32) Amount { return Amount{a.d.RoundCeil(places)} }

// RoundDown rounds towards −∞ at places decimals: what we report as paid never exceeds what came in.
func (a Amount) RoundDown(places int32) Amount { return Amount{a.d.RoundFloor(places)} }

// Round rounds half away from zero, for figures that are only informative (conversions).
func (a Amount) Round(places int32) Amount { return Amount{a.d.Round(places)} }

// Units is the amount in the asset's smallest unit (satoshi, wei) as an integer string.
func (a Amount) Units(precision int32) string {
	return a.d.Shift(precision).Truncate(0).String()
}

// String writes the amount in plain decimal without exponent and without trailing zeros.
func (a Amount) String() string {
	s := a.d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// MarshalJSON writes the amount as a JSON string.
func (a Amount) MarshalJSON() ([]byte, error) {
	return []byte(`"` + a.String() + `"`), nil
}

// UnmarshalJSON accepts a JSON number or a JSON string holding a number.
func (a *Amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("%w: %v", ErrBadAmount, err)
		}
		b = []byte(s)
	}
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Value and Scan let the database keep amounts as exact TEXT.
func (a Amount) Value() (driver.Value, error) { return a.String(), nil }

func (a *Amount) Scan(src any) error {
	switch v := src.(type) {
	case string:
		d, err := decimal.NewFromString(v)
		a.d = d
		return err
	case []byte:
		d, err := decimal.NewFromString(string(v))
		a.d = d
		return err
	case nil:
		a.d = decimal.Decimal{}
		return nil
	}
	return fmt.Errorf("gateway: cannot scan %T into Amount", src)
}

// Rate is an exchange rate. Unlike amounts it is written as a JSON number (the seed's `rate`), but
// it is still a decimal: the digits on the wire are exact, never a float's rendering.
type Rate struct{ d decimal.Decimal }

// RateFromDecimal wraps a decimal.
func RateFromDecimal(d decimal.Decimal) Rate { return Rate{d} }

// Decimal returns the underlying decimal.
func (r Rate) Decimal() decimal.Decimal { return r.d }

// IsZero reports whether no rate is set.
func (r Rate) IsZero() bool { return r.d.IsZero() }

func (r Rate) String() string { return Amount(r).String() }

// MarshalJSON writes the rate as a bare JSON number.
func (r Rate) MarshalJSON() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalJSON reads a JSON number or string.
func (r *Rate) UnmarshalJSON(b []byte) error {
	var a Amount
	if err := a.UnmarshalJSON(b); err != nil {
		return err
	}
	r.d = a.d
	return nil
}

// Value writes a rate as TEXT.
func (r Rate) Value() (driver.Value, error) { return r.String(), nil }

// Scan reads a rate kept as TEXT.
func (r *Rate) Scan(src any) error {
	var a Amount
	err := a.Scan(src)
	r.d = a.d
	return err
}
