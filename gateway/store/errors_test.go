package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/uuid"

	"github.com/cryptocheckout/checkout/gateway/dbtest"
)

// openTest opens an empty database of the run's dialect, closed with the test.
func openTest(t *testing.T) *DB {
	t.Helper()
	dir := t.TempDir()
	db, err := Open(context.Background(), dbtest.URLFor(t, dir), filepath.Join(dir, databaseFile), 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// A read or an update that finds no row says so with ErrNotFound, on both dialects, so the engine
// can answer the object's own not-found error.
func TestMissingRowsAreErrNotFound(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	id := uuid.NewString()
	for name, err := range map[string]error{
		"payment":         func() error { _, err := db.Payment(ctx, "", id); return err }(),
		"store":           func() error { _, err := db.StoreWithMarkups(ctx, id); return err }(),
		"dedicate":        func() error { _, err := db.Dedicate(ctx, id, id); return err }(),
		"withdrawal":      func() error { _, err := db.Withdraw(ctx, id, id); return err }(),
		"webhook":         func() error { _, err := db.Webhook(ctx, 1); return err }(),
		"mail":            func() error { _, err := db.Mail(ctx, 1); return err }(),
		"requeue webhook": db.RequeueWebhook(ctx, 1, 0),
		"requeue mail":    db.RequeueMail(ctx, 1, 0),
		"rotate secret":   db.SetAPISecretHash(ctx, id, "hash"),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
}
