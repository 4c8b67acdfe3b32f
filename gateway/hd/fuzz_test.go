package hd

import (
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
)

// FuzzValidateAddress checks that ValidateAddress, which judges every withdrawal destination, never
// panics and that whatever it accepts re-encodes to the same (canonical) address.
func FuzzValidateAddress(f *testing.F) {
	seeds := []struct{ network, addr string }{
		{Bitcoin, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"},
		{Bitcoin, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"},
		{Bitcoin, "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"},
		{Bitcoin, "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"},
		{Bitcoin, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"},
		{Bitcoin, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"},
		{Bitcoin, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"},
		{Litecoin, "LKE6iQNDR5YMYa82cvzGRzafu1Vt65SJJt"},
		{Bitcoin, "bc1"},
		{Bitcoin, "1"},
		{Bitcoin, ""},
		{Litecoin, "ltc1qjmxnz78nmc8nq77wuxh25n2es7rzm5c2rkk4wh"},
		{Litecoin, "LTC1QJMXNZ78NMC8NQ77WUXH25N2ES7RZM5C2RKK4WH"},
		{Ethereum, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"},
		{Ethereum, "0x9858effd232b4033e47d90003d41ec34ecaeda94"},
		{Ethereum, "0x9858efFD232B4033E47d90003D41EC34EcaEda94"},
		{Ethereum, "0x"},
		{Tron, "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH"},
		{Tron, "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"},
		{Tron, "1111111111111111111111111111111111"},
		{Tron, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"},
		{"OTHER", "\xff\x00"},
	}
	for _, s := range seeds {
		f.Add(s.network, s.addr)
	}
	f.Fuzz(func(t *testing.T, network, addr string) {
		_ = ValidateAddress(network, addr)
		for _, n := range []string{Bitcoin, Litecoin, Ethereum, Tron} {
			if ValidateAddress(n, addr) != nil {
				continue
			}
			switch n {
			case Bitcoin, Litecoin:
				if hrp, version, program, err := decodeSegwit(addr); err == nil {
					got, err := encodeSegwit(hrp, version, program)
					if err != nil || got != strings.ToLower(addr) {
						t.Errorf("re-encode of %q = %q (%v)", addr, got, err)
					}
					continue
				}
				payload, version, err := base58.CheckDecode(addr)
				if err != nil {
					t.Fatalf("valid %s address %q decodes as neither segwit nor base58check: %v", n, addr, err)
				}
				if got := base58.CheckEncode(payload, version); got != addr {
					t.Errorf("re-encode of %q = %q", addr, got)
				}
			case Ethereum:
				if err := ValidateAddress(n, strings.ToLower(addr)); err != nil {
					t.Errorf("lower-case form of valid %q rejected: %v", addr, err)
				}
			case Tron:
				payload, version, err := base58.CheckDecode(addr)
				if err != nil {
					t.Fatalf("valid TRON address %q fails to decode: %v", addr, err)
				}
				if got := base58.CheckEncode(payload, version); got != addr {
					t.Errorf("re-encode of %q = %q", addr, got)
				}
			}
		}
	})
}
