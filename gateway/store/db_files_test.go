package store

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/uuid"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
)

// openFile opens the SQLite database in dir as the gateway does.
func openFile(t *testing.T, dir string) *DB {
	t.Helper()
	db, err := Open(context.Background(), "", filepath.Join(dir, databaseFile), 2)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

const databaseFile = "gateway.db"

// writeStore commits one write, so that the WAL and shared memory exist.
func writeStore(t *testing.T, db *DB) {
	t.Helper()
	err := db.WithTx(context.Background(), func(tx *Tx) error {
		return tx.InsertStore(context.Background(), gateway.Store{StoreID: uuid.NewString(), Name: "Shop", Currency: "USD", APIKey: uuid.NewString()}, "hash", "totp", 0)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The database holds webhook and TOTP secrets: its directory is 0700 and its files (database, WAL,
// shared memory) 0600, on a fresh data directory and on one an older version left readable.
func TestDataFilesArePrivate(t *testing.T) {
	dbtest.SQLiteOnly(t, "the SQLite file and its pragmas")
	for _, tt := range []struct {
		name  string
		setup func(t *testing.T, dir string)
	}{
		{"fresh", func(*testing.T, string) {}},
		{"left readable", func(t *testing.T, dir string) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			db := openFile(t, dir)
			writeStore(t, db)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{dir, filepath.Join(dir, databaseFile)} {
				if err := os.Chmod(name, 0o755); err != nil {
					t.Fatal(err)
				}
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			tt.setup(t, dir)
			db := openFile(t, dir)
			defer db.Close()
			writeStore(t, db) // the WAL and shared memory exist now
			want := map[string]fs.FileMode{dir: 0o700}
			for _, suffix := range []string{"", "-wal", "-shm"} {
				want[filepath.Join(dir, databaseFile+suffix)] = 0o600
			}
			for name, mode := range want {
				fi, err := os.Stat(name)
				if err != nil {
					t.Fatal(err)
				}
				if got := fi.Mode().Perm(); got != mode {
					t.Errorf("%s: mode %v, want %v", filepath.Base(name), got, mode)
				}
			}
		})
	}
}

// The writer syncs every commit (synchronous=FULL): in WAL mode NORMAL may lose transactions already
// answered 200 when the power goes.
func TestWriterSyncsEveryCommit(t *testing.T) {
	dbtest.SQLiteOnly(t, "the SQLite file and its pragmas")
	db := openFile(t, t.TempDir())
	defer db.Close()
	var got int
	if err := db.write.QueryRowContext(context.Background(), `PRAGMA synchronous`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := 2; got != want {
		t.Errorf("PRAGMA synchronous = %d, want %d (FULL)", got, want)
	}
}
