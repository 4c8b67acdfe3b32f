package store

import "context"

// What tests and benchmarks of the gateway observe or tune of the database; production never
// calls these.

// ObserveReads has f told the text of every statement run on the read pool from now on (nil
// stops it).
func (db *DB) ObserveReads(f func(query string)) {
	if f == nil {
		db.readStmts.observe.Store(nil)
		return
	}
	db.readStmts.observe.Store(&f)
}

// ObserveBatches has f told the size of every batch group commit commits from now on (SQLite).
// Set it before the calls it should see.
func (db *DB) ObserveBatches(f func(n int)) { db.group.batches = f }

// PendingGroupCalls counts the calls waiting for a group-commit batch (SQLite).
func (db *DB) PendingGroupCalls() int { return db.group.pending() }

// CommitEachCall makes every WithGroupTx call a transaction of its own on the caller's goroutine,
// as before group commit (SQLite benchmarks).
func (db *DB) CommitEachCall(on bool) { db.group.direct = on }

// SetWriterSynchronous sets the SQLite writer's PRAGMA synchronous (NORMAL, FULL).
func (db *DB) SetWriterSynchronous(mode string) error {
	_, err := db.write.Exec("PRAGMA synchronous=" + mode)
	return err
}

// DropUnderneath rolls the transaction back from inside, as SQLite does on a full disk or an I/O
// error: its savepoints are gone with it (tests of group commit's recovery).
func (t *Tx) DropUnderneath(ctx context.Context) error {
	_, err := t.tx.ExecContext(ctx, `ROLLBACK`)
	return err
}
