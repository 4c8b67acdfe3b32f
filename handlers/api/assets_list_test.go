package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

func TestListAssets(t *testing.T) {
	a := newTestAPI(t)
	list := a.call(t, "GET", "/int/assets", "").ok(t).array(t)
	byID := map[string]map[string]any{}
	lastOrder := -1
	for _, asset := range list {
		id := str(t, asset, "asset_id")
		byID[id] = asset
		order, err := strconv.Atoi(num(t, asset, "sort_order"))
		if err != nil || order < lastOrder {
			t.Errorf("%s sort_order %v comes after %d: the array is not in sort order", id, asset["sort_order"], lastOrder)
		}
		lastOrder = order
	}

	// The seed's own example of BTC, field for field (its symbol aside: ฿ there is a Thai baht sign).
	btc := byID["BTC"]
	if btc == nil {
		t.Fatal("no BTC in /assets")
	}
	for key, want := range map[string]string{
		"asset_id": "BTC", "asset_name": "Bitcoin", "currency": "BTC", "currency_name": "Bitcoin", "language": "en",
		"asset_type": "CRYPTO", "asset_type_name": "Crypto Currencies", "crypto_network": "BITCOIN", "crypto_network_name": "Bitcoin",
		"crypto_address_link":     "https://live.blockcypher.com/btc/address/{address}",
		"crypto_transaction_link": "https://live.blockcypher.com/btc/tx/{txid}",
	} {
		if got := str(t, btc, key); got != want {
			t.Errorf("BTC %s = %q, want %q", key, got, want)
		}
	}
	for key, want := range map[string]string{
		"sort_order": "20", "min_size": "0.00000001", "precision": "8", "timeout_to_trx": "90", "timeout_to_wdr": "1440",
		"crypto_network_confirmations": "6", "min_withdrawal_amount": "0.0001", "max_withdrawal_amount": "2400",
	} {
		if got := num(t, btc, key); got != want {
			t.Errorf("BTC %s = %s, want %s", key, got, want)
		}
	}

	tests := []struct {
		id, typ, network, confirms, precision string
	}{
		{"BTC", "CRYPTO", "BITCOIN", "6", "8"},
		{"LTC", "CRYPTO", "LITECOIN", "6", "8"},
		{"ETH", "CRYPTO", "ETHEREUM", "10", "18"},
		{"USDT.ERC20", "CRYPTO", "ETHEREUM", "10", "6"},
		{"USDC.ERC20", "CRYPTO", "ETHEREUM", "10", "6"},
		{"TRX", "CRYPTO", "TRON", "19", "6"},
		{"USDT.TRC20", "CRYPTO", "TRON", "19", "6"},
		{"POL", "CRYPTO", "POLYGON", "128", "18"},
		{"MATIC", "CRYPTO", "POLYGON", "128", "18"},
		{"USDT.POLY", "CRYPTO", "POLYGON", "128", "6"},
		{"USDC.POLY", "CRYPTO", "POLYGON", "128", "6"},
		{"USD", "FIAT", "", "", "2"},
		{"EUR", "FIAT", "", "", "2"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			asset := byID[tt.id]
			if asset == nil {
				t.Fatalf("no %s in /assets", tt.id)
			}
			if got := str(t, asset, "asset_type"); got != tt.typ {
				t.Errorf("asset_type = %s, want %s", got, tt.typ)
			}
			if got := num(t, asset, "precision"); got != tt.precision {
				t.Errorf("precision = %s, want %s", got, tt.precision)
			}
			if tt.network == "" {
				if _, ok := asset["crypto_network"]; ok {
					t.Errorf("a fiat asset has crypto_network %v", asset["crypto_network"])
				}
				return
			}
			if got := str(t, asset, "crypto_network"); got != tt.network {
				t.Errorf("crypto_network = %s, want %s", got, tt.network)
			}
			if got := num(t, asset, "crypto_network_confirmations"); got != tt.confirms {
				t.Errorf("confirmations = %s, want %s", got, tt.confirms)
			}
		})
	}
}

func TestListAssetsRefused(t *testing.T) {
	a := newTestAPI(t)
	a.callAs(t, "", "", "GET", "/int/assets", "").wantError(t, http.StatusUnauthorized, gateway.ErrCodeUnauthorized, "")
	a.callAs(t, apiKey, "wrong-secret-0123456789", "GET", "/int/assets", "").wantError(t, http.StatusUnauthorized, gateway.ErrCodeUnauthorized, "")
	a.call(t, "GET", "/int/assets/BTC", "").wantError(t, http.StatusNotFound, gateway.ErrCodeNotFound, "")
}
