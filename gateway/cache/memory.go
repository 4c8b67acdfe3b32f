package cache

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// Memory is the in-process Store used without REDIS_URL: a bounded LRU with expiry. It serves
// one replica only (replicas would not see each other's invalidations or leases).
type Memory struct {
	mu    sync.Mutex
	max   int
	ll    *list.List // front: most recently used
	items map[string]*list.Element
	now   func() time.Time
}

type memEntry struct {
	key     string
	value   []byte
	expires time.Time
}

// DefaultMemoryEntries bounds the in-process cache when NewMemory is given no size.
const DefaultMemoryEntries = 10000

// NewMemory returns an empty store of at most maxEntries keys (DefaultMemoryEntries when ≤ 0).
func NewMemory(maxEntries int) *Memory {
	if maxEntries <= 0 {
		maxEntries = DefaultMemoryEntries
	}
	return &Memory{max: maxEntries, ll: list.New(), items: map[string]*list.Element{}, now: time.Now}
}

// Get returns a live value and marks it recently used. The slice is the stored one: read it, do
// not modify it.
func (m *Memory) Get(_ context.Context, key string) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.live(key)
	if e == nil {
		return nil, ErrMiss
	}
	m.ll.MoveToFront(e)
	return e.Value.(*memEntry).value, nil
}

// Set stores a copy of value for ttl, evicting the least recently used keys beyond the bound.
func (m *Memory) Set(_ context.Context, key string, value []byte, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.set(key, value, ttl)
	return nil
}

// SetNX sets key when it holds no live value.
func (m *Memory) SetNX(_ context.Context, key string, value []byte, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.live(key) != nil {
		return false, nil
	}
	m.set(key, value, ttl)
	return true, nil
}

// Del removes keys.
func (m *Memory) Del(_ context.Context, keys ...string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range keys {
		if e, ok := m.items[k]; ok {
			m.remove(e)
		}
	}
	return nil
}

// Health is always ok: nothing can be down.
func (m *Memory) Health() Health { return Health{Status: StatusOK, Detail: "in-process cache"} }

// Len counts the keys held, expired ones included until they are touched or evicted.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.ll.Len()
}

// live returns key's element when it has not expired, dropping it when it has.
func (m *Memory) live(key string) *list.Element {
	e, ok := m.items[key]
	if !ok {
		return nil
	}
	if !m.now().Before(e.Value.(*memEntry).expires) {
		m.remove(e)
		return nil
	}
	return e
}

func (m *Memory) set(key string, value []byte, ttl time.Duration) {
	v := append([]byte(nil), value...) // the caller may reuse its buffer
	exp := m.now().Add(ttl)
	if e, ok := m.items[key]; ok {
		ent := e.Value.(*memEntry)
		ent.value, ent.expires = v, exp
		m.ll.MoveToFront(e)
		return
	}
	m.items[key] = m.ll.PushFront(&memEntry{key: key, value: v, expires: exp})
	for m.ll.Len() > m.max {
		m.remove(m.ll.Back())
	}
}

func (m *Memory) remove(e *list.Element) {
	m.ll.Remove(e)
	delete(m.items, e.Value.(*memEntry).key)
}
