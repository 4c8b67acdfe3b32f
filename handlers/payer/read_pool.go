package payer

import (
	"context"
	"errors"
)

// readPool runs the gateway reads of live streams (the read when a stream opens, a feed's read after
// each change) on a few long-lived goroutines. A read goes deep (the engine's SQLite or the remote
// client), and a goroutine's stack keeps the size it grew to: run on the request's or the feed's
// own goroutine, a burst of a few thousand stream opens left as many 32 KB stacks behind. Here only
// the pool's goroutines grow; the callers wait with shallow stacks.
type readPool struct {
	jobs chan func()
	stop chan struct{}
}

var errClosed = errors.New("payer: closed")

func newReadPool(workers int, panicked func(v any)) *readPool {
	p := &readPool{jobs: make(chan func()), stop: make(chan struct{})}
	for range workers {
		go func() {
			for {
				select {
				case job := <-p.jobs:
					func() {
						defer func() {
							if v := recover(); v != nil {
								panicked(v)
							}
						}()
						job()
					}()
				case <-p.stop:
					return
				}
			}
		}()
	}
	return p
}

// do runs read on the pool and waits for it; ctx bounds the wait for a free goroutine, and read is
// given it too.
func (p *readPool) do(ctx context.Context, read func(ctx context.Context)) error {
	done := make(chan struct{})
	job := func() {
		defer close(done)
		read(ctx)
	}
	select {
	case p.jobs <- job:
	case <-ctx.Done():
		return ctx.Err()
	case <-p.stop:
		return errClosed
	}
	<-done
	return nil
}

func (p *readPool) close() { close(p.stop) }
