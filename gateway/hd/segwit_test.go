package hd

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/btcutil/bech32"
)

// scriptPubKey is the output script of a witness program: OP_n, the push of the program.
func scriptPubKey(version byte, program []byte) string {
	op := version
	if version > 0 {
		op = 0x50 + version
	}
	return hex.EncodeToString(append([]byte{op, byte(len(program))}, program...))
}

// BIP-350's valid segwit addresses (BIP-173's valid version-0 ones among them) with their scripts.
var segwitValid = []struct{ addr, script string }{
	{"BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"},
	{"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"},
	{"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6"},
	{"BC1SW50QGDZ25J", "6002751e"},
	{"bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"},
	{"tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"},
	{"tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"},
	{"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"},
}

// BIP-173's and BIP-350's invalid segwit addresses, with BIP-173's valid version 1+ addresses that
// BIP-350 made invalid (they use bech32, not bech32m).
var segwitInvalid = []string{
	// BIP-173
	"tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty", // invalid human-readable part (for bc and tb)
	"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
	"BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",
	"bc1rw5uspcuh",
	"bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kw5rljs90",
	"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
	"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
	"bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
	"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
	"bc1gmk9yu",
	// BIP-173 valid, BIP-350 invalid
	"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx",
	"BC1SW50QA3JX3S",
	"bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj",
	// BIP-350
	"tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
	"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
	"tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
	"BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
	"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
	"tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
	"bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
	"BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
	"bc1pw5dgrnzv",
	"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
	"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
	"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
	"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
	"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
	"bc1gmk9yu",
}

func TestSegwitValidAddresses(t *testing.T) {
	for _, v := range segwitValid {
		hrp, version, program, err := decodeSegwit(v.addr)
		if err != nil {
			t.Errorf("decodeSegwit(%s): %v", v.addr, err)
			continue
		}
		if got := scriptPubKey(version, program); got != v.script {
			t.Errorf("%s: script %s, want %s", v.addr, got, v.script)
		}
		again, err := encodeSegwit(hrp, version, program)
		if err != nil || again != strings.ToLower(v.addr) {
			t.Errorf("%s: encodes back to %q (%v)", v.addr, again, err)
		}
	}
}

// Each is refused by the decoder or, for a foreign human-readable part, by both networks' checks.
func TestSegwitInvalidAddresses(t *testing.T) {
	for _, a := range segwitInvalid {
		hrp, _, _, err := decodeSegwit(a)
		if err == nil && (hrp == "bc" || hrp == "tb") {
			t.Errorf("decodeSegwit(%s) accepted it", a)
		}
		for _, n := range []string{Bitcoin, Litecoin} {
			if ValidateAddress(n, a) == nil {
				t.Errorf("ValidateAddress(%s, %s) accepted it", n, a)
			}
		}
	}
}

// BIP-173's and BIP-350's bech32 and bech32m strings (not addresses): the valid ones decode with the
// right checksum kind and no string is valid as both.
func TestBech32Strings(t *testing.T) {
	valid := map[bech32.Version][]string{
		bech32.Version0: {
			"A12UEL5L", "a12uel5l",
			"an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
			"abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
			"11" + strings.Repeat("q", 82) + "c8247j",
			"split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
			"?1ezyfcl",
		},
		bech32.VersionM: {
			"A1LQFN3A", "a1lqfn3a",
			"an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
			"abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
			"11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
			"split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
			"?1v759aa",
		},
	}
	for want, list := range valid {
		for _, s := range list {
			_, _, got, err := bech32.DecodeGeneric(s)
			if err != nil || got != want {
				t.Errorf("DecodeGeneric(%q) = version %v, %v; want %v", s, got, err, want)
			}
		}
	}
	invalid := []string{
		// BIP-173
		"\x201nwldj5", "\x7f1axkwrx", "\x801eym55h",
		"an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx",
		"pzry9x0s0muk", "1pzry9x0s0muk", "x1b4n0q5v", "li1dgmt3", "de1lg7wt\xff", "A1G7SGD8", "10a06t8", "1qzzfhee",
		// BIP-350
		"\x201xj0phk", "\x7f1g6xzxy", "\x801vctc34",
		"an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
		"qyrz8wqd2c9m", "1qyrz8wqd2c9m", "y1b0jsk6g", "lt1igcx5c0", "in1muywd", "mm1crxm3i", "au1s5cgom",
		"M1VUXWEZ", "16plkw9", "1p2gdwpf",
	}
	for _, s := range invalid {
		if _, _, _, err := bech32.DecodeGeneric(s); err == nil {
			t.Errorf("DecodeGeneric(%q) accepted it", s)
		}
	}
}

// TRON addresses are base58check with version byte 0x41.
func TestTronBase58Check(t *testing.T) {
	tests := []struct{ hex, enc string }{
		{"0000000000000000000000000000000000000000", "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb"}, // the zero address
		{"a614f803b6fd780986a42c78ec9c7f77e6ded13c", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"}, // the USDT-TRC20 contract
	}
	for _, tt := range tests {
		raw, _ := hex.DecodeString(tt.hex)
		if got := base58.CheckEncode(raw, tronPrefix); got != tt.enc {
			t.Errorf("CheckEncode(%s) = %s, want %s", tt.hex, got, tt.enc)
		}
		if err := ValidateAddress(Tron, tt.enc); err != nil {
			t.Errorf("ValidateAddress(TRON, %s): %v", tt.enc, err)
		}
	}
}
