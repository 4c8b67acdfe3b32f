package throttle

import (
	"context"
	"sync"
	"time"
)

// Memory counts in the process (one replica, or Redis unreachable).
type Memory struct {
	mu      sync.Mutex
	windows map[string]window
	max     int
	now     func() time.Time
}

type window struct {
	n   int64
	end time.Time
}

// NewMemory returns a counter of at most max keys (a flood of addresses cannot grow it further:
// ended windows are dropped first, then all); now is the clock (time.Now when nil).
func NewMemory(max int, now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{windows: map[string]window{}, max: max, now: now}
}

// Add counts one event for key.
func (m *Memory) Add(_ context.Context, key string, d time.Duration) (int64, time.Duration, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	w, ok := m.windows[key]
	if !ok || !now.Before(w.end) {
		if len(m.windows) >= m.max {
			m.evictLocked(now)
		}
		w = window{end: now.Add(d)}
	}
	w.n++
	m.windows[key] = w
	return w.n, w.end.Sub(now), nil
}

// Count returns key's count in its open window.
func (m *Memory) Count(_ context.Context, key string) (int64, time.Duration, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	w, ok := m.windows[key]
	if !ok || !now.Before(w.end) {
		return 0, 0, nil
	}
	return w.n, w.end.Sub(now), nil
}

func (m *Memory) evictLocked(now time.Time) {
	for k, w := range m.windows {
		if !now.Before(w.end) {
			delete(m.windows, k)
		}
	}
	if len(m.windows) >= m.max {
		clear(m.windows)
	}
}
