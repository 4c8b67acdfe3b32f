// Package hd derives payment-gateway receiving addresses from a BIP-39
// mnemonic while storing only extended PUBLIC keys.
//
// AccountKeys runs once (mnemonic in, xpubs out); afterwards Address derives
// the receiving address for any index from the stored xpub alone.
package hd

import (
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/btcsuite/btcd/btcutil"
	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/btcutil/hdkeychain"
	"github.com/btcsuite/btcd/chaincfg"
	"golang.org/x/crypto/sha3"
)

// BIP-32 derivation, base58check and bech32 are btcsuite's (btcutil's hdkeychain, base58 and
// bech32 packages): this package only chooses paths and formats addresses, plus the EIP-55 and
// TRON encodings btcutil does not have.

// Network names used across the product.
const (
	Bitcoin  = "BITCOIN"
	Litecoin = "LITECOIN"
	Ethereum = "ETHEREUM"
	Tron     = "TRON"
	Polygon  = "POLYGON"
)

const hardenedOffset = hdkeychain.HardenedKeyStart

// accountPaths are the external-chain nodes whose children are receiving keys:
// BIP-84 m/84'/coin'/0'/0 for the UTXO chains, BIP-44 m/44'/coin'/0'/0 otherwise. Polygon, an EVM
// chain, takes Ethereum's coin type 60 as every EVM wallet does (MetaMask, Ledger Live): the payer's
// and the merchant's wallets find the same keys there, and stores created before Polygon existed get
// its addresses from the Ethereum xpub they already hold (the seed phrase is not kept).
var accountPaths = map[string][]uint32{
	Bitcoin:  {84 | hardenedOffset, 0 | hardenedOffset, hardenedOffset, 0},
	Litecoin: {84 | hardenedOffset, 2 | hardenedOffset, hardenedOffset, 0},
	Ethereum: {44 | hardenedOffset, 60 | hardenedOffset, hardenedOffset, 0},
	Tron:     {44 | hardenedOffset, 195 | hardenedOffset, hardenedOffset, 0},
	Polygon:  {44 | hardenedOffset, 60 | hardenedOffset, hardenedOffset, 0},
}

// accountDepth is the depth of every node in accountPaths; Address refuses
// xpubs at other depths (e.g. a wallet's m/84'/0'/0' account key) because
// their children would not be the standard receiving addresses.
const accountDepth = 4

const (
	hrpBitcoin    = "bc"
	hrpLitecoin   = "ltc"
	tronPrefix    = 0x41
	ethAddrHexLen = 40
)

// keyNet is the network whose version bytes the stored keys carry: mainnet "xpub" for every
// chain, as the keys have always been stored (the coin is in the path, not in the version).
var keyNet = &chaincfg.MainNetParams

// AccountKeys derives, for each network, the xpub of the external-chain node
// (see accountPaths) from mnemonic and passphrase ("" in normal use). The
// result maps network name to a mainnet "xpub…" string.
func AccountKeys(mnemonic, passphrase string) (map[string]string, error) {
	seed, err := mnemonicSeed(mnemonic, passphrase)
	if err != nil {
		return nil, err
	}
	defer clear(seed)
	master, err := hdkeychain.NewMaster(seed, keyNet)
	if err != nil {
		return nil, fmt.Errorf("hd: master key: %w", err)
	}
	defer master.Zero()
	out := make(map[string]string, len(accountPaths))
	for network, path := range accountPaths {
		node, err := derivePath(master, path...)
		if err != nil {
			return nil, fmt.Errorf("hd: %s: %w", network, err)
		}
		pub, err := node.Neuter()
		if err == nil {
			out[network] = pub.String()
		}
		node.Zero() // after String: the neutered key shares the node's chain code
		if err != nil {
			return nil, fmt.Errorf("hd: %s: %w", network, err)
		}
	}
	return out, nil
}

// derivePath walks path from k, wiping the private intermediate nodes.
func derivePath(k *hdkeychain.ExtendedKey, path ...uint32) (*hdkeychain.ExtendedKey, error) {
	cur := k
	for _, i := range path {
		next, err := cur.Derive(i)
		if cur != k {
			cur.Zero()
		}
		if err != nil {
			return nil, err
		}
		cur = next
	}
	return cur, nil
}

// Address returns the receiving address for non-hardened index under xpub
// (a value returned by AccountKeys for the same network).
func Address(network, xpub string, index uint32) (string, error) {
	if _, ok := accountPaths[network]; !ok {
		return "", fmt.Errorf("hd: unknown network %q", network)
	}
	if index >= hardenedOffset {
		return "", fmt.Errorf("hd: index %d is hardened; receiving indexes must be below 2^31", index)
	}
	node, err := cachedXpub(xpub)
	if err != nil {
		return "", err
	}
	child, err := node.Derive(index)
	if err != nil {
		return "", fmt.Errorf("hd: child %d: %w", index, err)
	}
	pub, err := child.ECPubKey()
	if err != nil {
		return "", fmt.Errorf("hd: child %d: %w", index, err)
	}
	switch network {
	case Bitcoin, Litecoin:
		hrp := hrpBitcoin
		if network == Litecoin {
			hrp = hrpLitecoin
		}
		return encodeSegwit(hrp, 0, btcutil.Hash160(pub.SerializeCompressed()))
	case Ethereum, Polygon:
		return eip55(ethHash(pub.SerializeUncompressed())), nil
	default: // Tron
		h := ethHash(pub.SerializeUncompressed())
		return base58.CheckEncode(h[:], tronPrefix), nil
	}
}

