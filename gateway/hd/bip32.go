package hd

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/decred/dcrd/dcrec/secp256k1/v4"
	"golang.org/x/crypto/ripemd160" //nolint:staticcheck // HASH160 is RIPEMD-160 by consensus.
)

// BIP-32 hierarchical deterministic keys: private derivation from the seed
// (needed for hardened steps) and public derivation for receiving keys.

const (
	hardenedOffset = uint32(0x80000000)

	versionXpub = uint32(0x0488B21E) // mainnet public, "xpub"
	versionXprv = uint32(0x0488ADE4) // mainnet private, "xprv"

	serializedKeyLen = 78
)

var errInvalidChild = errors.New("hd: derived key is invalid for this index (probability < 2^-127); use the next index")

// extendedKey is a BIP-32 node. priv is nil for public-only nodes.
type extendedKey struct {
	depth     byte
	parentFP  [4]byte
	childNum  uint32
	chainCode [32]byte
	pub       [33]byte // compressed public key
	priv      *secp256k1.ModNScalar
}

func hash160(b []byte) []byte {
	s := sha256.Sum256(b)
	r := ripemd160.New()
	r.Write(s[:])
	return r.Sum(nil)
}

func hmacSHA512(key, data []byte) [64]byte {
	m := hmac.New(sha512.New, key)
	m.Write(data)
	var out [64]byte
	m.Sum(out[:0])
	return out
}

// pubFromPriv returns the compressed public key k*G.
func pubFromPriv(k *secp256k1.ModNScalar) [33]byte {
	var p secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(k, &p)
	p.ToAffine()
	return [33]byte(secp256k1.NewPublicKey(&p.X, &p.Y).SerializeCompressed())
}

// newMasterKey derives the BIP-32 master node from a seed.
func newMasterKey(seed []byte) (*extendedKey, error) {
	if len(seed) < 16 || len(seed) > 64 {
		return nil, fmt.Errorf("hd: seed is %d bytes; want 16 to 64", len(seed))
	}
	I := hmacSHA512([]byte("Bitcoin seed"), seed)
	defer clear(I[:])
	k := new(secp256k1.ModNScalar)
	if overflow := k.SetByteSlice(I[:32]); overflow || k.IsZero() {
		return nil, errors.New("hd: seed yields an invalid master key")
	}
	key := &extendedKey{priv: k}
	copy(key.chainCode[:], I[32:])
	key.pub = pubFromPriv(k)
	return key, nil
}

func (k *extendedKey) fingerprint() [4]byte {
	return [4]byte(hash160(k.pub[:])[:4])
}

// child derives child i (hardened if i >= 2^31). Private nodes derive private
// children; public nodes can only derive non-hardened children.
func (k *extendedKey) child(i uint32) (*extendedKey, error) {
	if k.depth == 255 {
		return nil, errors.New("hd: maximum derivation depth reached")
	}
	var data [37]byte
	if i >= hardenedOffset {
		if k.priv == nil {
			return nil, errors.New("hd: cannot derive a hardened child from a public key")
		}
		k.priv.PutBytesUnchecked(data[1:33])
	} else {
		copy(data[:33], k.pub[:])
	}
	binary.BigEndian.PutUint32(data[33:], i)
	I := hmacSHA512(k.chainCode[:], data[:])
	clear(data[:])
	defer clear(I[:])

	var il secp256k1.ModNScalar
	if overflow := il.SetByteSlice(I[:32]); overflow {
		return nil, errInvalidChild
	}
	c := &extendedKey{depth: k.depth + 1, parentFP: k.fingerprint(), childNum: i}
	copy(c.chainCode[:], I[32:])
	if k.priv != nil {
		c.priv = new(secp256k1.ModNScalar).Add2(&il, k.priv)
		if c.priv.IsZero() {
			return nil, errInvalidChild
		}
		c.pub = pubFromPriv(c.priv)
		return c, nil
	}
	pub, err := publicChildKey(&il, k.pub[:])
	if err != nil {
		return nil, err
	}
	c.pub = pub
	return c, nil
}

