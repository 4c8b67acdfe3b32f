package payer

import (
	"crypto/sha256"
	"sync"

	"github.com/cryptocheckout/checkout/gateway"
)

// logoRegistry keeps the logos that came with a view's bytes (remote mode: the stores file's
// logo_file) re-encoded, by the hash their page links, so /logo/{hash}.png can serve them. Each
// distinct file is decoded and re-encoded once. Bounded: the stores of one deployment, with room.
type logoRegistry struct {
	mu     sync.Mutex
	byRaw  map[[32]byte]string // the file's digest → the re-encoded logo's hash ("" when refused)
	byHash map[string]gateway.Logo
}

const logoRegistryEntries = 1024

func newLogoRegistry() *logoRegistry {
	return &logoRegistry{byRaw: map[[32]byte]string{}, byHash: map[string]gateway.Logo{}}
}

// hashOf returns the hash of the re-encoded logo of a file, re-encoding it the first time; "" for
// a file that is no acceptable image.
func (r *logoRegistry) hashOf(raw []byte) string {
	sum := sha256.Sum256(raw)
	r.mu.Lock()
	hash, seen := r.byRaw[sum]
	r.mu.Unlock()
	if seen {
		return hash
	}
	logo, err := gateway.NormalizeLogo(raw)
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.byRaw) >= logoRegistryEntries { // a deployment's stores never get here; start over if so
		r.byRaw, r.byHash = map[[32]byte]string{}, map[string]gateway.Logo{}
	}
	if err != nil {
		r.byRaw[sum] = ""
		return ""
	}
	r.byRaw[sum], r.byHash[logo.Hash] = logo.Hash, logo
	return logo.Hash
}

func (r *logoRegistry) get(hash string) (gateway.Logo, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l, ok := r.byHash[hash]
	return l, ok
}

// logoURL is where a page finds the store's logo on this origin, "" for none: a logo the gateway
// serves by its hash (Config.Logos), or one that came with the view, re-encoded here.
func (h *Handler) logoURL(sp gateway.PageSettings) string {
	switch {
	case sp.LogoHash != "" && h.cfg.Logos != nil:
		return logoURL(sp)
	case len(sp.Logo) > 0:
		if hash := h.logos.hashOf(sp.Logo); hash != "" {
			return logoPrefix + hash + ".png"
		}
	}
	return ""
}
