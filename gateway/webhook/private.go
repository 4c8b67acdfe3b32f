package webhook

import (
	"fmt"
	"strings"
)

// PrivateTargets is WEBHOOK_ALLOW_PRIVATE: which stores' webhooks may reach loopback, private,
// link-local and reserved addresses. The zero value is the default, PrivateForTest.
type PrivateTargets int

const (
	// PrivateForTest ("test", the default): a test store may post to a developer's localhost, a
	// live store may not.
	PrivateForTest PrivateTargets = iota
	// PrivateForAll ("true"): every store may, for a gateway inside a private network.
	PrivateForAll
	// PrivateForNone ("false"): no store may, for hosted sandboxes where anyone can hold a
	// test store's key.
	PrivateForNone
)

// ParsePrivateTargets reads WEBHOOK_ALLOW_PRIVATE; empty is the default.
func ParsePrivateTargets(v string) (PrivateTargets, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "test":
		return PrivateForTest, nil
	case "true", "1", "yes":
		return PrivateForAll, nil
	case "false", "0", "no":
		return PrivateForNone, nil
	}
	return PrivateForTest, fmt.Errorf("webhook: WEBHOOK_ALLOW_PRIVATE must be test, true or false, got %q", v)
}

// Allowed reports whether a live (or test) store's webhooks may reach private addresses.
func (p PrivateTargets) Allowed(live bool) bool {
	switch p {
	case PrivateForAll:
		return true
	case PrivateForNone:
		return false
	}
	return !live
}

func (p PrivateTargets) String() string {
	switch p {
	case PrivateForAll:
		return "true"
	case PrivateForNone:
		return "false"
	}
	return "test"
}
