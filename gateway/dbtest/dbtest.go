// Package dbtest gives tests the embedded gateway's database: SQLite (the default, no setup) or a
// real PostgreSQL, so that one suite runs on both. CI runs the engine, API and conformance tests
// twice, the second time with TEST_ENGINE_DB=postgres.
//
//   - TEST_ENGINE_DB=postgres: URL gives every test a PostgreSQL schema of its own instead of SQLite.
//   - TEST_POSTGRES_URL: the PostgreSQL database tests create their schemas in (.ci/test makes one
//     per run and drops it after); default postgres://postgres@127.0.0.1:5432/postgres.
//
// Without a PostgreSQL answering, a test that needs one fails under CI=true and is skipped elsewhere.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
)

// DefaultPostgres is the local server the developers' machines and CI have.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// OnPostgres reports whether this run puts the engine's tests on PostgreSQL.
func OnPostgres() bool { return os.Getenv("TEST_ENGINE_DB") == "postgres" }

// URL is the engine's DatabaseURL for one test: "" (the SQLite file under its DataDir) unless the
// run is on PostgreSQL, then a fresh schema's URL, dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	if !OnPostgres() {
		return ""
	}
	return Postgres(t)
}

// SQLiteOnly skips a test of something only the SQLite store has (its file, its pragmas, its single
// writer) on the PostgreSQL run; the SQLite run of the same suite runs it.
func SQLiteOnly(t testing.TB, why string) {
	t.Helper()
	if OnPostgres() {
		t.Skip("SQLite only: " + why)
	}
}

// byDir keeps the schema of each test's data directory.
var byDir sync.Map // dir → URL

// URLFor is URL for a test's data directory: a test that opens its directory again (a restart)
// finds its PostgreSQL schema again, as it would its SQLite file.
func URLFor(t testing.TB, dir string) string {
	t.Helper()
	if !OnPostgres() {
		return ""
	}
	if u, ok := byDir.Load(dir); ok {
		return u.(string)
	}
	u := Postgres(t)
	byDir.Store(dir, u)
	return u
}

// Postgres is the URL of a fresh, empty schema on the test PostgreSQL, dropped when t ends; every
// connection made with it works in that schema (search_path). Tests that need PostgreSQL whatever
// the run (two engines on one database) call it directly.
func Postgres(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TEST_POSTGRES_URL")
	if base == "" {
		base = DefaultPostgres
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("dbtest: TEST_POSTGRES_URL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		if os.Getenv("CI") == "true" {
			t.Fatalf("dbtest: PostgreSQL at %s does not answer (CI needs it): %v", redact(base), err)
		}
		t.Skipf("no PostgreSQL at %s: %v", redact(base), err)
	}
	b := make([]byte, 8)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		t.Fatalf("dbtest: create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("dbtest: drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("dbtest: TEST_POSTGRES_URL must be a postgres:// URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
