package engine_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

// Polygon addresses come from the Ethereum account key (coin type 60, as EVM wallets derive
// them), counted apart from Ethereum's: the first POL and the first ETH address are the same key.
func TestPolygonAddressesFollowTheSeedPhrase(t *testing.T) {
	e, _ := newGW2(t)
	s := testStore(t, e)
	for _, tt := range []struct{ asset, want string }{
		{"USDT.POLY", "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"}, // m/44'/60'/0'/0/0
		{"POL", "0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0"},       // m/44'/60'/0'/0/1
		{"ETH", "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"},       // Ethereum's own index 0
	} {
		if got := newDedicate(t, e, s, gateway.CreateDedicateRequest{AssetID: tt.asset}).Address; got != tt.want {
			t.Errorf("%s address = %s, want %s", tt.asset, got, tt.want)
		}
	}
}

// A store created before Polygon was added gets its Polygon key from its Ethereum key when the
// database is migrated: the seed phrase is not kept, so there is nothing else to derive it from.
func TestPolygonMigrationForOlderStores(t *testing.T) {
	dbtest.SQLiteOnly(t, "a SQLite file of a version before Polygon (PostgreSQL support came after it)")
	dir := t.TempDir()
	e := gw2Engine(t, dir, &fakeClock{t: gw2Start})
	s := testStore(t, e)
	e.Close()

	// Make the database what it was before migration 003: no POLYGON key, 003 not applied.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, engine.DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DELETE FROM store_keys WHERE network = 'POLYGON'`, `DELETE FROM schema_migrations WHERE version = 3`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	e = gw2Engine(t, dir, &fakeClock{t: gw2Start})
	d, err := e.CreateDedicate(context.Background(), s, gateway.CreateDedicateRequest{AssetID: "POL"})
	if err != nil {
		t.Fatalf("POL on a migrated store: %v", err)
	}
	if got, want := d.Address, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"; got != want {
		t.Errorf("first POL address = %s, want %s (Ethereum's key, index 0)", got, want)
	}
}
