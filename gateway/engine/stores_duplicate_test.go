package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

// A second store with a taken API key is refused as the merchant's mistake, naming api_key, on
// either database (SQLite and PostgreSQL word the unique violation differently), and nothing of it
// is kept.
func TestCreateStoreWithATakenAPIKey(t *testing.T) {
	e, _ := newTestEngine(t)
	newTestStore(t, e, NewStore{APIKey: "taken-key", APISecret: "first-secret-0123456789"})
	_, _, err := e.CreateStore(context.Background(), NewStore{Name: "Second", IsTest: true, APIKey: "taken-key", APISecret: "second-secret-0123456789"})
	var gerr *gateway.Error
	if !errors.As(err, &gerr) || gerr.Code != gateway.ErrCodeInvalidField || gerr.Field != "api_key" {
		t.Fatalf("second store with the same API key: %v, want %s on api_key", err, gateway.ErrCodeInvalidField)
	}
	if n, err := e.CountStores(context.Background()); err != nil || n != 1 {
		t.Fatalf("stores = %d (%v), want the first only", n, err)
	}
}