// publicChildKey returns il*G + parent as a compressed key.
func publicChildKey(il *secp256k1.ModNScalar, parent []byte) ([33]byte, error) {
	pk, err := secp256k1.ParsePubKey(parent)
	if err != nil {
		return [33]byte{}, fmt.Errorf("hd: parent public key: %w", err)
	}
	var pp, p secp256k1.JacobianPoint
	pk.AsJacobian(&pp)
	if err := addTweak(il, &pp, &p); err != nil {
		return [33]byte{}, err
	}
	return [33]byte(secp256k1.NewPublicKey(&p.X, &p.Y).SerializeCompressed()), nil
}

// addTweak sets result = il*G + parent in affine form.
func addTweak(il *secp256k1.ModNScalar, parent, result *secp256k1.JacobianPoint) error {
	var t secp256k1.JacobianPoint
	secp256k1.ScalarBaseMultNonConst(il, &t)
	secp256k1.AddNonConst(&t, parent, result)
	if (result.X.IsZero() && result.Y.IsZero()) || result.Z.IsZero() {
		return errInvalidChild
	}
	result.ToAffine()
	return nil
}

// derivePath walks path from k.
func (k *extendedKey) derivePath(path ...uint32) (*extendedKey, error) {
	cur := k
	for _, i := range path {
		next, err := cur.child(i)
		if cur != k {
			cur.wipe()
		}
		if err != nil {
			return nil, err
		}
		cur = next
	}
	return cur, nil
}

// neuter returns the public-only copy of k.
func (k *extendedKey) neuter() *extendedKey {
	n := *k
	n.priv = nil
	return &n
}

// wipe zeroes the private scalar, if any.
func (k *extendedKey) wipe() {
	if k.priv != nil {
		k.priv.Zero()
	}
}

// serialize encodes k in the 78-byte BIP-32 format (base58check). A private
// node is serialized as xprv, a public one as xpub.
func (k *extendedKey) serialize() string {
	var b [serializedKeyLen]byte
	if k.priv != nil {
		binary.BigEndian.PutUint32(b[0:], versionXprv)
		k.priv.PutBytesUnchecked(b[46:78])
	} else {
		binary.BigEndian.PutUint32(b[0:], versionXpub)
		copy(b[45:], k.pub[:])
	}
	b[4] = k.depth
	copy(b[5:9], k.parentFP[:])
	binary.BigEndian.PutUint32(b[9:], k.childNum)
	copy(b[13:45], k.chainCode[:])
	s := base58CheckEncode(b[:])
	clear(b[:])
	return s
}

// parseXpub decodes a serialized BIP-32 public key. Private keys are refused
// so that they can never end up stored by accident.
func parseXpub(s string) (*extendedKey, error) {
	if len(s) > 120 {
		return nil, errors.New("hd: extended key string too long")
	}
	b, err := base58CheckDecode(s)
	if err != nil {
		return nil, fmt.Errorf("hd: extended key: %w", err)
	}
	if len(b) != serializedKeyLen {
		return nil, fmt.Errorf("hd: extended key is %d bytes; want %d", len(b), serializedKeyLen)
	}
	switch v := binary.BigEndian.Uint32(b[:4]); v {
	case versionXpub:
	case versionXprv:
		return nil, errors.New("hd: got an extended PRIVATE key (xprv); only xpub keys are accepted")
	default:
		return nil, fmt.Errorf("hd: extended key version %08x; want xpub (0488b21e)", v)
	}
	k := &extendedKey{depth: b[4], childNum: binary.BigEndian.Uint32(b[9:13])}
	copy(k.parentFP[:], b[5:9])
	copy(k.chainCode[:], b[13:45])
	if _, err := secp256k1.ParsePubKey(b[45:78]); err != nil || (b[45] != 2 && b[45] != 3) {
		return nil, errors.New("hd: extended key holds an invalid compressed public key")
	}
	copy(k.pub[:], b[45:78])
	if k.depth == 0 && (k.parentFP != [4]byte{} || k.childNum != 0) {
		return nil, errors.New("hd: depth-0 extended key with non-zero parent fingerprint or index")
	}
	return k, nil
}
