package throttle

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rule is Limit failures per Window; Limit 0 is no limit.
type Rule struct {
	Limit  int64
	Window time.Duration
}

// ParseRule reads "20/1m" (20 per minute; the window a Go duration of at least a second), or "0"
// or "off" for no limit.
func ParseRule(s string) (Rule, error) {
	s = strings.TrimSpace(s)
	if s == "0" || strings.EqualFold(s, "off") {
		return Rule{}, nil
	}
	n, w, ok := strings.Cut(s, "/")
	limit, err := strconv.ParseInt(n, 10, 64)
	if !ok || err != nil || limit <= 0 {
		return Rule{}, fmt.Errorf("want COUNT/WINDOW such as 20/1m, or off; got %q", s)
	}
	window, err := time.ParseDuration(w)
	if err != nil || window < time.Second {
		return Rule{}, fmt.Errorf("the window of %q must be a Go duration of at least 1s", s)
	}
	return Rule{Limit: limit, Window: window}, nil
}

func (r Rule) String() string {
	if r.Limit <= 0 {
		return "off"
	}
	return fmt.Sprintf("%d/%s", r.Limit, r.Window)
}
