package engine

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // pure-Go SQLite driver, registered as "sqlite"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the engine's SQLite database: one connection that writes (SQLite has one writer anyway, and
// a single connection turns lock contention into a queue instead of SQLITE_BUSY errors) and a pool
// of read-only connections that WAL lets run beside it.
type DB struct {
	write  *sql.DB
	read   *sql.DB
	reads  *statements // the read pool's hot statements, prepared at start
	writes *statements // the writer's hot statements, prepared at start
	group  *groupCommitter
	path   string
}

// openDB opens (creating if needed) the database file and brings its schema up to date.
func openDB(ctx context.Context, path string, readers int) (*DB, error) {
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
		return nil, fmt.Errorf("engine: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", dsn("query_only(ON)"))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("engine: open %s: %w", path, err)
	}
	read.SetMaxOpenConns(readers)
	read.SetMaxIdleConns(readers)
	read.SetConnMaxLifetime(0)
	writes, err := prepareStatements(ctx, write, hotWrites)
	if err != nil {
		write.Close()
		read.Close()
		return nil, err
	}
	reads, err := prepareStatements(ctx, read, hotReads)
	if err != nil {
		writes.close()
		write.Close()
		read.Close()
		return nil, err
	}
	return &DB{write: write, read: read, reads: reads, writes: writes, group: newGroupCommitter(write), path: path}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	db.group.close()
	db.reads.close()
	db.writes.close()
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

// migrate applies the embedded migrations not yet recorded in schema_migrations, each in its own
// transaction, in file-name order.
func migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return fmt.Errorf("engine: migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	// Two files with one number (branches that each added "002_…") would silently skip the second.
	seen := map[int]string{}
	for _, name := range names {
		version, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("engine: migration %s: name must start with a number", name)
		}
		if other, dup := seen[version]; dup {
			return fmt.Errorf("engine: migrations %s and %s share number %d", other, name, version)
		}
		seen[version] = name
	}
	for _, name := range names {
		version, _ := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		var applied int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&applied); err != nil {
			return fmt.Errorf("engine: migration %s: %w", name, err)
		}
		if applied > 0 {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("engine: migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES (?)`, version); err != nil {
			tx.Rollback()
			return fmt.Errorf("engine: migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("engine: migration %s: %w", name, err)
		}
	}
	return nil
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("engine: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("engine: commit: %w", err)
	}
	return nil
}

// scanStrings reads a one-column result of strings and closes rows.
func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// reader runs reads through the read pool's prepared statements, inside tx when it is a read
// transaction of that pool.
func (db *DB) reader(tx *sql.Tx) querier { return prepared{stmts: db.reads, tx: tx} }

// writer runs statements of a write transaction, the hot ones prepared.
func (db *DB) writer(tx *sql.Tx) prepared { return prepared{stmts: db.writes, tx: tx} }

// hotReads are the statements behind every page load, live refresh and API call (a payment, its
// code, its transactions, its store's page settings, an API key's secret, a store and its markups). They are prepared at start
// because preparing on the pool later can deadlock it: a read transaction that holds a connection
// would wait for another one to prepare on, while every connection is held by a transaction waiting
// for the same statement (a burst of streams after a restart did exactly that).
var hotReads = []string{qPayment, qStorePayment, qPaymentCode, qPaymentTxs, qStorePage, qStoreMarkups, qStoreSecret, qStoreByID}

// hotWrites are the statements of every new payment (numbering, account, address, payment row,
// outbox row): prepared once, they spare SQLite parsing them again in each transaction.
var hotWrites = []string{qNextPaymentNum, qPaymentAccount, qInsertPayment, qNextAddressIndex, qInsertAddress,
	qStoreWebhookURL, qInsertWebhook}
