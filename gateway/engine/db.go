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

	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // pure-Go SQLite driver, registered as "sqlite"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// dialect names the database behind the engine. The engine's SQL is one set for both (see
// pg_driver.go); what differs is said where it differs: row locks, claiming work, the schema.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// DB is the engine's database. On SQLite: one connection that writes (SQLite has one writer
// anyway, and a single connection turns lock contention into a queue instead of SQLITE_BUSY
// errors) and a pool of read-only connections that WAL lets run beside it. On PostgreSQL: one pool
// for both, shared with every other process on the same database, so nothing here may rely on
// being the only writer (rowLock, claimClause).
type DB struct {
	dialect dialect
	write   *sql.DB
	read    *sql.DB
	reads   *statements     // the read pool's hot statements, prepared at start
	writes  *statements     // the writer's hot statements, prepared at start
	group   *groupCommitter // SQLite only: nil on PostgreSQL, whose commits run side by side
	path    string          // SQLite's file
}

// openDB opens the database: PostgreSQL when databaseURL is a postgres:// URL, else the SQLite
// file at path (created if needed). Either way its schema is brought up to date.
func openDB(ctx context.Context, databaseURL, path string, readers int) (*DB, error) {
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
		return nil, fmt.Errorf("engine: open %s: %w", path, err)
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
	return &DB{dialect: sqliteDialect, write: write, read: read, reads: reads, writes: writes, group: newGroupCommitter(write), path: path}, nil
}

// openPostgres opens a pool on databaseURL (any libpq URL or key=value string pgx accepts). The
// pool is sized for reads and writes together; pgx prepares and caches each statement per
// connection by itself, so nothing is prepared here.
func openPostgres(ctx context.Context, databaseURL string, readers int) (*DB, error) {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("engine: DATABASE_URL: %w", err)
	}
	pool := sql.OpenDB(newPGConnector(cfg))
	pool.SetMaxOpenConns(readers + 8)
	pool.SetMaxIdleConns(readers + 8)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("engine: connect to PostgreSQL %s@%s/%s: %w", cfg.User, cfg.Host, cfg.Database, err)
	}
	if err := migrate(ctx, pool, postgresDialect); err != nil {
		pool.Close()
		return nil, err
	}
	none, _ := prepareStatements(ctx, pool, nil)
	return &DB{dialect: postgresDialect, write: pool, read: pool, reads: none, writes: none}, nil
}

// Close closes the pools.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close()
	}
	db.reads.close()
	db.writes.close()
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

// migrationLock is the PostgreSQL advisory lock key under which migrations run: processes that
// start together on one database apply each migration once, the others wait and find it applied.
const migrationLock = 0x636b6f7574 // "ckout"

// migrate applies the dialect's embedded migrations not yet recorded in schema_migrations, each in
// its own transaction, in file-name order.
func migrate(ctx context.Context, pool *sql.DB, d dialect) error {
	dir := "migrations/sqlite"
	if d == postgresDialect {
		dir = "migrations/postgres"
	}
	names, err := migrationFiles(dir)
	if err != nil {
		return err
	}
	db, err := pool.Conn(ctx) // one session: the advisory lock belongs to it
	if err != nil {
		return fmt.Errorf("engine: migrations: %w", err)
	}
	defer db.Close()
	if d == postgresDialect {
		if _, err := db.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, migrationLock); err != nil {
			return fmt.Errorf("engine: migrations lock: %w", err)
		}
		defer db.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?)`, migrationLock)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return fmt.Errorf("engine: migrations table: %w", err)
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

// migrationFiles lists dir's migrations in order, refusing two with one number (branches that
// each added "002_…" would silently skip the second).
func migrationFiles(dir string) ([]string, error) {
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	seen := map[int]string{}
	for _, name := range names {
		version, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("engine: migration %s: name must start with a number", name)
		}
		if other, dup := seen[version]; dup {
			return nil, fmt.Errorf("engine: migrations %s and %s share number %d", other, name, version)
		}
		seen[version] = name
	}
	return names, nil
}

// inTx runs fn in a write transaction, committing when it returns nil. On PostgreSQL a transaction
// that lost a deadlock or a serialization conflict to another process is run again from the start
// (fn sets what it reports afresh on each run, as group commit requires too).
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := db.inTxOnce(ctx, fn)
		if err == nil || db.dialect != postgresDialect || !retryable(err) || attempt == maxTxAttempts {
			return err
		}
	}
}

func (db *DB) inTxOnce(ctx context.Context, fn func(tx *sql.Tx) error) error {
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
