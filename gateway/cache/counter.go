package cache

import (
	"context"
	"strconv"
	"time"
)

// IncrBy adds n to the counter at key and returns its new value; a counter that did not exist
// starts at 0. It expires ttl after its last increment (INCRBY and PEXPIRE in one MULTI, one round
// trip). The shared poller counts its upstream calls per second with it, across replicas.
func (r *Redis) IncrBy(ctx context.Context, key string, n int64, ttl time.Duration) (int64, error) {
	var v int64
	err := r.do(ctx, func(ctx context.Context) error {
		pipe := r.rdb.TxPipeline()
		incr := pipe.IncrBy(ctx, r.prefix+key, n)
		pipe.PExpire(ctx, r.prefix+key, ttl)
		if _, err := pipe.Exec(ctx); err != nil {
			return err
		}
		v = incr.Val()
		return nil
	})
	return v, err
}

// IncrBy is the in-process counter: the same for one replica.
func (m *Memory) IncrBy(_ context.Context, key string, n int64, ttl time.Duration) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var v int64
	e := m.live(key)
	if e != nil {
		v, _ = strconv.ParseInt(string(e.Value.(*memEntry).value), 10, 64)
	}
	v += n
	if e != nil {
		e.Value.(*memEntry).value = []byte(strconv.FormatInt(v, 10)) // keeps its expiry
	} else {
		m.set(key, []byte(strconv.FormatInt(v, 10)), ttl)
	}
	return v, nil
}
