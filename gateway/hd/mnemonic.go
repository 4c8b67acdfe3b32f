package hd

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// englishWords is the BIP-39 English wordlist in index order and
// englishIndex maps each word back to its 11-bit index.
var (
	englishWords = strings.Fields(englishWordlist)
	englishIndex = func() map[string]uint16 {
		m := make(map[string]uint16, len(englishWords))
		for i, w := range englishWords {
			m[w] = uint16(i)
		}
		return m
	}()
)

// ErrMnemonicChecksum is returned (wrapped) by ValidateMnemonic when every word is
// in the wordlist but the embedded checksum does not match.
var ErrMnemonicChecksum = errors.New("mnemonic checksum mismatch: a word is wrong or the words are out of order")

// NewMnemonic returns a fresh 24-word BIP-39 English mnemonic built from
// 256 bits of entropy read from crypto/rand.
func NewMnemonic() (string, error) {
	entropy := make([]byte, 32)
	defer clear(entropy)
	if _, err := rand.Read(entropy); err != nil {
		return "", fmt.Errorf("hd: reading entropy: %w", err)
	}
	return entropyToMnemonic(entropy)
}

// ValidateMnemonic checks the word count (12, 15, 18, 21 or 24), that every
// word is in the BIP-39 English wordlist, and the checksum. Words are
// separated by any whitespace and compared case-insensitively.
func ValidateMnemonic(m string) error {
	e, err := mnemonicToEntropy(m)
	clear(e)
	return err
}

// entropyToMnemonic encodes 16, 20, 24, 28 or 32 bytes of entropy as a
// mnemonic: entropy || first len/4 bits of SHA-256(entropy), 11 bits a word.
func entropyToMnemonic(entropy []byte) (string, error) {
	n := len(entropy)
	if n < 16 || n > 32 || n%4 != 0 {
		return "", fmt.Errorf("hd: entropy is %d bytes; want 16, 20, 24, 28 or 32", n)
	}
	sum := sha256.Sum256(entropy)
	csBits := n * 8 / 32
	words := make([]string, 0, (n*8+csBits)/11)
	bit := func(i int) uint16 {
		if i < n*8 {
			return uint16(entropy[i/8]>>(7-i%8)) & 1
		}
		i -= n * 8
		return uint16(sum[i/8]>>(7-i%8)) & 1
	}
	for w := 0; w < cap(words); w++ {
		var idx uint16
		for b := 0; b < 11; b++ {
			idx = idx<<1 | bit(w*11+b)
		}
		words = append(words, englishWords[idx])
	}
	return strings.Join(words, " "), nil
}

// mnemonicWords splits and normalises a mnemonic and checks the word count
// and wordlist membership.
func mnemonicWords(m string) ([]string, error) {
	words := strings.Fields(strings.ToLower(m))
	switch len(words) {
	case 12, 15, 18, 21, 24:
	default:
		return nil, fmt.Errorf("hd: mnemonic has %d words; want 12, 15, 18, 21 or 24", len(words))
	}
	for i, w := range words {
		if _, ok := englishIndex[w]; !ok {
			return nil, fmt.Errorf("hd: mnemonic word %d (%q) is not in the BIP-39 English wordlist", i+1, w)
		}
	}
	return words, nil
}

// mnemonicToEntropy validates m and returns the entropy it encodes.
func mnemonicToEntropy(m string) ([]byte, error) {
	words, err := mnemonicWords(m)
	if err != nil {
		return nil, err
	}
	totalBits := len(words) * 11
	csBits := totalBits / 33
	entBits := totalBits - csBits
	buf := make([]byte, (totalBits+7)/8)
	for i, w := range words {
		idx := englishIndex[w]
		for b := 0; b < 11; b++ {
			if idx&(1<<(10-b)) != 0 {
				pos := i*11 + b
				buf[pos/8] |= 1 << (7 - pos%8)
			}
		}
	}
	entropy := make([]byte, entBits/8)
	copy(entropy, buf)
	sum := sha256.Sum256(entropy)
	for i := 0; i < csBits; i++ {
		pos := entBits + i
		got := buf[pos/8] >> (7 - pos%8) & 1
		want := sum[i/8] >> (7 - i%8) & 1
		if got != want {
			clear(buf)
			clear(entropy)
			return nil, fmt.Errorf("hd: %w", ErrMnemonicChecksum)
		}
	}
	clear(buf)
	return entropy, nil
}

// mnemonicSeed validates the mnemonic and derives the 64-byte BIP-39 seed:
// PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic"+NFKD(passphrase), 2048).
func mnemonicSeed(mnemonic, passphrase string) ([]byte, error) {
	if err := ValidateMnemonic(mnemonic); err != nil {
		return nil, err
	}
	sentence := strings.Join(strings.Fields(strings.ToLower(mnemonic)), " ")
	salt := "mnemonic" + norm.NFKD.String(passphrase)
	seed, err := pbkdf2.Key(sha512.New, sentence, []byte(salt), 2048, 64)
	if err != nil {
		return nil, fmt.Errorf("hd: deriving seed: %w", err)
	}
	return seed, nil
}
