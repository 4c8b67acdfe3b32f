package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is wrapped in the error of a read whose row is not there; the engine turns it into
// the object's own not-found error (ERR_NO_PAYMENT, ERR_NO_STORE, …).
var ErrNotFound = errors.New("not found")

// ErrDuplicate is wrapped in the error of an insert refused by a unique index.
var ErrDuplicate = errors.New("already exists")

// checked is the one shape of a statement's error: a missing row is ErrNotFound, any other failure
// is wrapped with what was being read or written.
func checked(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	case uniqueViolation(err):
		return fmt.Errorf("store: %s: %w: %w", what, ErrDuplicate, err)
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// uniqueViolation reports an insert a unique index refused, by the driver's error code:
// PostgreSQL's unique_violation, SQLite's extended UNIQUE and PRIMARY KEY constraint codes.
func uniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// affected turns an update that matched no row into ErrNotFound.
func affected(res sql.Result, err error, what string) error {
	if err != nil {
		return checked(err, what)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return nil
}

type rowScanner interface{ Scan(dest ...any) error }

// scanAll reads every row of rows with scan and closes rows.
func scanAll[T any](rows *sql.Rows, err error, what string, scan func(rowScanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, checked(err, what)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, checked(err, what)
		}
		out = append(out, v)
	}
	return out, checked(rows.Err(), what)
}

// scanString reads a one-column row of text.
func scanString(r rowScanner) (string, error) {
	var v string
	err := r.Scan(&v)
	return v, err
}
