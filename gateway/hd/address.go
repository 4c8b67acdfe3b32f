// Package hd derives payment-gateway receiving addresses from a BIP-39
// mnemonic while storing only extended PUBLIC keys.
//
// AccountKeys runs once (mnemonic in, xpubs out); afterwards Address derives
// the receiving address for any index from the stored xpub alone.
package hd

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"golang.org/x/crypto/sha3"
)

// Network names used across the product.
const (
	Bitcoin  = "BITCOIN"
	Litecoin = "LITECOIN"
	Ethereum = "ETHEREUM"
	Tron     = "TRON"
	Polygon  = "POLYGON"
)

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

// AccountKeys derives, for each network, the xpub of the external-chain node
// (see accountPaths) from mnemonic and passphrase ("" in normal use). The
// result maps network name to a mainnet "xpub…" string.
func AccountKeys(mnemonic, passphrase string) (map[string]string, error) {
	seed, err := mnemonicSeed(mnemonic, passphrase)
	if err != nil {
		return nil, err
	}
	defer clear(seed)
	master, err := newMasterKey(seed)
	if err != nil {
		return nil, err
	}
	defer master.wipe()
	out := make(map[string]string, len(accountPaths))
	for network, path := range accountPaths {
		node, err := master.derivePath(path...)
		if err != nil {
			return nil, fmt.Errorf("hd: %s: %w", network, err)
		}
		out[network] = node.neuter().serialize()
		node.wipe()
	}
	return out, nil
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
	x, y, err := node.childPoint(index)
	if err != nil {
		return "", err
	}
	switch network {
	case Bitcoin, Litecoin:
		var pub [33]byte
		pub[0] = 2 | y[31]&1
		copy(pub[1:], x[:])
		hrp := hrpBitcoin
		if network == Litecoin {
			hrp = hrpLitecoin
		}
		return segwitV0Encode(hrp, hash160(pub[:])), nil
	case Ethereum, Polygon:
		return eip55(ethHash(x, y)), nil
	default: // Tron
		h := ethHash(x, y)
		return base58CheckEncode(append([]byte{tronPrefix}, h[:]...)), nil
	}
}

// ValidateAddress checks the format and checksum of addr for network.
func ValidateAddress(network, addr string) error {
	var err error
	switch network {
	case Bitcoin:
		_, err = decodeP2WPKH(hrpBitcoin, addr)
	case Litecoin:
		_, err = decodeP2WPKH(hrpLitecoin, addr)
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

// ethHash returns the last 20 bytes of keccak256(X || Y).
func ethHash(x, y *[32]byte) [20]byte {
	h := sha3.NewLegacyKeccak256()
	h.Write(x[:])
	h.Write(y[:])
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
	b, err := base58CheckDecode(addr)
	if err != nil {
		return err
	}
	if len(b) != 21 {
		return fmt.Errorf("payload is %d bytes; want 21", len(b))
	}
	if b[0] != tronPrefix {
		return fmt.Errorf("version byte 0x%02x; want 0x41", b[0])
	}
	return nil
}

// pubNode is a parsed, validated xpub ready for cheap child derivation.
type pubNode struct {
	chainCode [32]byte
	pub       [33]byte
	point     secp256k1.JacobianPoint // affine (Z = 1)
}

// childPoint returns the affine coordinates of non-hardened child index.
func (n *pubNode) childPoint(index uint32) (x, y *[32]byte, err error) {
	var data [37]byte
	copy(data[:], n.pub[:])
	binary.BigEndian.PutUint32(data[33:], index)
	I := hmacSHA512(n.chainCode[:], data[:])
	var il secp256k1.ModNScalar
	if overflow := il.SetByteSlice(I[:32]); overflow {
		return nil, nil, errInvalidChild
	}
	var p secp256k1.JacobianPoint
	if err := addTweak(&il, &n.point, &p); err != nil {
		return nil, nil, err
	}
	xb, yb := p.X.Bytes(), p.Y.Bytes()
	return xb, yb, nil
}

// The xpub cache: parsing costs a base58 decode, a checksum and a point
// decompression, so Address keeps parsed keys. It is bounded: when full it is
// simply emptied (there are few xpubs per deployment).
const maxCachedXpubs = 1024

var (
	xpubCache     sync.Map // string -> *pubNode
	xpubCacheSize atomic.Int64
)

func cachedXpub(s string) (*pubNode, error) {
	if v, ok := xpubCache.Load(s); ok {
		return v.(*pubNode), nil
	}
	k, err := parseXpub(s)
	if err != nil {
		return nil, err
	}
	if k.depth != accountDepth {
		return nil, fmt.Errorf("hd: xpub has depth %d; want %d (the external-chain node m/purpose'/coin'/0'/0 returned by AccountKeys)", k.depth, accountDepth)
	}
	pk, err := secp256k1.ParsePubKey(k.pub[:])
	if err != nil {
		return nil, fmt.Errorf("hd: xpub public key: %w", err)
	}
	n := &pubNode{chainCode: k.chainCode, pub: k.pub}
	pk.AsJacobian(&n.point)
	if xpubCacheSize.Load() >= maxCachedXpubs {
		xpubCache.Clear()
		xpubCacheSize.Store(0)
	}
	if _, loaded := xpubCache.LoadOrStore(s, n); !loaded {
		xpubCacheSize.Add(1)
	}
	return n, nil
}
