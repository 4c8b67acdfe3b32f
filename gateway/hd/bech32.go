package hd

import (
	"errors"
	"fmt"
	"strings"
)

// Bech32 (BIP-173) encoding and segwit version-0 addresses. Bech32m (BIP-350,
// witness v1+) is deliberately not supported: the gateway only issues P2WPKH.

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

var bech32Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(bech32Charset); i++ {
		t[bech32Charset[i]] = int8(i)
	}
	return t
}()

func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>i)&1 != 0 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

func bech32HRPExpand(hrp string) []byte {
	out := make([]byte, 0, len(hrp)*2+1)
	for i := 0; i < len(hrp); i++ {
		out = append(out, hrp[i]>>5)
	}
	out = append(out, 0)
	for i := 0; i < len(hrp); i++ {
		out = append(out, hrp[i]&31)
	}
	return out
}

// bech32Encode encodes a lowercase hrp and 5-bit data values.
func bech32Encode(hrp string, data []byte) string {
	values := append(bech32HRPExpand(hrp), data...)
	mod := bech32Polymod(append(values, 0, 0, 0, 0, 0, 0)) ^ 1
	var sb strings.Builder
	sb.Grow(len(hrp) + 1 + len(data) + 6)
	sb.WriteString(hrp)
	sb.WriteByte('1')
	for _, d := range data {
		sb.WriteByte(bech32Charset[d])
	}
	for i := 0; i < 6; i++ {
		sb.WriteByte(bech32Charset[(mod>>(5*(5-i)))&31])
	}
	return sb.String()
}

// bech32Decode returns the lowercase hrp and the 5-bit data values (checksum
// stripped) of a BIP-173 string, rejecting mixed case and bad checksums.
func bech32Decode(s string) (string, []byte, error) {
	if len(s) > 90 {
		return "", nil, fmt.Errorf("bech32 string is %d characters; at most 90 allowed", len(s))
	}
	var lower, upper bool
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 33 || c > 126 {
			return "", nil, fmt.Errorf("invalid bech32 character at position %d", i)
		}
		lower = lower || (c >= 'a' && c <= 'z')
		upper = upper || (c >= 'A' && c <= 'Z')
	}
	if lower && upper {
		return "", nil, errors.New("bech32 string mixes upper and lower case")
	}
	s = strings.ToLower(s)
	sep := strings.LastIndexByte(s, '1')
	if sep < 1 || sep+7 > len(s) {
		return "", nil, errors.New("bech32 separator missing or misplaced")
	}
	hrp := s[:sep]
	data := make([]byte, 0, len(s)-sep-1)
	for i := sep + 1; i < len(s); i++ {
		v := bech32Index[s[i]]
		if v < 0 {
			return "", nil, fmt.Errorf("invalid bech32 character %q at position %d", s[i], i)
		}
		data = append(data, byte(v))
	}
	if bech32Polymod(append(bech32HRPExpand(hrp), data...)) != 1 {
		return "", nil, errors.New("bech32 checksum mismatch")
	}
	return hrp, data[:len(data)-6], nil
}

// convertBits regroups data from fromBits-wide to toBits-wide values. With
// pad it zero-fills the last group; without it, leftover bits must be fewer
// than fromBits and all zero.
func convertBits(data []byte, fromBits, toBits uint, pad bool) ([]byte, error) {
	var acc, bits uint
	maxv := uint(1)<<toBits - 1
	out := make([]byte, 0, len(data)*int(fromBits)/int(toBits)+1)
	for _, v := range data {
		if uint(v)>>fromBits != 0 {
			return nil, errors.New("invalid data value")
		}
		acc = acc<<fromBits | uint(v)
		bits += fromBits
		for bits >= toBits {
			bits -= toBits
			out = append(out, byte(acc>>bits&maxv))
		}
	}
	if pad {
		if bits > 0 {
			out = append(out, byte(acc<<(toBits-bits)&maxv))
		}
	} else if bits >= fromBits || acc<<(toBits-bits)&maxv != 0 {
		return nil, errors.New("invalid padding")
	}
	return out, nil
}

// segwitV0Encode returns the bech32 address for a witness v0 program.
func segwitV0Encode(hrp string, program []byte) string {
	conv, _ := convertBits(program, 8, 5, true) // 8->5 with padding cannot fail
	return bech32Encode(hrp, append([]byte{0}, conv...))
}

// decodeP2WPKH validates a bech32 witness v0 20-byte address for hrp and
// returns the 20-byte key hash.
func decodeP2WPKH(hrp, addr string) ([]byte, error) {
	gotHRP, data, err := bech32Decode(addr)
	if err != nil {
		return nil, err
	}
	if gotHRP != hrp {
		return nil, fmt.Errorf("address prefix %q, want %q", gotHRP, hrp)
	}
	if len(data) < 1 {
		return nil, errors.New("missing witness version")
	}
	if data[0] != 0 {
		return nil, fmt.Errorf("witness version %d; only version 0 (P2WPKH) is accepted", data[0])
	}
	prog, err := convertBits(data[1:], 5, 8, false)
	if err != nil {
		return nil, fmt.Errorf("witness program: %w", err)
	}
	if len(prog) != 20 {
		return nil, fmt.Errorf("witness program is %d bytes; want 20 (P2WPKH)", len(prog))
	}
	return prog, nil
}
