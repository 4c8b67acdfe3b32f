package hd

import (
	"encoding/hex"
	"strings"
	"testing"
)

const h = hardenedOffset

// BIP-32 test vector 1, seed 000102030405060708090a0b0c0d0e0f.
var bip32Vector1 = []struct {
	name       string
	path       []uint32
	xpub, xprv string
}{
	{"m", nil,
		"xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8",
		"xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi"},
	{"m/0H", []uint32{0 | h},
		"xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw",
		"xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7"},
	{"m/0H/1", []uint32{0 | h, 1},
		"xpub6ASuArnXKPbfEwhqN6e3mwBcDTgzisQN1wXN9BJcM47sSikHjJf3UFHKkNAWbWMiGj7Wf5uMash7SyYq527Hqck2AxYysAA7xmALppuCkwQ",
		"xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs"},
	{"m/0H/1/2H", []uint32{0 | h, 1, 2 | h},
		"xpub6D4BDPcP2GT577Vvch3R8wDkScZWzQzMMUm3PWbmWvVJrZwQY4VUNgqFJPMM3No2dFDFGTsxxpG5uJh7n7epu4trkrX7x7DogT5Uv6fcLW5",
		"xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM"},
	{"m/0H/1/2H/2", []uint32{0 | h, 1, 2 | h, 2},
		"xpub6FHa3pjLCk84BayeJxFW2SP4XRrFd1JYnxeLeU8EqN3vDfZmbqBqaGJAyiLjTAwm6ZLRQUMv1ZACTj37sR62cfN7fe5JnJ7dh8zL4fiyLHV",
		"xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334"},
	{"m/0H/1/2H/2/1000000000", []uint32{0 | h, 1, 2 | h, 2, 1000000000},
		"xpub6H1LXWLaKsWFhvm6RVpEL9P4KfRZSW7abD2ttkWP3SSQvnyA8FSVqNTEcYFgJS2UaFcxupHiYkro49S8yGasTvXEYBVPamhGW6cFJodrTHy",
		"xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76"},
}

func TestBIP32Vector1(t *testing.T) {
	seed, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f")
	master, err := newMasterKey(seed)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range bip32Vector1 {
		t.Run(v.name, func(t *testing.T) {
			k, err := master.derivePath(v.path...)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := k.serialize(), v.xprv; got != want {
				t.Errorf("xprv = %s, want %s", got, want)
			}
			if got, want := k.neuter().serialize(), v.xpub; got != want {
				t.Errorf("xpub = %s, want %s", got, want)
			}
		})
	}
}

// Public (xpub-only) derivation must agree with private derivation for the
// non-hardened steps of vector 1.
func TestBIP32PublicDerivation(t *testing.T) {
	tests := []struct {
		parent, child string
		index         uint32
	}{
		{bip32Vector1[1].xpub, bip32Vector1[2].xpub, 1},
		{bip32Vector1[3].xpub, bip32Vector1[4].xpub, 2},
		{bip32Vector1[4].xpub, bip32Vector1[5].xpub, 1000000000},
	}
	for _, tt := range tests {
		parent, err := parseXpub(tt.parent)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := parent.serialize(), tt.parent; got != want {
			t.Errorf("parse/serialize round trip = %s, want %s", got, want)
		}
		c, err := parent.child(tt.index)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := c.serialize(), tt.child; got != want {
			t.Errorf("public child %d = %s, want %s", tt.index, got, want)
		}
	}
}

func TestBIP32PublicHardenedRefused(t *testing.T) {
	k, err := parseXpub(bip32Vector1[1].xpub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.child(0 | h); err == nil {
		t.Error("hardened child of a public key: got nil error")
	}
}

func TestParseXpubErrors(t *testing.T) {
	good := bip32Vector1[2].xpub
	last := good[len(good)-1]
	flipped := good[:len(good)-1] + string("23456789"[(strings.IndexByte("23456789", last)+1)%8])
	if last < '2' || last > '9' {
		flipped = good[:len(good)-1] + "2"
	}
	tests := []struct {
		name, in, wantErr string
	}{
		{"empty", "", "too short"},
		{"xprv", bip32Vector1[2].xprv, "PRIVATE"},
		{"bad checksum", flipped, "checksum"},
		{"bad char", "0" + good[1:], "invalid base58"},
		{"zpub version", "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs", "version 04b24746"},
		{"short payload", base58CheckEncode(make([]byte, 77)), "77 bytes"},
		{"bad point", base58CheckEncode(append([]byte{0x04, 0x88, 0xb2, 0x1e}, make([]byte, 74)...)), "invalid compressed public key"},
		{"too long", strings.Repeat("x", 200), "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseXpub(tt.in)
			if err == nil {
				t.Fatalf("parseXpub(%q) = nil error, want %q", tt.in, tt.wantErr)
			}
			if got, want := strings.Contains(err.Error(), tt.wantErr), true; got != want {
				t.Errorf("parseXpub error = %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}
