package cache

import (
	"hash/maphash"
	"sync/atomic"
)

// generations counts invalidations per shard of keys. A fetch that started before its key was
// invalidated must not write its possibly older result into the cache afterwards; comparing the
// shard's count before and after the fetch tells. Shards keep memory bounded; two keys sharing a
// shard only cost a skipped cache write.
type generations struct {
	seed   maphash.Seed
	shards [256]atomic.Uint64
}

func newGenerations() *generations { return &generations{seed: maphash.MakeSeed()} }

func (g *generations) shard(key string) *atomic.Uint64 {
	return &g.shards[maphash.String(g.seed, key)%uint64(len(g.shards))]
}

// current is the generation of key's shard.
func (g *generations) current(key string) uint64 { return g.shard(key).Load() }

// bump records an invalidation of key.
func (g *generations) bump(key string) { g.shard(key).Add(1) }
