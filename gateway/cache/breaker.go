package cache

import (
	"sync"
	"time"
)

// breaker is a circuit breaker: after threshold consecutive failures it opens and callers skip the
// store for cooldown; then one probe is let through, which closes it on success or opens it for
// another cooldown on failure. onChange is called (outside the lock) when the store becomes
// unavailable or available again, so that logs say so once per change, not once per request.
type breaker struct {
	threshold int
	cooldown  time.Duration
	now       func() time.Time
	onChange  func(up bool, cause string)

	mu        sync.Mutex
	state     breakerState
	failures  int
	openUntil time.Time
	probing   bool
	cause     string
}

type breakerState int

const (
	closed breakerState = iota
	open
	halfOpen
)

// allow says whether a call may go to the store now.
func (b *breaker) allow() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case closed:
		return true
	case open:
		if b.now().Before(b.openUntil) {
			return false
		}
		b.state, b.probing = halfOpen, true
		return true
	default: // half-open: one probe at a time
		if b.probing {
			return false
		}
		b.probing = true
		return true
	}
}

// success records a call that reached the store.
func (b *breaker) success() {
	b.mu.Lock()
	was := b.state
	b.state, b.failures, b.probing, b.cause = closed, 0, false, ""
	b.mu.Unlock()
	if was != closed && b.onChange != nil {
		b.onChange(true, "")
	}
}

// failure records a call that failed because of the store.
func (b *breaker) failure(cause string) {
	b.mu.Lock()
	was := b.state
	b.failures++
	b.cause = cause
	if b.state == halfOpen || b.failures >= b.threshold {
		b.state, b.openUntil, b.probing = open, b.now().Add(b.cooldown), false
	}
	opened := was == closed && b.state == open
	b.mu.Unlock()
	if opened && b.onChange != nil {
		b.onChange(false, cause)
	}
}

// abandon records a call whose outcome says nothing of the store (the caller gave up first): a
// probe in flight is released so that the next call probes again.
func (b *breaker) abandon() {
	b.mu.Lock()
	if b.state == halfOpen && b.probing {
		b.state, b.openUntil, b.probing = open, b.now(), false
	}
	b.mu.Unlock()
}

// health reports whether the store is in use and, when not, the last failure.
func (b *breaker) health() (up bool, cause string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.state == closed, b.cause
}
