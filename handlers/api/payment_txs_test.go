package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

func TestListTransactions(t *testing.T) {
	a := newTestAPI(t)
	p := a.createPayment(t, `{"amount": 0.01, "asset_id": "ETH", "payment_asset_id": "ETH"}`)
	id := str(t, p, "payment_id")

	empty := a.call(t, "GET", "/int/payment/"+id+"/txs", "").ok(t)
	if got, want := strings.TrimSpace(string(empty.Body)), "[]"; got != want {
		t.Errorf("transactions of a new payment = %s, want %s", got, want)
	}

	first := a.call(t, "POST", "/int/test/payment/"+id+"/tx", `{"amount": "0.004"}`).ok(t).object(t)
	a.clk.Advance(30 * time.Second)
	a.call(t, "POST", "/int/test/payment/"+id+"/tx", `{"amount": 0.006}`).ok(t)
	a.call(t, "POST", "/int/test/blocks", `{"crypto_network": "ETHEREUM", "count": 10}`).ok(t)

	txs := a.call(t, "GET", "/int/payment/"+id+"/txs", "").ok(t).array(t)
	if got, want := len(txs), 2; got != want {
		t.Fatalf("transactions = %d, want %d", got, want)
	}
	addr := str(t, p, "address")
	for i, want := range []string{"0.004", "0.006"} {
		tx := txs[i]
		hash := str(t, tx, "trx_hash")
		for key, w := range map[string]string{
			"amount": want, "status": "COMPLETE", "status_name": "Complete", "crypto_network": "ETHEREUM",
			"crypto_network_name": "Ethereum", "address": addr, "currency": "ETH", "asset_id": "ETH",
			"crypto_address_link":     "https://etherscan.io/address/" + addr,
			"crypto_transaction_link": "https://etherscan.io/tx/" + hash,
		} {
			if got := str(t, tx, key); got != w {
				t.Errorf("tx %d %s = %q, want %q", i, key, got, w)
			}
		}
		if !strings.HasPrefix(hash, "0x") || len(hash) != 66 {
			t.Errorf("tx %d trx_hash %q is not shaped like an Ethereum hash", i, hash)
		}
		for _, key := range []string{"trx_date", "trx_received"} {
			if v := str(t, tx, key); len(v) != len("2026-03-04T10:00:00Z") || !strings.HasSuffix(v, "Z") {
				t.Errorf("tx %d %s = %q, want RFC 3339 UTC seconds", i, key, v)
			}
		}
	}
	if got, want := str(t, txs[0], "trx_hash"), str(t, first, "trx_hash"); got != want {
		t.Errorf("first listed hash = %s, want the first sent %s", got, want)
	}
	if got, want := str(t, a.call(t, "GET", "/int/payment/"+id, "").ok(t).object(t), "status"), "COMPLETE"; got != want {
		t.Errorf("payment status = %s, want %s", got, want)
	}
}

func TestListTransactionsRefused(t *testing.T) {
	a := newTestAPI(t)
	id := str(t, a.createPayment(t, seedPaymentCustomObject), "payment_id")
	a.addStore(t, "Other", "other-key", "other-secret-0123456789", true)
	a.call(t, "GET", "/int/payment/"+unknownID+"/txs", "").wantError(t, http.StatusUnprocessableEntity, gateway.ErrCodeNoPayment, "")
	a.call(t, "GET", "/int/payment/not-an-id/txs", "").wantError(t, http.StatusUnprocessableEntity, gateway.ErrCodeNoPayment, "")
	a.callAs(t, "other-key", "other-secret-0123456789", "GET", "/int/payment/"+id+"/txs", "").
		wantError(t, http.StatusUnprocessableEntity, gateway.ErrCodeNoPayment, "")
	a.callAs(t, "", "", "GET", "/int/payment/"+id+"/txs", "").wantError(t, http.StatusUnauthorized, gateway.ErrCodeUnauthorized, "")
}
