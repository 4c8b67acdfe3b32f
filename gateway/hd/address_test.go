package hd

import (
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/btcutil/bech32"
	"github.com/btcsuite/btcd/btcutil/hdkeychain"
)

const abandonAbout = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"

func mustAccountKeys(t testing.TB, mnemonic string) map[string]string {
	t.Helper()
	keys, err := AccountKeys(mnemonic, "")
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// BIP-84's published vectors for the "abandon … about" phrase: the account key m/84'/0'/0' (given
// as zpub/zprv; compared on the key material after the 4 version bytes) and the first receiving and
// change addresses, from the account xpub alone.
func TestBIP84Vectors(t *testing.T) {
	seed, err := mnemonicSeed(abandonAbout, "")
	if err != nil {
		t.Fatal(err)
	}
	master, err := hdkeychain.NewMaster(seed, keyNet)
	if err != nil {
		t.Fatal(err)
	}
	material := func(s string) string {
		b := base58.Decode(s)
		if len(b) != 82 {
			t.Fatalf("decode %s: %d bytes", s, len(b))
		}
		return hex.EncodeToString(b[4:78])
	}
	tests := []struct {
		name       string
		path       []uint32
		zpub, zprv string
	}{
		{"root m", nil,
			"zpub6jftahH18ngZxLmXaKw3GSZzZsszmt9WqedkyZdezFtWRFBZqsQH5hyUmb4pCEeZGmVfQuP5bedXTB8is6fTv19U1GQRyQUKQGUTzyHACMF",
			"zprvAWgYBBk7JR8Gjrh4UJQ2uJdG1r3WNRRfURiABBE3RvMXYSrRJL62XuezvGdPvG6GFBZduosCc1YP5wixPox7zhZLfiUm8aunE96BBa4Kei5"},
		{"account m/84'/0'/0'", []uint32{84 | h, 0 | h, 0 | h},
			"zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs",
			"zprvAdG4iTXWBoARxkkzNpNh8r6Qag3irQB8PzEMkAFeTRXxHpbF9z4QgEvBRmfvqWvGp42t42nvgGpNgYSJA9iefm1yYNZKEm7z6qUWCroSQnE"},
	}
	var account *hdkeychain.ExtendedKey
	for _, tt := range tests {
		k, err := derivePath(master, tt.path...)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := k.Neuter()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := material(pub.String()), material(tt.zpub); got != want {
			t.Errorf("%s: public key material = %s, want %s", tt.name, got, want)
		}
		if got, want := material(k.String()), material(tt.zprv); got != want {
			t.Errorf("%s: private key material mismatch", tt.name)
		}
		account = pub
	}

	// From the account key alone: the external chain (/0) is what AccountKeys stores, the change
	// chain (/1) gives the first change address.
	external, err := account.Derive(0)
	if err != nil {
		t.Fatal(err)
	}
	keys := mustAccountKeys(t, abandonAbout)
	if got, want := keys[Bitcoin], external.String(); got != want {
		t.Errorf("AccountKeys[BITCOIN] = %s, want %s", got, want)
	}
	change, err := account.Derive(1)
	if err != nil {
		t.Fatal(err)
	}

	addrs := []struct {
		name, xpub string
		index      uint32
		pubkey     string
		addr       string
	}{
		{"m/84'/0'/0'/0/0", keys[Bitcoin], 0, "0330d54fd0dd420a6e5f8d3624f5f3482cae350f79d5f0753bf5beef9c2d91af3c", "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"},
		{"m/84'/0'/0'/0/1", keys[Bitcoin], 1, "03e775fd51f0dfb8cd865d9ff1cca2a158cf651fe997fdc9fee9c1d3b5e995ea77", "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g"},
		{"m/84'/0'/0'/1/0", change.String(), 0, "03025324888e429ab8e3dbaf1f7802648b9cd01e9b418485c5fa4c1b9b5700e1a6", "bc1q8c6fshw2dlwun7ekn9qwf37cu2rn755upcp6el"},
	}
	for _, a := range addrs {
		t.Run(a.name, func(t *testing.T) {
			got, err := Address(Bitcoin, a.xpub, a.index)
			if err != nil {
				t.Fatal(err)
			}
			if want := a.addr; got != want {
				t.Errorf("Address = %s, want %s", got, want)
			}
			k, err := parseXpub(a.xpub)
			if err != nil {
				t.Fatal(err)
			}
			c, err := k.Derive(a.index)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := c.ECPubKey()
			if err != nil {
				t.Fatal(err)
			}
			if got, want := hex.EncodeToString(pub.SerializeCompressed()), a.pubkey; got != want {
				t.Errorf("pubkey = %s, want %s", got, want)
			}
		})
	}
}

// Published addresses of the "abandon … about" mnemonic (empty passphrase): BIP-84's first two for
// Bitcoin, and the first BIP-44 address of Ethereum (m/44'/60'/0'/0/0), TRON (m/44'/195'/0'/0/0) and
// Litecoin's BIP-84 (m/84'/2'/0'/0/0) as wallets derive them. Stores created before the move to
// btcutil hold these xpubs: their addresses must not change.
func TestAddressVectors(t *testing.T) {
	keys := mustAccountKeys(t, abandonAbout)
	tests := []struct {
		network string
		index   uint32
		want    string
	}{
		{Bitcoin, 0, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"},
		{Bitcoin, 1, "bc1qnjg0jd8228aq7egyzacy8cys3knf9xvrerkf9g"},
		{Ethereum, 0, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"},
		// MetaMask's first account for "abandon … about" on every EVM chain, Polygon included.
		{Polygon, 0, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"},
		{Tron, 0, "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH"},
		{Litecoin, 0, "ltc1qjmxnz78nmc8nq77wuxh25n2es7rzm5c2rkk4wh"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.network, tt.index), func(t *testing.T) {
			got, err := Address(tt.network, keys[tt.network], tt.index)
			if err != nil {
				t.Fatal(err)
			}
			if want := tt.want; got != want {
				t.Errorf("Address = %s, want %s", got, want)
			}
			if err := ValidateAddress(tt.network, got); err != nil {
				t.Errorf("ValidateAddress(%s): %v", got, err)
			}
		})
	}
}

// TRON and Ethereum share the key hash: the TRON address is base58check of
// 0x41 || the 20 bytes of the Ethereum-style address for the same key.
func TestTronMatchesEthereumHash(t *testing.T) {
	keys := mustAccountKeys(t, abandonAbout)
	for i := uint32(0); i < 5; i++ {
		tronAddr, err := Address(Tron, keys[Tron], i)
		if err != nil {
			t.Fatal(err)
		}
		// Same key, formatted as an Ethereum address.
		ethStyle, err := Address(Ethereum, keys[Tron], i)
		if err != nil {
			t.Fatal(err)
		}
		payload, version, err := base58.CheckDecode(tronAddr)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := "0x"+hex.EncodeToString(payload), strings.ToLower(ethStyle); got != want {
			t.Errorf("index %d: TRON payload %s, want %s", i, got, want)
		}
		if got, want := version, byte(0x41); got != want {
			t.Errorf("index %d: TRON prefix %#x, want %#x", i, got, want)
		}
	}
}

func TestLitecoinFormat(t *testing.T) {
	keys := mustAccountKeys(t, abandonAbout)
	for i := uint32(0); i < 5; i++ {
		a, err := Address(Litecoin, keys[Litecoin], i)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.HasPrefix(a, "ltc1q"), true; got != want {
			t.Errorf("Address(LITECOIN, %d) = %s, want ltc1q prefix", i, a)
		}
		if got, want := len(a), 43; got != want {
			t.Errorf("len(%s) = %d, want %d", a, got, want)
		}
		if err := ValidateAddress(Litecoin, a); err != nil {
			t.Errorf("ValidateAddress(LITECOIN, %s): %v", a, err)
		}
		if err := ValidateAddress(Bitcoin, a); err == nil {
			t.Errorf("ValidateAddress(BITCOIN, %s) = nil, want HRP error", a)
		}
	}
}

func TestAccountKeys(t *testing.T) {
	keys := mustAccountKeys(t, abandonAbout)
	if got, want := len(keys), 5; got != want {
		t.Fatalf("len(AccountKeys) = %d, want %d", got, want)
	}
	seen := map[string]string{}
	for _, n := range []string{Bitcoin, Litecoin, Ethereum, Tron} {
		s, ok := keys[n]
		if !ok {
			t.Fatalf("AccountKeys has no %s key", n)
		}
		if got, want := s[:4], "xpub"; got != want {
			t.Errorf("%s key prefix = %q, want %q", n, got, want)
		}
		k, err := parseXpub(s)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		if got, want := k.Depth(), uint8(accountDepth); got != want {
			t.Errorf("%s depth = %d, want %d", n, got, want)
		}
		if got, want := k.ChildIndex(), uint32(0); got != want {
			t.Errorf("%s child number = %d, want %d", n, got, want)
		}
		if other, dup := seen[s]; dup {
			t.Errorf("%s and %s share an xpub", n, other)
		}
		seen[s] = n
	}
	// Polygon is an EVM chain on Ethereum's coin type: the same account key, on purpose.
	if got, want := keys[Polygon], keys[Ethereum]; got != want {
		t.Errorf("POLYGON xpub = %s, want Ethereum's %s (m/44'/60'/0'/0)", got, want)
	}
	again := mustAccountKeys(t, "  "+strings.ToUpper(abandonAbout)+"\n")
	for n, s := range keys {
		if got, want := again[n], s; got != want {
			t.Errorf("%s: AccountKeys not deterministic/normalised: %s, want %s", n, got, want)
		}
	}
	withPass, err := AccountKeys(abandonAbout, "TREZOR")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := withPass[Bitcoin] == keys[Bitcoin], false; got != want {
		t.Error("passphrase did not change the derived keys")
	}
	if _, err := AccountKeys("abandon abandon abandon", ""); err == nil {
		t.Error("AccountKeys with invalid mnemonic: got nil error")
	}
}

func TestAddressErrors(t *testing.T) {
	keys := mustAccountKeys(t, abandonAbout)
	zpub, err := hdkeychain.NewKeyFromString("zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs")
	if err != nil {
		t.Fatal(err)
	}
	account, err := zpub.CloneWithVersion(keyNet.HDPublicKeyID[:])
	if err != nil {
		t.Fatal(err)
	}
	depth3 := account.String()
	tests := []struct {
		name, network, xpub string
		index               uint32
		wantErr             string
	}{
		{"unknown network", "DOGECOIN", keys[Bitcoin], 0, "unknown network"},
		{"lowercase network", "bitcoin", keys[Bitcoin], 0, "unknown network"},
		{"hardened index", Bitcoin, keys[Bitcoin], 1 << 31, "hardened"},
		{"private key", Bitcoin, bip32Vectors[0].nodes[4].xprv, 0, "PRIVATE"},
		{"account-level xpub", Bitcoin, depth3, 0, "depth 3"},
		{"garbage", Ethereum, "not-an-xpub", 0, "extended key"},
		{"empty", Tron, "", 0, "too short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Address(tt.network, tt.xpub, tt.index)
			if err == nil {
				t.Fatalf("Address = nil error, want %q", tt.wantErr)
			}
			if got, want := strings.Contains(err.Error(), tt.wantErr), true; got != want {
				t.Errorf("Address error = %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
	if got, err := Address(Bitcoin, keys[Bitcoin], 1<<31-1); err != nil || !strings.HasPrefix(got, "bc1q") {
		t.Errorf("Address at max index = %q, %v", got, err)
	}
}

func TestAddressConcurrent(t *testing.T) {
	keys := mustAccountKeys(t, abandonAbout)
	want, err := Address(Ethereum, keys[Ethereum], 0)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Go(func() {
			for i := 0; i < 50; i++ {
				got, err := Address(Ethereum, keys[Ethereum], 0)
				if err != nil || got != want {
					errs <- fmt.Sprintf("got %q, %v; want %q", got, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestXpubCacheBounded(t *testing.T) {
	seed := make([]byte, 32)
	for i := 0; i < maxCachedXpubs+10; i++ {
		seed[0], seed[1] = byte(i), byte(i>>8)
		m, err := hdkeychain.NewMaster(seed, keyNet)
		if err != nil {
			t.Fatal(err)
		}
		k, err := derivePath(m, 1, 2, 3, 4)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := k.Neuter()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Address(Bitcoin, pub.String(), 0); err != nil {
			t.Fatal(err)
		}
	}
	if got, max := xpubCacheSize.Load(), int64(maxCachedXpubs); got > max {
		t.Errorf("cache size = %d, want <= %d", got, max)
	}
}

// segwit builds an address of any version and program with the right checksum kind.
func segwit(t *testing.T, hrp string, version byte, program []byte) string {
	t.Helper()
	a, err := encodeSegwit(hrp, version, program)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// segwitBech32 builds a version-1+ address with the old (bech32) checksum, which BIP-350 refuses.
func segwitBech32(t *testing.T, hrp string, version byte, program []byte) string {
	t.Helper()
	conv, err := bech32.ConvertBits(program, 8, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	a, err := bech32.Encode(hrp, append([]byte{version}, conv...))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// What a withdrawal may be sent to: every standard output of the chain (P2PKH, P2SH, P2WPKH, P2WSH,
// P2TR), nothing else, and nothing of the other network.
func TestValidateAddress(t *testing.T) {
	prog20 := make([]byte, 20)
	for i := range prog20 {
		prog20[i] = byte(i * 7)
	}
	prog32 := append(append([]byte(nil), prog20...), prog20[:12]...)
	tests := []struct {
		network, addr string
		wantErr       string // "" means valid
	}{
		// Bitcoin
		{Bitcoin, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", ""},
		{Bitcoin, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", ""},                     // BIP-173, upper case
		{Bitcoin, "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", ""}, // BIP-173 P2WSH
		{Bitcoin, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", ""}, // BIP-350 P2TR
		{Bitcoin, segwit(t, "bc", 0, prog20), ""},
		{Bitcoin, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", ""}, // P2PKH
		{Bitcoin, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", ""}, // P2SH
		{Bitcoin, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyv", "checksum"},
		{Bitcoin, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306Fyu", "all lowercase or all uppercase"},
		{Bitcoin, "ltc1qjmxnz78nmc8nq77wuxh25n2es7rzm5c2rkk4wh", `prefix "ltc"`},
		{Bitcoin, segwit(t, "tb", 0, prog20), `prefix "tb"`},
		{Bitcoin, segwit(t, "bc", 0, prog20[:19]), "19 bytes"},
		{Bitcoin, segwit(t, "bc", 1, prog20), "not a standard output"},
		{Bitcoin, segwit(t, "bc", 2, prog32), "not a standard output"},
		{Bitcoin, "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "not a standard output"}, // BIP-350 valid, v1 of 40 bytes
		{Bitcoin, segwitBech32(t, "bc", 1, prog32), "must use bech32m"},
		{Bitcoin, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", "checksum"},
		{Bitcoin, base58.CheckEncode(prog20, 0x30), "version byte 0x30"},     // Litecoin P2PKH
		{Bitcoin, "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH", "version byte 0x41"}, // TRON
		{Bitcoin, "", "empty"},
		{Bitcoin, "bc1" + strings.Repeat("q", 100), "length"},
		{Bitcoin, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fbu", "invalid character"},
		{Bitcoin, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyuq", "checksum"},
		{Bitcoin, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94", "neither segwit"},
		// Litecoin
		{Litecoin, "ltc1qjmxnz78nmc8nq77wuxh25n2es7rzm5c2rkk4wh", ""},
		{Litecoin, segwit(t, "ltc", 0, prog20), ""},
		{Litecoin, segwit(t, "ltc", 0, prog32), ""},
		{Litecoin, segwit(t, "ltc", 1, prog32), ""},
		{Litecoin, base58.CheckEncode(prog20, 0x30), ""}, // P2PKH (L…)
		{Litecoin, base58.CheckEncode(prog20, 0x32), ""}, // P2SH (M…)
		{Litecoin, "ltc1qjmxnz78nmc8nq77wuxh25n2es7rzm5c2rkk4wj", "checksum"},
		{Litecoin, "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", `prefix "bc"`},
		{Litecoin, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "version byte 0x00"},
		{Litecoin, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "version byte 0x05"},
		{Litecoin, base58.CheckEncode(prog32, 0x30), "32 bytes"},
		// Ethereum
		{Ethereum, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94", ""},
		{Polygon, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94", ""},
		{Polygon, "0x9858efFD232B4033E47d90003D41EC34EcaEda94", "checksum"},
		{Ethereum, "0x9858effd232b4033e47d90003d41ec34ecaeda94", ""},
		{Ethereum, "0x9858EFFD232B4033E47D90003D41EC34ECAEDA94", ""},
		{Ethereum, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", ""}, // EIP-55 vectors
		{Ethereum, "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", ""},
		{Ethereum, "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", ""},
		{Ethereum, "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", ""},
		{Ethereum, "0x9858efFD232B4033E47d90003D41EC34EcaEda94", "EIP-55"},
		{Ethereum, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "EIP-55"},
		{Ethereum, "9858EfFD232B4033E47d90003D41EC34EcaEda9400", `"0x"`},
		{Ethereum, "0X9858EfFD232B4033E47d90003D41EC34EcaEda94", `"0x"`},
		{Ethereum, "0x9858EfFD232B4033E47d90003D41EC34EcaEda9", "length 41"},
		{Ethereum, "0x9858EfFD232B4033E47d90003D41EC34EcaEda944", "length 43"},
		{Ethereum, "0x9858EfFD232B4033E47d90003D41EC34EcaEda9g", "non-hex"},
		{Ethereum, "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH", "length 34"},
		// Tron
		{Tron, "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH", ""},
		{Tron, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", ""},
		{Tron, "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", ""},
		{Tron, "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdh", "checksum"},
		{Tron, "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYd", "length 33"},
		{Tron, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "version byte 0x00"},
		{Tron, "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWY0H", "invalid base58"},
		{Tron, base58.CheckEncode(prog20[:19], 0x41), "length"},
		{Tron, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94", "length 42"},
		// Unknown network
		{"DOGECOIN", "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", "unknown network"},
	}
	for _, tt := range tests {
		t.Run(tt.network+"/"+tt.addr, func(t *testing.T) {
			err := ValidateAddress(tt.network, tt.addr)
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("ValidateAddress = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateAddress = nil, want error containing %q", tt.wantErr)
			}
			if got, want := strings.Contains(err.Error(), tt.wantErr), true; got != want {
				t.Errorf("ValidateAddress error = %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

// Every generated address must validate for its own network and no other.
func TestGeneratedAddressesValidate(t *testing.T) {
	keys := mustAccountKeys(t, bip39Vectors[8].mnemonic)
	networks := []string{Bitcoin, Litecoin, Ethereum, Tron}
	for _, n := range networks {
		for i := uint32(0); i < 20; i++ {
			a, err := Address(n, keys[n], i)
			if err != nil {
				t.Fatal(err)
			}
			for _, other := range networks {
				err := ValidateAddress(other, a)
				if got, want := err == nil, other == n; got != want {
					t.Errorf("ValidateAddress(%s, %s) valid=%v, want %v (%v)", other, a, got, want, err)
				}
			}
		}
	}
}

func BenchmarkAddress(b *testing.B) {
	keys := mustAccountKeys(b, abandonAbout)
	for _, n := range []string{Bitcoin, Litecoin, Ethereum, Tron} {
		b.Run(n, func(b *testing.B) {
			xpub := keys[n]
			var i uint32
			for b.Loop() {
				if _, err := Address(n, xpub, i); err != nil {
					b.Fatal(err)
				}
				i = (i + 1) & 0x7fffffff
			}
		})
	}
}
