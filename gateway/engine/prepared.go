package engine

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// statements caches prepared statements of one *sql.DB by query text. The hot reads (a payment,
// its transactions, a store by API key) would otherwise make SQLite parse the same SQL on every
// call, which profiling showed to be most of a payment page's time.
type statements struct {
	db    *sql.DB
	fixed bool // prepare nothing after start: see newFixedStatements
	mu    sync.Mutex
	cache map[string]*sql.Stmt
}

func newStatements(db *sql.DB) *statements {
	return &statements{db: db, cache: map[string]*sql.Stmt{}}
}

// newFixedStatements prepares queries on db now and never later. The writer has one connection,
// which a transaction holds while it runs: preparing a new statement on the DB from inside one would
// wait for that very connection. So the writer's hot statements are prepared at start, and any other
// query just runs unprepared.
func newFixedStatements(ctx context.Context, db *sql.DB, queries []string) (*statements, error) {
	s := newStatements(db)
	for _, q := range queries {
		if _, err := s.get(ctx, q); err != nil {
			s.close()
			return nil, fmt.Errorf("engine: prepare %.40q…: %w", q, err)
		}
	}
	s.fixed = true
	return s, nil
}

var errNotPrepared = errors.New("engine: statement not prepared")

func (s *statements) get(ctx context.Context, query string) (*sql.Stmt, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if st, ok := s.cache[query]; ok {
		return st, nil
	}
	if s.fixed {
		return nil, errNotPrepared
	}
	st, err := s.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.cache[query] = st
	return st, nil
}

func (s *statements) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for q, st := range s.cache {
		st.Close()
		delete(s.cache, q)
	}
}

// prepared is a querier whose queries run as cached prepared statements, inside tx when tx is set
// (tx must belong to the same DB). Should preparing fail, the query runs unprepared.
type prepared struct {
	stmts *statements
	tx    *sql.Tx
}

func (p prepared) stmt(ctx context.Context, query string) *sql.Stmt {
	st, err := p.stmts.get(ctx, query)
	if err != nil {
		return nil
	}
	if p.tx != nil {
		return p.tx.StmtContext(ctx, st)
	}
	return st
}

func (p prepared) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	if p.tx != nil {
		return p.tx.QueryContext(ctx, query, args...)
	}
	return p.stmts.db.QueryContext(ctx, query, args...)
}

func (p prepared) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	if p.tx != nil {
		return p.tx.QueryRowContext(ctx, query, args...)
	}
	return p.stmts.db.QueryRowContext(ctx, query, args...)
}

func (p prepared) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := p.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	if p.tx != nil {
		return p.tx.ExecContext(ctx, query, args...)
	}
	return p.stmts.db.ExecContext(ctx, query, args...)
}
