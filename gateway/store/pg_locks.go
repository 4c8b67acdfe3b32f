package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

// What a single SQLite writer gave for free, said explicitly for PostgreSQL, where several
// processes write one database at once.

// maxTxAttempts bounds the runs of a transaction that keeps losing conflicts.
const maxTxAttempts = 5

// retryable reports a PostgreSQL error after which the whole transaction may simply run again:
// serialization_failure and deadlock_detected (the server rolled it back to let another through).
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01")
}

// lockRows takes the row locks of query's rows (a SELECT of the rows to lock) until tx ends, so
// that the check that follows (a balance, a payment's status and received amount) holds while tx
// changes them. On SQLite the write transaction already excludes every other writer (BEGIN
// IMMEDIATE on the one write connection), so there is nothing to do.
func (t *Tx) lockRows(ctx context.Context, query string, args ...any) error {
	if t.db.dialect != postgresDialect {
		return nil
	}
	rows, err := t.tx.QueryContext(ctx, query+` FOR UPDATE`, args...)
	if err != nil {
		return fmt.Errorf("store: lock: %w", err)
	}
	for rows.Next() {
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: lock: %w", err)
	}
	return nil
}

// lockRow locks one row of table by id for the rest of tx (see lockRows).
func (t *Tx) lockRow(ctx context.Context, table, id string) error {
	return t.lockRows(ctx, `SELECT id FROM `+table+` WHERE id = ?`, id)
}

// skipLocked is appended to a query that claims work (due expiries): on PostgreSQL the rows another
// process is deciding are passed over instead of waited for, so N schedulers share the work. of
// names the tables whose rows are taken, when the query joins others.
func (db *DB) skipLocked(of ...string) string {
	if db.dialect != postgresDialect {
		return ``
	}
	if len(of) > 0 {
		return ` FOR UPDATE OF ` + strings.Join(of, ", ") + ` SKIP LOCKED`
	}
	return ` FOR UPDATE SKIP LOCKED`
}

// startupLock is the advisory lock key under which processes starting together on one PostgreSQL
// database do their first-start work (creating the first test store) one at a time.
const startupLock = migrationLock + 1

// OnFirstStart runs fn while no other process starting on the same database runs its own: on
// PostgreSQL under an advisory lock, so of N processes started at once on an empty database one
// creates the first test store and the others find it. On SQLite one process owns the file.
func (db *DB) OnFirstStart(ctx context.Context, fn func() error) error {
	if db.dialect != postgresDialect {
		return fn()
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: startup lock: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, startupLock); err != nil {
		return fmt.Errorf("store: startup lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?)`, startupLock)
	return fn()
}
