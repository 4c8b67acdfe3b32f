package engine

import (
	"context"
	"reflect"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

func TestAuthenticateReturnsTheWholeStore(t *testing.T) {
	e, _ := newTestEngine(t)
	ctx := context.Background()
	_, creds, err := e.CreateStore(ctx, NewStore{Name: "Settings", IsTest: true, Currency: "EUR",
		UnderpayPercent: amt("1.5"), UnderpayAmount: amt("2"),
		Markups: map[string]gateway.Markup{"BTC": {Percent: amt("2"), Amount: amt("0.0001")}, "ETH": {Amount: amt("0.01")}}})
	if err != nil {
		t.Fatal(err)
	}
	byID, err := e.StoreByID(ctx, creds.StoreID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.Authenticate(ctx, creds.APIKey, creds.APISecret)
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	if !reflect.DeepEqual(got, byID) {
		t.Errorf("Authenticate = %+v\nStoreByID    = %+v", got, byID)
	}
	if got, want := gateway.FormatMarkups(got.Markups), "BTC:2:0.0001,ETH::0.01"; got != want {
		t.Errorf("markups = %s, want %s", got, want)
	}

	for _, c := range []struct{ name, key, secret string }{
		{"wrong secret", creds.APIKey, creds.APISecret + "x"},
		{"empty secret", creds.APIKey, ""},
		{"unknown key", "nope", creds.APISecret},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.Authenticate(ctx, c.key, c.secret)
			wantCode(t, err, gateway.ErrCodeUnauthorized)
		})
	}
}
