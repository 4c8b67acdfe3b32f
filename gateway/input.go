package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// AmountInput is an amount field of a request. Decoding never fails on it, so that validation,
// which knows the field's name, can answer with a clear error naming the field.
type AmountInput struct {
	Value Amount
	Set   bool // the field was present and not null
	Bad   bool // present but not a number
	// tooLarge and tooPrecise: Bad because it is out of the range ParseAmount reads, which is
	// answered as the same amount within that range but over the business limit would be.
	tooLarge, tooPrecise bool
}

// UnmarshalJSON records what was sent.
func (a *AmountInput) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*a = AmountInput{}
		return nil
	}
	a.Set = true
	var v Amount
	if err := v.UnmarshalJSON(b); err != nil {
		a.Bad, a.tooLarge, a.tooPrecise = true, errors.Is(err, ErrAmountTooLarge), errors.Is(err, ErrAmountTooPrecise)
		return nil
	}
	a.Value, a.Bad = v, false
	return nil
}

// Check validates the field as an amount of asset; required says whether it may be absent.
func (a AmountInput) Check(field string, asset Asset, required bool) error {
	switch {
	case a.Bad && a.tooLarge: // 1e18 and 1e17 get the one message of an amount too large
		return amountTooLarge(field)
	case a.Bad && a.tooPrecise:
		return amountTooPrecise(field, asset)
	case a.Bad:
		return FieldError(ErrCodeInvalidAmount, field, "%s must be a decimal number.", field)
	case !a.Set && required:
		return FieldError(ErrCodeRequiredField, field, "%s is required.", field)
	case !a.Set:
		return nil
	}
	return asset.CheckAmount(field, a.Value)
}

// IntInput is an integer field of a request, read from a JSON number or a numeric string.
type IntInput struct {
	Value int
	Set   bool
	Bad   bool
}

// UnmarshalJSON records what was sent.
func (n *IntInput) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*n = IntInput{}
		return nil
	}
	n.Set = true
	s := string(b)
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			n.Bad = true
			return nil
		}
	}
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		n.Bad = true
		return nil
	}
	n.Value, n.Bad = v, false
	return nil
}
