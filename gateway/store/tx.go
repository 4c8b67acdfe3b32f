package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Tx is a write transaction: the statements of one unit of work (WithTx, WithGroupTx), the hot ones
// prepared.
type Tx struct {
	reads // reads inside the transaction, seeing its own writes
	db    *DB
	tx    *sql.Tx
}

func (db *DB) newTx(tx *sql.Tx) *Tx {
	return &Tx{reads: reads{q: prepared{stmts: db.writeStmts, tx: tx}}, db: db, tx: tx}
}

// exec runs a statement of the transaction, prepared when it is a hot one.
func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.q.ExecContext(ctx, query, args...)
}

// nextNum takes the next number of one of a store's sequences by query, its UPDATE … RETURNING.
func (t *Tx) nextNum(ctx context.Context, query, storeID, what string) (int64, error) {
	var n int64
	err := t.q.QueryRowContext(ctx, query, storeID).Scan(&n)
	return n, checked(err, what)
}

// WithTx runs fn in a write transaction, committing when it returns nil. On PostgreSQL a transaction
// that lost a deadlock or a serialization conflict to another process is run again from the start
// (fn sets what it reports afresh on each run, as group commit requires too).
func (db *DB) WithTx(ctx context.Context, fn func(tx *Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := db.inTxOnce(ctx, fn)
		if err == nil || db.dialect != postgresDialect || !retryable(err) || attempt == maxTxAttempts {
			return err
		}
	}
}

func (db *DB) inTxOnce(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(db.newTx(tx)); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// WithSnapshot runs fn in a read-only transaction of the read pool: what fn reads comes from one
// snapshot (a payment and its transactions agree).
func (db *DB) WithSnapshot(ctx context.Context, fn func(r Snapshot) error) error {
	tx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: snapshot: %w", err)
	}
	defer tx.Rollback()
	return fn(Snapshot{reads{q: prepared{stmts: db.readStmts, tx: tx}}})
}

// Snapshot is a read-only transaction (WithSnapshot).
type Snapshot struct{ reads }

// reads are the statements that only read, run through q: the read pool, a snapshot or a write
// transaction. Each read method is written once here and serves the three.
type reads struct{ q prepared }
