package engine

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"

	"github.com/google/uuid"
)

// newID returns a UUIDv4, the form of every object id.
func newID() string { return uuid.NewString() }

// randomToken returns n random bytes as unpadded base64url (n=16 gives 128 bits in 22 characters).
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("engine: crypto/rand failed: " + err.Error()) // the OS has no randomness: nothing is safe
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// randomHex returns n random bytes as lowercase hex.
func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("engine: crypto/rand failed: " + err.Error())
	}
	return hex.EncodeToString(b)
}

// hashSecret is how API secrets are stored. Secrets we generate carry 256 random bits, so a fast
// hash is enough to make a stolen database useless for calling the API.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// secretMatches compares a presented secret with a stored hash in constant time.
func secretMatches(presented, storedHash string) bool {
	got := hashSecret(presented)
	return subtle.ConstantTimeCompare([]byte(got), []byte(storedHash)) == 1
}

// randomBase32Secret is a 160-bit TOTP key in the base32 form authenticator apps take.
func randomBase32Secret() string {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		panic("engine: crypto/rand failed: " + err.Error())
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
}
