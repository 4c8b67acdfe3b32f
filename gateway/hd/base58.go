package hd

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
)

// Base58 (Bitcoin alphabet) and base58check: payload || first 4 bytes of
// SHA-256(SHA-256(payload)).

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

var errBase58Checksum = errors.New("base58check checksum mismatch")

// base58Encode encodes b; each leading zero byte becomes a leading '1'.
func base58Encode(b []byte) string {
	zeros := 0
	for zeros < len(b) && b[zeros] == 0 {
		zeros++
	}
	// log(256)/log(58) < 1.37; digits are little-endian base-58.
	digits := make([]byte, 0, len(b)*137/100+1)
	for _, c := range b[zeros:] {
		carry := int(c)
		for i := range digits {
			carry += int(digits[i]) << 8
			digits[i] = byte(carry % 58)
			carry /= 58
		}
		for carry > 0 {
			digits = append(digits, byte(carry%58))
			carry /= 58
		}
	}
	out := make([]byte, zeros+len(digits))
	for i := 0; i < zeros; i++ {
		out[i] = '1'
	}
	for i, d := range digits {
		out[len(out)-1-i] = base58Alphabet[d]
	}
	return string(out)
}

// base58Decode decodes s; each leading '1' becomes a leading zero byte.
func base58Decode(s string) ([]byte, error) {
	zeros := 0
	for zeros < len(s) && s[zeros] == '1' {
		zeros++
	}
	// log(58)/log(256) < 0.74; bytes are little-endian base-256.
	num := make([]byte, 0, len(s)*3/4+1)
	for i := zeros; i < len(s); i++ {
		v := base58Index[s[i]]
		if v < 0 {
			return nil, fmt.Errorf("invalid base58 character %q at position %d", s[i], i)
		}
		carry := int(v)
		for j := range num {
			carry += int(num[j]) * 58
			num[j] = byte(carry)
			carry >>= 8
		}
		for carry > 0 {
			num = append(num, byte(carry))
			carry >>= 8
		}
	}
	out := make([]byte, zeros+len(num))
	for i, b := range num {
		out[len(out)-1-i] = b
	}
	return out, nil
}

func checksum4(payload []byte) [4]byte {
	h1 := sha256.Sum256(payload)
	h2 := sha256.Sum256(h1[:])
	return [4]byte(h2[:4])
}

// base58CheckEncode appends the 4-byte double-SHA-256 checksum and encodes.
func base58CheckEncode(payload []byte) string {
	sum := checksum4(payload)
	buf := make([]byte, 0, len(payload)+4)
	buf = append(buf, payload...)
	buf = append(buf, sum[:]...)
	return base58Encode(buf)
}

// base58CheckDecode decodes s and verifies and strips its checksum.
func base58CheckDecode(s string) ([]byte, error) {
	b, err := base58Decode(s)
	if err != nil {
		return nil, err
	}
	if len(b) < 4 {
		return nil, errors.New("base58check string too short")
	}
	payload, sum := b[:len(b)-4], b[len(b)-4:]
	want := checksum4(payload)
	if !bytes.Equal(sum, want[:]) {
		return nil, errBase58Checksum
	}
	return payload, nil
}
