package hd

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

func TestEnglishWordlist(t *testing.T) {
	if got, want := len(englishWords), 2048; got != want {
		t.Fatalf("len(englishWords) = %d, want %d", got, want)
	}
	sum := sha256.Sum256([]byte(strings.Join(englishWords, "\n") + "\n"))
	if got, want := hex.EncodeToString(sum[:]), "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"; got != want {
		t.Errorf("sha256(english.txt) = %s, want %s", got, want)
	}
	for i, w := range englishWords {
		if got, want := int(englishIndex[w]), i; got != want {
			t.Errorf("englishIndex[%q] = %d, want %d", w, got, want)
		}
	}
}

// Official BIP-39 vectors (trezor/python-mnemonic vectors.json), passphrase "TREZOR".
var bip39Vectors = []struct {
	entropy, mnemonic, seed string
}{
	{
		"00000000000000000000000000000000",
		"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
		"c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
	},
	{
		"7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
		"legal winner thank year wave sausage worth useful legal winner thank yellow",
		"2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607",
	},
	{
		"80808080808080808080808080808080",
		"letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
		"d71de856f81a8acc65e6fc851a38d4d7ec216fd0796d0a6827a3ad6ed5511a30fa280f12eb2e47ed2ac03b5c462a0358d18d69fe4f985ec81778c1b370b652a8",
	},
	{
		"ffffffffffffffffffffffffffffffff",
		"zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
		"ac27495480225222079d7be181583751e86f571027b0497b5b5d11218e0a8a13332572917f0f8e5a589620c6f15b11c61dee327651a14c34e18231052e48c069",
	},
	{
		"9e885d952ad362caeb4efe34a8e91bd2",
		"ozone drill grab fiber curtain grace pudding thank cruise elder eight picnic",
		"274ddc525802f7c828d8ef7ddbcdc5304e87ac3535913611fbbfa986d0c9e5476c91689f9c8a54fd55bd38606aa6a8595ad213d4c9c9f9aca3fb217069a41028",
	},
	{
		"0000000000000000000000000000000000000000000000000000000000000000",
		"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art",
		"bda85446c68413707090a52022edd26a1c9462295029f2e60cd7c4f2bbd3097170af7a4d73245cafa9c3cca8d561a7c3de6f5d4a10be8ed2a5e608d68f92fcc8",
	},
	{
		"7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f",
		"legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title",
		"bc09fca1804f7e69da93c2f2028eb238c227f2e9dda30cd63699232578480a4021b146ad717fbb7e451ce9eb835f43620bf5c514db0f8add49f5d121449d3e87",
	},
	{
		"8080808080808080808080808080808080808080808080808080808080808080",
		"letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount doctor acoustic bless",
		"c0c519bd0e91a2ed54357d9d1ebef6f5af218a153624cf4f2da911a0ed8f7a09e2ef61af0aca007096df430022f7a2b6fb91661a9589097069720d015e4e982f",
	},
	{
		"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
		"zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote",
		"dd48c104698c30cfe2b6142103248622fb7bb0ff692eebb00089b32d22484e1613912f0a5b694407be899ffd31ed3992c456cdf60f5d4564b8ba3f05a69890ad",
	},
}

func TestBIP39Vectors(t *testing.T) {
	for _, v := range bip39Vectors {
		t.Run(v.entropy, func(t *testing.T) {
			entropy, _ := hex.DecodeString(v.entropy)
			m, err := entropyToMnemonic(entropy)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := m, v.mnemonic; got != want {
				t.Errorf("entropyToMnemonic = %q, want %q", got, want)
			}
			if err := ValidateMnemonic(v.mnemonic); err != nil {
				t.Errorf("ValidateMnemonic: %v", err)
			}
			back, err := mnemonicToEntropy(v.mnemonic)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := hex.EncodeToString(back), v.entropy; got != want {
				t.Errorf("mnemonicToEntropy = %s, want %s", got, want)
			}
			seed, err := mnemonicSeed(v.mnemonic, "TREZOR")
			if err != nil {
				t.Fatal(err)
			}
			if got, want := hex.EncodeToString(seed), v.seed; got != want {
				t.Errorf("seed = %s, want %s", got, want)
			}
		})
	}
}

// The first official vector also lists the BIP-32 root key for its seed.
func TestBIP39VectorRootKey(t *testing.T) {
	seed, err := mnemonicSeed(bip39Vectors[0].mnemonic, "TREZOR")
	if err != nil {
		t.Fatal(err)
	}
	master, err := newMasterKey(seed)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := master.serialize(), "xprv9s21ZrQH143K3h3fDYiay8mocZ3afhfULfb5GX8kCBdno77K4HiA15Tg23wpbeF1pLfs1c5SPmYHrEpTuuRhxMwvKDwqdKiGJS9XFKzUsAF"; got != want {
		t.Errorf("root xprv = %s, want %s", got, want)
	}
}

func TestMnemonicNormalisation(t *testing.T) {
	a, err := mnemonicSeed(bip39Vectors[1].mnemonic, "")
	if err != nil {
		t.Fatal(err)
	}
	b, err := mnemonicSeed("  Legal WINNER thank year\twave sausage worth useful legal winner thank yellow\n", "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := hex.EncodeToString(b), hex.EncodeToString(a); got != want {
		t.Errorf("seed of unnormalised mnemonic = %s, want %s", got, want)
	}
}

func TestValidateMnemonicErrors(t *testing.T) {
	tests := []struct {
		name, mnemonic, wantErr string
	}{
		{"empty", "", "has 0 words"},
		{"11 words", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "has 11 words"},
		{"13 words", bip39Vectors[0].mnemonic + " about", "has 13 words"},
		{"unknown word", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandonn about", `word 11 ("abandonn") is not in`},
		{"bad checksum 12", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon", "checksum"},
		{"bad checksum 24", strings.Repeat("abandon ", 23) + "about", "checksum"},
		{"swapped words", "legal winner thank year wave sausage worth useful legal winner yellow thank", "checksum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateMnemonic(tt.mnemonic)
			if err == nil {
				t.Fatalf("ValidateMnemonic(%q) = nil, want error containing %q", tt.mnemonic, tt.wantErr)
			}
			if got, want := strings.Contains(err.Error(), tt.wantErr), true; got != want {
				t.Errorf("ValidateMnemonic error = %q, want it to contain %q", err, tt.wantErr)
			}
			if got, want := errors.Is(err, ErrMnemonicChecksum), tt.wantErr == "checksum"; got != want {
				t.Errorf("errors.Is(err, ErrMnemonicChecksum) = %v, want %v", got, want)
			}
		})
	}
}

func TestNewMnemonic(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		m, err := NewMnemonic()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(strings.Fields(m)), 24; got != want {
			t.Errorf("NewMnemonic has %d words, want %d", got, want)
		}
		if err := ValidateMnemonic(m); err != nil {
			t.Errorf("ValidateMnemonic(NewMnemonic()) = %v", err)
		}
		if got, want := seen[m], false; got != want {
			t.Errorf("NewMnemonic repeated %q", m)
		}
		seen[m] = true
	}
}