// ValidateAddress checks the format and checksum of addr for network.
func ValidateAddress(network, addr string) error {
	var err error
	switch network {
	case Bitcoin:
		err = validateUTXO(bitcoinFormats, addr)
	case Litecoin:
		err = validateUTXO(litecoinFormats, addr)
	case Ethereum, Polygon:
		err = validateEthereum(addr)
	case Tron:
		err = validateTron(addr)
	default:
		return fmt.Errorf("hd: unknown network %q", network)
	}
	if err != nil {
		return fmt.Errorf("hd: invalid %s address %q: %w", network, truncate(addr, 100), err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// ethHash returns the last 20 bytes of keccak256(X || Y) of an uncompressed public key (0x04 || X || Y).
func ethHash(uncompressed []byte) [20]byte {
	h := sha3.NewLegacyKeccak256()
	h.Write(uncompressed[1:])
	var sum [32]byte
	h.Sum(sum[:0])
	return [20]byte(sum[12:])
}

// eip55 formats a 20-byte address with the EIP-55 mixed-case checksum.
func eip55(addr [20]byte) string {
	lower := hex.EncodeToString(addr[:])
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte(lower))
	sum := h.Sum(nil)
	out := []byte("0x" + lower)
	for i := 0; i < ethAddrHexLen; i++ {
		c := out[2+i]
		nibble := sum[i/2] >> (4 * (1 - i%2)) & 0xf
		if c >= 'a' && nibble >= 8 {
			out[2+i] = c - 'a' + 'A'
		}
	}
	return string(out)
}

func validateEthereum(addr string) error {
	if len(addr) != 2+ethAddrHexLen {
		return fmt.Errorf("length %d, want 42 (0x + 40 hex digits)", len(addr))
	}
	if addr[:2] != "0x" {
		return errors.New(`missing "0x" prefix`)
	}
	body := addr[2:]
	var lower, upper bool
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'f':
			lower = true
		case c >= 'A' && c <= 'F':
			upper = true
		default:
			return fmt.Errorf("non-hex character %q", c)
		}
	}
	if !lower || !upper {
		return nil // single-case addresses carry no checksum
	}
	var raw [20]byte
	if _, err := hex.Decode(raw[:], []byte(body)); err != nil {
		return err
	}
	if eip55(raw) != addr {
		return errors.New("EIP-55 checksum (letter case) mismatch")
	}
	return nil
}

func validateTron(addr string) error {
	if len(addr) != 34 {
		return fmt.Errorf("length %d, want 34", len(addr))
	}
	payload, version, err := base58.CheckDecode(addr)
	switch {
	case errors.Is(err, base58.ErrChecksum):
		return errors.New("base58check checksum mismatch")
	case err != nil:
		return errors.New("invalid base58 encoding")
	}
	if version != tronPrefix {
		return fmt.Errorf("version byte 0x%02x; want 0x41", version)
	}
	if len(payload) != 20 {
		return fmt.Errorf("payload is %d bytes; want 20", len(payload))
	}
	return nil
}

// The xpub cache: parsing costs a base58 decode, a checksum and a point
// decompression, so Address keeps parsed keys. It is bounded: when full it is
// simply emptied (there are few xpubs per deployment).
const maxCachedXpubs = 1024

var (
	xpubCache     sync.Map // string -> *hdkeychain.ExtendedKey (public, never changed once parsed)
	xpubCacheSize atomic.Int64
)

func cachedXpub(s string) (*hdkeychain.ExtendedKey, error) {
	if v, ok := xpubCache.Load(s); ok {
		return v.(*hdkeychain.ExtendedKey), nil
	}
	k, err := parseXpub(s)
	if err != nil {
		return nil, err
	}
	if k.Depth() != accountDepth {
		return nil, fmt.Errorf("hd: xpub has depth %d; want %d (the external-chain node m/purpose'/coin'/0'/0 returned by AccountKeys)", k.Depth(), accountDepth)
	}
	if xpubCacheSize.Load() >= maxCachedXpubs {
		xpubCache.Clear()
		xpubCacheSize.Store(0)
	}
	if _, loaded := xpubCache.LoadOrStore(s, k); !loaded {
		xpubCacheSize.Add(1)
	}
	return k, nil
}

// parseXpub decodes a serialized BIP-32 public key. Private keys are refused
// so that they can never end up stored by accident.
func parseXpub(s string) (*hdkeychain.ExtendedKey, error) {
	switch {
	case len(s) > 120:
		return nil, errors.New("hd: extended key string too long")
	case s == "":
		return nil, errors.New("hd: extended key too short")
	}
	k, err := hdkeychain.NewKeyFromString(s)
	if err != nil {
		return nil, fmt.Errorf("hd: extended key: %w", err)
	}
	if k.IsPrivate() {
		k.Zero()
		return nil, errors.New("hd: got an extended PRIVATE key (xprv); only xpub keys are accepted")
	}
	if v := k.Version(); [4]byte(v) != keyNet.HDPublicKeyID {
		return nil, fmt.Errorf("hd: extended key version %s; want xpub (0488b21e)", hex.EncodeToString(v))
	}
	if k.Depth() == 0 && (k.ParentFingerprint() != 0 || k.ChildIndex() != 0) {
		return nil, errors.New("hd: depth-0 extended key with non-zero parent fingerprint or index")
	}
	return k, nil
}
