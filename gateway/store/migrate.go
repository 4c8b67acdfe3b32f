package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// One set of numbered migrations per dialect: the PostgreSQL file of a number is the SQLite one in
// PostgreSQL's types.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

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
		return fmt.Errorf("store: migrations: %w", err)
	}
	defer db.Close()
	if d == postgresDialect {
		if _, err := db.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, migrationLock); err != nil {
			return fmt.Errorf("store: migrations lock: %w", err)
		}
		defer db.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?)`, migrationLock)
	}
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	for _, name := range names {
		version, _ := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		var applied int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&applied); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
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
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version) VALUES (?)`, version); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
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
			return nil, fmt.Errorf("store: migration %s: name must start with a number", name)
		}
		if other, dup := seen[version]; dup {
			return nil, fmt.Errorf("store: migrations %s and %s share number %d", other, name, version)
		}
		seen[version] = name
	}
	return names, nil
}
