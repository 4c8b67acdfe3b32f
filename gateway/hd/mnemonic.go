package hd

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tyler-smith/go-bip39"
	"golang.org/x/text/unicode/norm"
)

// BIP-39 mnemonics through github.com/tyler-smith/go-bip39 (English wordlist, its default). This file
// adds what the product needs around it: whitespace and letter case forgiven, errors that say which
// word is wrong, and the passphrase NFKD-normalised as BIP-39 requires (the library leaves that to
// its caller).

// ErrMnemonicChecksum is returned (wrapped) by ValidateMnemonic when every word is
// in the wordlist but the embedded checksum does not match.
var ErrMnemonicChecksum = errors.New("mnemonic checksum mismatch: a word is wrong or the words are out of order")

// NewMnemonic returns a fresh 24-word BIP-39 English mnemonic built from
// 256 bits of entropy read from crypto/rand.
func NewMnemonic() (string, error) {
	entropy, err := bip39.NewEntropy(256)
	if err != nil {
		return "", fmt.Errorf("hd: reading entropy: %w", err)
	}
	defer clear(entropy)
	m, err := bip39.NewMnemonic(entropy)
	if err != nil {
		return "", fmt.Errorf("hd: mnemonic: %w", err)
	}
	return m, nil
}

// ValidateMnemonic checks the word count (12, 15, 18, 21 or 24), that every
// word is in the BIP-39 English wordlist, and the checksum. Words are
// separated by any whitespace and compared case-insensitively.
func ValidateMnemonic(m string) error {
	_, err := normaliseMnemonic(m)
	return err
}

// normaliseMnemonic returns m as BIP-39 spells it (lower case, single spaces) once it is valid.
func normaliseMnemonic(m string) (string, error) {
	words := strings.Fields(strings.ToLower(m))
	switch len(words) {
	case 12, 15, 18, 21, 24:
	default:
		return "", fmt.Errorf("hd: mnemonic has %d words; want 12, 15, 18, 21 or 24", len(words))
	}
	for i, w := range words {
		if _, ok := bip39.GetWordIndex(w); !ok {
			return "", fmt.Errorf("hd: mnemonic word %d (%q) is not in the BIP-39 English wordlist", i+1, w)
		}
	}
	sentence := strings.Join(words, " ")
	entropy, err := bip39.EntropyFromMnemonic(sentence)
	clear(entropy)
	switch {
	case errors.Is(err, bip39.ErrChecksumIncorrect):
		return "", fmt.Errorf("hd: %w", ErrMnemonicChecksum)
	case err != nil:
		return "", fmt.Errorf("hd: mnemonic: %w", err)
	}
	return sentence, nil
}

// mnemonicSeed validates the mnemonic and derives the 64-byte BIP-39 seed:
// PBKDF2-HMAC-SHA512(mnemonic, "mnemonic"+NFKD(passphrase), 2048).
func mnemonicSeed(mnemonic, passphrase string) ([]byte, error) {
	sentence, err := normaliseMnemonic(mnemonic)
	if err != nil {
		return nil, err
	}
	seed, err := bip39.NewSeedWithErrorChecking(sentence, norm.NFKD.String(passphrase))
	if err != nil {
		return nil, fmt.Errorf("hd: deriving seed: %w", err)
	}
	return seed, nil
}
