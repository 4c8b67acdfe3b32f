package hd

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"
)

func TestBase58(t *testing.T) {
	tests := []struct{ hex, enc string }{
		{"", ""},
		{"61", "2g"},
		{"626262", "a3gV"},
		{"636363", "aPEr"},
		{"00", "1"},
		{"0000", "11"},
		{"00000000000000000000", "1111111111"},
		{"000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"},
		{"516b6fcd0f", "ABnLTmg"},
		{"572e4794", "3EFU7m"},
		{"ecac89cad93923c02321", "EJDM8drfXA6uyA"},
		{"10c8511e", "Rt5zm"},
	}
	for _, tt := range tests {
		raw, _ := hex.DecodeString(tt.hex)
		if got, want := base58Encode(raw), tt.enc; got != want {
			t.Errorf("base58Encode(%s) = %q, want %q", tt.hex, got, want)
		}
		dec, err := base58Decode(tt.enc)
		if err != nil {
			t.Errorf("base58Decode(%q): %v", tt.enc, err)
			continue
		}
		if got, want := hex.EncodeToString(dec), tt.hex; got != want {
			t.Errorf("base58Decode(%q) = %s, want %s", tt.enc, got, want)
		}
	}
	for _, bad := range []string{"0", "O", "I", "l", "abc+", "é"} {
		if _, err := base58Decode(bad); err == nil {
			t.Errorf("base58Decode(%q) = nil error, want error", bad)
		}
	}
}

func TestBase58Check(t *testing.T) {
	tests := []struct{ hex, enc string }{
		// TRON zero address and the USDT-TRC20 contract address.
		{"410000000000000000000000000000000000000000", "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"},
		{"41a614f803b6fd780986a42c78ec9c7f77e6ded13c", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"},
	}
	for _, tt := range tests {
		raw, _ := hex.DecodeString(tt.hex)
		if got, want := base58CheckEncode(raw), tt.enc; got != want {
			t.Errorf("base58CheckEncode(%s) = %q, want %q", tt.hex, got, want)
		}
		dec, err := base58CheckDecode(tt.enc)
		if err != nil {
			t.Fatalf("base58CheckDecode(%q): %v", tt.enc, err)
		}
		if got, want := hex.EncodeToString(dec), tt.hex; got != want {
			t.Errorf("base58CheckDecode(%q) = %s, want %s", tt.enc, got, want)
		}
	}
	if _, err := base58CheckDecode("T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwc"); err == nil {
		t.Error("base58CheckDecode with altered checksum: got nil error")
	}
	if _, err := base58CheckDecode("1"); err == nil {
		t.Error("base58CheckDecode of 1 byte: got nil error")
	}
}

func TestBech32ValidChecksums(t *testing.T) {
	// BIP-173 valid bech32 strings.
	for _, s := range []string{
		"A12UEL5L",
		"a12uel5l",
		"an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
		"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
		"11" + strings.Repeat("q", 82) + "c8247j", // 90 characters
		"split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
	} {
		hrp, data, err := bech32Decode(s)
		if err != nil {
			t.Errorf("bech32Decode(%q): %v", s, err)
			continue
		}
		if got, want := bech32Encode(hrp, data), strings.ToLower(s); got != want {
			t.Errorf("bech32Encode round trip = %q, want %q", got, want)
		}
	}
}

func TestBech32Invalid(t *testing.T) {
	tests := []struct{ name, s string }{
		{"hrp char out of range", "\x201nwldj5"},
		{"overall max length exceeded", "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx"},
		{"no separator", "pzry9x0s0muk"},
		{"empty hrp", "1pzry9x0s0muk"},
		{"invalid data char", "x1b4n0q5v"},
		{"too short checksum", "li1dgmt3"},
		{"invalid checksum char", "de1lg7wt\xff"},
		{"mixed case", "A12uEL5L"},
		{"checksum mismatch", "a12uel5m"},
	}
	for _, tt := range tests {
		if _, _, err := bech32Decode(tt.s); err == nil {
			t.Errorf("%s: bech32Decode(%q) = nil error, want error", tt.name, tt.s)
		}
	}
}

func TestConvertBitsRoundTrip(t *testing.T) {
	for n := 0; n <= 40; n++ {
		in := bytes.Repeat([]byte{0xa5}, n)
		five, err := convertBits(in, 8, 5, true)
		if err != nil {
			t.Fatal(err)
		}
		back, err := convertBits(five, 5, 8, false)
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if got, want := hex.EncodeToString(back), hex.EncodeToString(in); got != want {
			t.Errorf("n=%d: round trip = %s, want %s", n, got, want)
		}
	}
}
