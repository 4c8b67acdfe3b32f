package webhook

import (
	"fmt"
	"strings"
	"time"
)

// DefaultSchedule is the wait before each retry after a failed delivery (SPEC): ten retries,
// at most an hour apart, about four and a half hours in all.
var DefaultSchedule = []time.Duration{
	10 * time.Second, 30 * time.Second, time.Minute, 5 * time.Minute, 10 * time.Minute,
	20 * time.Minute, 40 * time.Minute, time.Hour, time.Hour, time.Hour,
}

// MaxRetries bounds a configured schedule; more would keep dead targets in the queue for days.
const MaxRetries = 50

// ParseSchedule reads WEBHOOK_RETRY_SCHEDULE: comma-separated Go durations ("10s,30s,1m"). An empty
// string means DefaultSchedule. Each wait must be positive and at most a day.
func ParseSchedule(s string) ([]time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return append([]time.Duration(nil), DefaultSchedule...), nil
	}
	var out []time.Duration
	for _, part := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(part))
		if err != nil {
			return nil, fmt.Errorf("webhook retry schedule: %q is not a duration like 10s or 5m", strings.TrimSpace(part))
		}
		if d <= 0 || d > 24*time.Hour {
			return nil, fmt.Errorf("webhook retry schedule: %s must be above 0 and at most 24h", d)
		}
		out = append(out, d)
	}
	if len(out) > MaxRetries {
		return nil, fmt.Errorf("webhook retry schedule: at most %d retries", MaxRetries)
	}
	return out, nil
}
