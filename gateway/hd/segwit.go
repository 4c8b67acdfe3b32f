package hd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/btcsuite/btcd/btcutil/base58"
	"github.com/btcsuite/btcd/btcutil/bech32"
)

// Segwit addresses (BIP-173 bech32 for witness version 0, BIP-350 bech32m for 1 and above) and the
// base58check forms of the UTXO chains, over btcutil's bech32 and base58.

// encodeSegwit returns the address of a witness program.
func encodeSegwit(hrp string, version byte, program []byte) (string, error) {
	conv, err := bech32.ConvertBits(program, 8, 5, true)
	if err != nil {
		return "", fmt.Errorf("hd: witness program: %w", err)
	}
	data := append([]byte{version}, conv...)
	var addr string
	if version == 0 {
		addr, err = bech32.Encode(hrp, data)
	} else {
		addr, err = bech32.EncodeM(hrp, data)
	}
	if err != nil {
		return "", fmt.Errorf("hd: segwit address: %w", err)
	}
	return addr, nil
}

// decodeSegwit decodes any segwit address by BIP-173 and BIP-350: the human-readable part (lower
// case), the witness version and program.
func decodeSegwit(addr string) (hrp string, version byte, program []byte, err error) {
	hrp, data, encoding, err := bech32.DecodeGeneric(addr)
	if err != nil {
		return "", 0, nil, fmt.Errorf("bech32: %w", err)
	}
	if len(data) < 1 {
		return "", 0, nil, errors.New("missing witness version")
	}
	version = data[0]
	if version > 16 {
		return "", 0, nil, fmt.Errorf("witness version %d; at most 16", version)
	}
	program, err = bech32.ConvertBits(data[1:], 5, 8, false)
	if err != nil {
		return "", 0, nil, fmt.Errorf("witness program: %w", err)
	}
	switch {
	case len(program) < 2 || len(program) > 40:
		return "", 0, nil, fmt.Errorf("witness program is %d bytes; want 2 to 40", len(program))
	case version == 0 && len(program) != 20 && len(program) != 32:
		return "", 0, nil, fmt.Errorf("version 0 witness program is %d bytes; want 20 or 32", len(program))
	case version == 0 && encoding != bech32.Version0:
		return "", 0, nil, errors.New("witness version 0 must use bech32, not bech32m")
	case version > 0 && encoding != bech32.VersionM:
		return "", 0, nil, fmt.Errorf("witness version %d must use bech32m, not bech32", version)
	}
	return hrp, version, program, nil
}

// utxoFormats are the address forms of one UTXO chain that a withdrawal may go to.
type utxoFormats struct {
	hrp         string // segwit: P2WPKH, P2WSH, P2TR
	p2pkh, p2sh byte   // base58check version bytes
}

var (
	bitcoinFormats  = utxoFormats{hrp: hrpBitcoin, p2pkh: 0x00, p2sh: 0x05}
	litecoinFormats = utxoFormats{hrp: hrpLitecoin, p2pkh: 0x30, p2sh: 0x32}
)

// validateUTXO checks that addr is a standard output of the chain: P2PKH or P2SH in base58check, or
// a segwit P2WPKH, P2WSH or P2TR. Other witness versions decode but nothing may be sent to them yet
// (they are anyone-can-spend until a soft fork gives them meaning).
func validateUTXO(f utxoFormats, addr string) error {
	if addr == "" {
		return errors.New("empty address")
	}
	hrp, version, program, segErr := decodeSegwit(addr)
	if segErr == nil {
		if hrp != f.hrp {
			return fmt.Errorf("address prefix %q, want %q", hrp, f.hrp)
		}
		switch {
		case version == 0: // P2WPKH (20 bytes) or P2WSH (32), checked by decodeSegwit
		case version == 1 && len(program) == 32: // P2TR
		default:
			return fmt.Errorf("witness version %d with a %d-byte program is not a standard output", version, len(program))
		}
		return nil
	}
	if strings.HasPrefix(strings.ToLower(addr), f.hrp+"1") {
		return segErr // meant as segwit: say what is wrong with it
	}
	payload, v, err := base58.CheckDecode(addr)
	switch {
	case errors.Is(err, base58.ErrChecksum):
		return errors.New("base58check checksum mismatch")
	case err != nil:
		return fmt.Errorf("neither segwit (%v) nor base58check", segErr)
	case len(payload) != 20:
		return fmt.Errorf("base58check payload is %d bytes; want 20", len(payload))
	case v != f.p2pkh && v != f.p2sh:
		return fmt.Errorf("version byte 0x%02x; want 0x%02x (P2PKH) or 0x%02x (P2SH)", v, f.p2pkh, f.p2sh)
	}
	return nil
}
