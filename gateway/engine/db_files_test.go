package engine_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

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
			e := gw2Engine(t, dir, nil)
			gw2Store(t, e, engine.NewStore{IsTest: true})
			if err := e.Close(); err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{dir, filepath.Join(dir, engine.DatabaseFile)} {
				if err := os.Chmod(name, 0o755); err != nil {
					t.Fatal(err)
				}
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			tt.setup(t, dir)
			e := gw2Engine(t, dir, nil)
			s := gw2Store(t, e, engine.NewStore{IsTest: true})
			newPayment(t, e, s, fixedCrypto("0.01", "BTC")) // the WAL and shared memory exist now
			want := map[string]fs.FileMode{dir: 0o700}
			for _, suffix := range []string{"", "-wal", "-shm"} {
				want[filepath.Join(dir, engine.DatabaseFile+suffix)] = 0o600
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
	e := gw2Engine(t, t.TempDir(), nil)
	got, err := engine.WriterSynchronousForTest(context.Background(), e)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2; got != want {
		t.Errorf("PRAGMA synchronous = %d, want %d (FULL)", got, want)
	}
}
