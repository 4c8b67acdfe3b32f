package payer

import (
	"sync"
	"time"
)

// pageCache keeps rendered payment pages warm. An entry holds a subscription to its payment's topic,
// taken before the payment was read: any change committed after that read leaves a signal pending,
// and the next lookup sees it and drops the entry. So a cached page is never older than the
// payment's last change; the short lifetime only keeps the countdown text fresh for browsers
// without JavaScript. Lookups cost a map read and a non-blocking channel receive: no goroutine per
// entry, no timer.
type pageCache struct {
	mu      sync.Mutex
	entries map[string]*cachedPage
	ttl     time.Duration
	max     int
}

type cachedPage struct {
	key       string
	paymentID string
	lang      string
	headers   [][2][]byte  // the page's own headers (security policy, language), canonical, ready to set
	body      *encodedBody // compressed once per coding asked for, not once per request
	expires   time.Time
	changed   <-chan struct{}
	cancel    func()
}

const (
	pageCacheTTL     = 5 * time.Second
	pageCacheEntries = 2048
)

func newPageCache(ttl time.Duration, max int) *pageCache {
	return &pageCache{entries: map[string]*cachedPage{}, ttl: ttl, max: max}
}

// get returns the page under key if it is still current.
func (pc *pageCache) get(key []byte, now time.Time) (*cachedPage, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	p, ok := pc.entries[string(key)] // no copy of the key for the lookup
	if !ok {
		return nil, false
	}
	select {
	case <-p.changed:
		pc.dropLocked(p.key, p)
		return nil, false
	default:
	}
	if now.After(p.expires) {
		pc.dropLocked(p.key, p)
		return nil, false
	}
	return p, true
}

// put stores a page; p.changed must come from a subscription taken before the page's data was read.
func (pc *pageCache) put(key string, p *cachedPage, now time.Time) {
	p.key, p.expires = key, now.Add(pc.ttl)
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if old, ok := pc.entries[key]; ok {
		pc.dropLocked(key, old)
	}
	if len(pc.entries) >= pc.max {
		pc.evictLocked(now)
	}
	pc.entries[key] = p
}

// forget drops every page of a payment, for changes this process makes itself (test tools), so the
// redirect after them can't race the hub's signal.
func (pc *pageCache) forget(paymentID string) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for k, p := range pc.entries {
		if p.paymentID == paymentID {
			pc.dropLocked(k, p)
		}
	}
}

// evictLocked makes room: expired entries first, then everything (a full cache of live pages is
// rare, and a refill costs one render per page).
func (pc *pageCache) evictLocked(now time.Time) {
	for k, p := range pc.entries {
		if now.After(p.expires) {
			pc.dropLocked(k, p)
		}
	}
	if len(pc.entries) >= pc.max {
		for k, p := range pc.entries {
			pc.dropLocked(k, p)
		}
	}
}

func (pc *pageCache) dropLocked(key string, p *cachedPage) {
	delete(pc.entries, key)
	p.cancel()
}

// close drops every entry and its subscription.
func (pc *pageCache) close() {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for k, p := range pc.entries {
		pc.dropLocked(k, p)
	}
}
