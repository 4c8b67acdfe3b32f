// Package store is the gateway's storage: every SQL statement, the schema and its migrations, on
// SQLite (one process, no setup) or PostgreSQL (several processes on one database). It holds no
// business rule: the engine decides, and calls a named method here for each read and write.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // pure-Go SQLite driver, registered as "sqlite"
)

// dialect names the database behind the store. The SQL is one set for both (see
// pg_driver.go); what differs is said where it differs: row locks, claiming work, the schema.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// DB is the gateway's database. On SQLite: one connection that writes (SQLite has one writer
// anyway, and a single connection turns lock contention into a queue instead of SQLITE_BUSY
// errors) and a pool of read-only connections that WAL lets run beside it. On PostgreSQL: one pool
// for both, shared with every other process on the same database, so nothing here may rely on
// being the only writer (pg_locks.go: lockRows, skipLocked; ClaimWebhook, DueMails).
type DB struct {
	reads      // reads outside a transaction, through the read pool's prepared statements
	dialect    dialect
	write      *sql.DB
	read       *sql.DB
	readStmts  *statements     // the read pool's hot statements, prepared at start
	writeStmts *statements     // the writer's hot statements, prepared at start
	group      *groupCommitter // SQLite only: nil on PostgreSQL, whose commits run side by side
	path       string          // SQLite's file
}

// Open opens the database: PostgreSQL when databaseURL is a postgres:// URL, else the SQLite
// file at path (created if needed). Either way its schema is brought up to date. readers sizes the
// read pool.
func Open(ctx context.Context, databaseURL, path string, readers int) (*DB, error) {
	if databaseURL != "" {
		return openPostgres(ctx, databaseURL, readers)
	}
	return openSQLite(ctx, path, readers)
}

func openSQLite(ctx context.Context, path string, readers int) (*DB, error) {
	if err := makePrivate(path); err != nil {
		return nil, err
	}
	// synchronous=FULL: a transaction answered 200 survives a power loss, not only a crash.
	pragmas := []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(10000)", "foreign_keys(ON)"}
	dsn := func(extra ...string) string {
		q := url.Values{}
		for _, p := range append(pragmas, extra...) {
			q.Add("_pragma", p)
		}
		return "file:" + path + "?" + q.Encode()
	}
	write, err := sql.Open("sqlite", dsn()+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	if err := migrate(ctx, write, sqliteDialect); err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", dsn("query_only(ON)"))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	read.SetConnMaxLifetime(0)
	writeStmts, err := prepareStatements(ctx, write, hotWrites)
	if err != nil {
		write.Close()
		read.Close()
		return nil, err
	}
	readStmts, err := prepareStatements(ctx, read, hotReads)
	if err != nil {
		writeStmts.close()
		write.Close()
		read.Close()
		return nil, err
	}
	db := newDB(sqliteDialect, write, read, readStmts, writeStmts, path)
	db.group = newGroupCommitter(db)
	return db, nil
}

// Close closes the pools.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close()
	}
	db.readStmts.close()
	db.writeStmts.close()
	if db.dialect == postgresDialect {
		return db.write.Close()
	}
	rerr := db.read.Close()
	if _, err := db.write.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil && rerr == nil {
		rerr = err
	}
	if err := db.write.Close(); err != nil {
		return err
	}
	return rerr
}

// Ping checks both pools answer.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return err
	}
	return db.write.PingContext(ctx)
}

func newDB(d dialect, write, read *sql.DB, readStmts, writeStmts *statements, path string) *DB {
	db := &DB{dialect: d, write: write, read: read, readStmts: readStmts, writeStmts: writeStmts, path: path}
	db.reads = reads{q: prepared{stmts: readStmts}}
	return db
}
