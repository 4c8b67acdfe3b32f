package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// openPostgres opens a pool on databaseURL (any libpq URL or key=value string pgx accepts). The
// pool is sized for reads and writes together; pgx prepares and caches each statement per
// connection by itself, so nothing is prepared here.
func openPostgres(ctx context.Context, databaseURL string, readers int) (*DB, error) {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("store: DATABASE_URL: %w", err)
	}
	pool := sql.OpenDB(newPGConnector(cfg))
	pool.SetMaxOpenConns(readers + 8)
	pool.SetMaxIdleConns(readers + 8)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to PostgreSQL %s@%s/%s: %w", cfg.User, cfg.Host, cfg.Database, err)
	}
	if err := migrate(ctx, pool, postgresDialect); err != nil {
		pool.Close()
		return nil, err
	}
	none, _ := prepareStatements(ctx, pool, nil)
	return newDB(postgresDialect, pool, pool, none, none, ""), nil
}
