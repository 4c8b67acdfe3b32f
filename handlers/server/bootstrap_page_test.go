package server

import (
	"strings"
	"testing"
)

// STORE_SUPPORT_EMAIL, STORE_SUPPORT_URL and STORE_BRAND_COLOR fix the first test store's page
// settings; a bad one stops the start with the variable named.
func TestStorePageFromEnv(t *testing.T) {
	n, err := NewStoreFromEnv(StoreBootstrap{SupportEmail: "help@shop.example", SupportURL: "https://shop.example/help", BrandColor: "#0B6E4F"})
	if err != nil {
		t.Fatal(err)
	}
	if got := *n.Page.SupportEmail + " " + *n.Page.SupportURL + " " + *n.Page.BrandColor; got != "help@shop.example https://shop.example/help #0B6E4F" {
		t.Errorf("page settings %q", got)
	}
	for _, tt := range []struct {
		b    StoreBootstrap
		want string
	}{
		{StoreBootstrap{SupportEmail: "Help <help@shop.example>"}, "STORE_SUPPORT_EMAIL"},
		{StoreBootstrap{SupportURL: "javascript:alert(1)"}, "STORE_SUPPORT_URL"},
		{StoreBootstrap{BrandColor: "#fff;}body{"}, "STORE_BRAND_COLOR"},
	} {
		if _, err := NewStoreFromEnv(tt.b); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want an error naming %s", tt.b, err, tt.want)
		}
	}
}
