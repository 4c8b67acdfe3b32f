package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Group commit: the writer is one SQLite connection, and a commit costs more than the statements of
// a create (the WAL write, and with synchronous=FULL an fsync). Creates and emulated transactions
// therefore queue here, and whatever queued while the previous commit ran goes into one
// transaction: the window is the previous commit itself, so an idle database adds no wait and a busy
// one commits many calls at the price of one.
//
// Each call runs inside its own SAVEPOINT: an error rolls back that call's writes only, and the
// others commit. A caller is answered after the COMMIT that holds its writes returned. When the
// batch itself fails (BEGIN, a savepoint SQLite dropped with the transaction, or COMMIT), nothing of
// it was kept and every call runs again in a transaction of its own, so one call's failure is never
// another's.

// maxGroup bounds one batch: enough to amortise the commit, small enough that the last caller of a
// batch does not wait behind hundreds of others.
const maxGroup = 32

// errWriterClosed answers calls queued after the database was closed.
var errWriterClosed = errors.New("store: database closed")

type groupJob struct {
	ctx  context.Context
	fn   func(ctx context.Context, tx *Tx) error
	done chan error // buffered: the writer never waits for the caller
}

// groupCommitter owns the queue of grouped write calls and the goroutine that commits them.
type groupCommitter struct {
	db *DB

	mu     sync.Mutex
	queue  []*groupJob
	closed bool
	wake   chan struct{} // one pending signal: the queue is not empty
	exited chan struct{}

	batches func(n int) // test observer: the size of every batch committed (nil in production)
	direct  bool        // benchmarks: every call in its own transaction on the caller's goroutine, as before
}

func newGroupCommitter(db *DB) *groupCommitter {
	g := &groupCommitter{db: db, wake: make(chan struct{}, 1), exited: make(chan struct{})}
	go g.run()
	return g
}

// do runs fn in a write transaction shared with other queued calls and returns once that
// transaction committed (nil) or fn's own error. fn may run twice when its first batch failed
// as a whole, so it must set what it reports afresh on each run (every caller's closure does).
// fn's context is ctx without its cancellation: cancelling one caller mid-statement would
// interrupt SQLite, which rolls back the whole shared transaction. A caller whose ctx is done
// before its turn is answered with ctx's error and nothing written.
func (g *groupCommitter) do(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	j := &groupJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	if g.direct {
		return g.alone(j)
	}
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return errWriterClosed
	}
	g.queue = append(g.queue, j)
	g.mu.Unlock()
	select {
	case g.wake <- struct{}{}:
	default:
	}
	// Once queued the call is answered whatever ctx does: leaving early could report a failure
	// for a payment that the batch then commits.
	return <-j.done
}

// pending counts the calls waiting for a batch (tests).
func (g *groupCommitter) pending() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.queue)
}

// close lets the queued calls commit, refuses new ones and waits for the writer goroutine.
func (g *groupCommitter) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	select {
	case g.wake <- struct{}{}:
	default:
	}
	<-g.exited
}

func (g *groupCommitter) run() {
	defer close(g.exited)
	for range g.wake {
		for {
			g.mu.Lock()
			n := min(len(g.queue), maxGroup)
			batch := append([]*groupJob(nil), g.queue[:n]...)
			g.queue = append(g.queue[:0], g.queue[n:]...)
			closed := g.closed
			g.mu.Unlock()
			if n == 0 {
				if closed {
					return
				}
				break
			}
			g.commit(batch)
		}
	}
}

// commit runs one batch and answers each of its callers.
func (g *groupCommitter) commit(batch []*groupJob) {
	if g.batches != nil {
		g.batches(len(batch))
	}
	if len(batch) == 1 { // nothing to share: no savepoint needed
		batch[0].done <- g.alone(batch[0])
		return
	}
	results, err := g.together(batch)
	if err != nil { // nothing of the batch was kept: each call on its own
		for _, j := range batch {
			j.done <- g.alone(j)
		}
		return
	}
	for i, j := range batch {
		j.done <- results[i]
	}
}

// together runs the batch in one transaction, each call in a savepoint. A non-nil error means the
// transaction was rolled back as a whole; results are then meaningless.
func (g *groupCommitter) together(batch []*groupJob) ([]error, error) {
	tx, err := g.db.write.BeginTx(context.Background(), nil)
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	results := make([]error, len(batch))
	for i, j := range batch {
		if err := j.ctx.Err(); err != nil {
			results[i] = err
			continue
		}
		if _, err := tx.Exec(`SAVEPOINT call`); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("store: savepoint: %w", err)
		}
		results[i] = j.fn(context.WithoutCancel(j.ctx), g.db.newTx(tx))
		if results[i] != nil {
			// An error SQLite answered by rolling back the whole transaction leaves no savepoint:
			// this fails, and the batch is re-run call by call.
			if _, err := tx.Exec(`ROLLBACK TO call`); err != nil {
				tx.Rollback()
				return nil, fmt.Errorf("store: rollback to savepoint: %w", err)
			}
		}
		if _, err := tx.Exec(`RELEASE call`); err != nil {
			tx.Rollback()
			return nil, fmt.Errorf("store: release savepoint: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: commit: %w", err)
	}
	return results, nil
}

// alone runs one call in a transaction of its own, as WithTx does.
func (g *groupCommitter) alone(j *groupJob) error {
	if err := j.ctx.Err(); err != nil {
		return err
	}
	tx, err := g.db.write.BeginTx(context.Background(), nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := j.fn(context.WithoutCancel(j.ctx), g.db.newTx(tx)); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// WithGroupTx runs fn in a write transaction that may be shared with other short calls (group
// commit); see groupCommitter.do.
// PostgreSQL commits side by side, from many processes: there each call is a transaction of its own.
func (db *DB) WithGroupTx(ctx context.Context, fn func(ctx context.Context, tx *Tx) error) error {
	if db.group == nil {
		return db.WithTx(ctx, func(tx *Tx) error { return fn(context.WithoutCancel(ctx), tx) })
	}
	return db.group.do(ctx, fn)
}
