package gateway

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "100", want: "100"},
		{in: "0.00370885", want: "0.00370885"},
		{in: "1e-8", want: "0.00000001"},
		{in: "1.50", want: "1.5"},
		{in: "-3", want: "-3"},
		{in: " 7 ", want: "7"},
		{in: "", bad: true},
		{in: "abc", bad: true},
		{in: "NaN", bad: true},
		{in: "Infinity", bad: true},
		{in: "0x10", bad: true},
		{in: "1e999999999", bad: true},
		{in: "1e-999999999", bad: true},
		{in: "1000000000000000000", bad: true}, // 19 integer digits
		{in: "1,5", bad: true},
	}
	for _, tt := range tests {
		got, err := ParseAmount(tt.in)
		if tt.bad {
			if !errors.Is(err, ErrBadAmount) {
				t.Errorf("ParseAmount(%q) err = %v, want ErrBadAmount", tt.in, err)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("ParseAmount(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestAmountJSON(t *testing.T) {
	var v struct {
		A Amount `json:"a"`
		B Amount `json:"b"`
	}
	if err := json.Unmarshal([]byte(`{"a": 0.1, "b": "0.2"}`), &v); err != nil {
		t.Fatal(err)
	}
	if got, want := v.A.Add(v.B).String(), "0.3"; got != want {
		t.Errorf("0.1 + 0.2 = %s, want %s", got, want)
	}
	out, _ := json.Marshal(v)
	if got, want := string(out), `{"a":"0.1","b":"0.2"}`; got != want {
		t.Errorf("marshal = %s, want %s", got, want)
	}
	r, _ := json.Marshal(struct{ R Rate }{RateFromDecimal(MustAmount("0.000037088479").Decimal())})
	if got, want := string(r), `{"R":0.000037088479}`; got != want {
		t.Errorf("rate marshal = %s, want %s", got, want)
	}
}

func TestCheckAmountPrecision(t *testing.T) {
	btc, _ := LookupAsset("BTC")
	usd, _ := LookupAsset("USD")
	eth, _ := LookupAsset("ETH")
	tests := []struct {
		asset Asset
		in    string
		ok    bool
	}{
		{btc, "0.00000001", true},
		{btc, "0.000000001", false},
		{usd, "100.01", true},
		{usd, "100.001", false},
		{eth, "0.000000000000000001", true},
		{eth, "0.0000000000000000001", false},
		{usd, "0", false},
		{usd, "-1", false},
		{usd, "999999999999", true},
		{usd, "1000000000000", false},
	}
	for _, tt := range tests {
		err := tt.asset.CheckAmount("amount", MustAmount(tt.in))
		if (err == nil) != tt.ok {
			t.Errorf("%s CheckAmount(%s) = %v, want ok=%v", tt.asset.AssetID, tt.in, err, tt.ok)
		}
		if err != nil && ErrorCode(err) != ErrCodeInvalidAmount {
			t.Errorf("code = %s", ErrorCode(err))
		}
	}
}

func TestAmountUnits(t *testing.T) {
	if got, want := MustAmount("0.00370885").Units(8), "370885"; got != want {
		t.Errorf("satoshi = %s, want %s", got, want)
	}
	if got, want := MustAmount("1.5").Units(18), "1500000000000000000"; got != want {
		t.Errorf("wei = %s, want %s", got, want)
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"100", "0.00370885", "1e-8", "-1", "1e999999999", "", "0.1", "99999999999999999999", "1.2.3", "+5", "-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseAmount(s)
		if err != nil {
			return
		}
		// Whatever parses must round-trip through its own text and stay within the size limits.
		back, err := ParseAmount(a.String())
		if err != nil || !back.Equal(a) {
			t.Fatalf("round trip of %q: %s -> %v, %v", s, a, back, err)
		}
		if a.IntegerDigits() > MaxAmountDigits {
			t.Fatalf("%q parsed with %d integer digits", s, a.IntegerDigits())
		}
	})
}

func TestTrailingZerosFitPrecision(t *testing.T) {
	usd, _ := LookupAsset("USD")
	if err := usd.CheckAmount("amount", MustAmount("100.000")); err != nil {
		t.Errorf("100.000 USD refused: %v", err)
	}
}

func TestTruncateCutsOnACharacterBoundary(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"abcdefghijk", 10, "abcdefghij…"},
		{"ééééé", 3, "é…"},         // é is two bytes: byte 3 is inside the second one
		{"ééééé", 4, "éé…"},        // a boundary
		{"€€", 2, "…"},             // nothing whole fits
		{"a\xff\xfe", 2, "a\xff…"}, // bytes that are not UTF-8 are left as they are
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
