package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
)

// statements are the prepared statements of one *sql.DB, by query text: the hot queries, which
// SQLite would otherwise parse again on every call (profiling showed that to be most of a payment
// page's time). They are all prepared at start and never later. Preparing on a pool needs a free
// connection: from inside a transaction, which holds one, that can wait forever — on the writer's
// single connection always, and on the read pool when every connection is held by a transaction
// wanting the same statement. Any other query simply runs unprepared. The set never changes after
// start, so reading it takes no lock.
type statements struct {
	db    *sql.DB
	cache map[string]*sql.Stmt
	// observe, when set (tests only), is told the text of every query run through these statements,
	// prepared or not.
	observe atomic.Pointer[func(query string)]
}

// prepareStatements prepares queries on db.
func prepareStatements(ctx context.Context, db *sql.DB, queries []string) (*statements, error) {
	s := &statements{db: db, cache: make(map[string]*sql.Stmt, len(queries))}
	for _, q := range queries {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			s.close()
			return nil, fmt.Errorf("store: prepare %.40q…: %w", q, err)
		}
		s.cache[q] = st
	}
	return s, nil
}

// get returns the statement prepared for query, nil if it is not one of the hot ones.
func (s *statements) get(query string) *sql.Stmt { return s.cache[query] }

// close closes every statement; call it once, when the pool closes.
func (s *statements) close() {
	for _, st := range s.cache {
		st.Close()
	}
}

// prepared is a querier whose hot queries run as their prepared statements, inside tx when tx is set
// (tx must belong to the same DB); other queries run unprepared.
type prepared struct {
	stmts *statements
	tx    *sql.Tx
}

func (p prepared) stmt(ctx context.Context, query string) *sql.Stmt {
	if f := p.stmts.observe.Load(); f != nil {
		(*f)(query)
	}
	st := p.stmts.get(query)
	if st == nil {
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

// hotReads are the statements behind every page load, live refresh and API call (a payment, its
// code, its transactions, its store's page settings, an API key's secret, a store and its markups). They are prepared at start
// because preparing on the pool later can deadlock it: a read transaction that holds a connection
// would wait for another one to prepare on, while every connection is held by a transaction waiting
// for the same statement (a burst of streams after a restart did exactly that).
var hotReads = []string{qPayment, qStorePayment, qPaymentCode, qPaymentTxs, qStorePage, qStoreMarkups, qStoreSecret, qStoreWithMarkups}

// hotWrites are the statements of every new payment (numbering, account, address, payment row,
// outbox row): prepared once, they spare SQLite parsing them again in each transaction.
var hotWrites = []string{qNextPaymentNum, qPaymentAccount, qInsertPayment, qNextAddressIndex, qInsertAddress,
	qStoreWebhookURL, qInsertWebhook}
