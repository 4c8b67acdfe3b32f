package server_test

import (
	"database/sql"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/dbtest"
)

// count is how many of paymentID's accepted webhooks were event, and how many there were.
func (m *merchant) count(paymentID, event string) (matching, all int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, e := range m.events[paymentID] {
		if e == event {
			matching++
		}
	}
	return matching, len(m.events[paymentID])
}

type apiPayment struct {
	PaymentID       string `json:"payment_id"`
	PaymentNum      string `json:"payment_num"`
	Status          string `json:"status"`
	IPAmount        string `json:"ip_amount"`
	ConfirmedAmount string `json:"confirmed_amount"`
}

// Two gateway processes (the real binary) started at once on one DATABASE_URL serve one set of
// stores: one first test store for both, a payment created on one read on the other, 60 test
// transactions split across both adding up exactly, one payment.complete, every webhook sent once.
func TestPostgresTwoProcessesServeOneGateway(t *testing.T) {
	databaseURL := dbtest.Postgres(t)
	tmp := t.TempDir()
	bin := buildBinary(t, tmp)
	log := &merchant{delivered: map[string]int{}, events: map[string][]string{}}
	hooks := httptest.NewServer(log)
	defer hooks.Close()

	bases := make([]string, 2)
	var wg sync.WaitGroup
	for i := range bases {
		cmd := exec.Command(bin)
		cmd.Env = append(os.Environ(),
			"DATABASE_URL="+databaseURL, "DATA_DIR="+filepath.Join(tmp, fmt.Sprint("data", i)),
			"LISTEN_ADDR=127.0.0.1:0", "LOG_LEVEL=info",
			"STORE_API_KEY="+restartKey, "STORE_API_SECRET="+restartSecret,
			"STORE_WEBHOOK_URL="+hooks.URL+"/hook", "STORE_WEBHOOK_SECRET="+restartWebhook,
		)
		wg.Go(func() { bases[i] = listen(t, cmd) })
	}
	wg.Wait()
	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var stores int
	if err := db.QueryRow(`SELECT COUNT(*) FROM stores`).Scan(&stores); err != nil || stores != 1 {
		t.Fatalf("stores after two first starts = %d (%v), want one", stores, err)
	}

	var p apiPayment
	apiCall(t, bases[0], restartKey, restartSecret, "POST", "/int/payment", `{"amount":"0.006","asset_id":"BTC","payment_asset_id":"BTC"}`, &p)
	var read apiPayment
	apiCall(t, bases[1], restartKey, restartSecret, "GET", "/int/payment/"+p.PaymentID, "", &read)
	if t.Failed() || read.PaymentNum != p.PaymentNum || read.Status != "OPEN" {
		t.Fatalf("payment created on the first process, read on the second: %+v, want %+v", read, p)
	}

	// 60 transactions of 0.0001 BTC, alternately on each process, all at once: 0.006 together.
	for i := range 60 {
		wg.Go(func() {
			apiCall(t, bases[i%2], restartKey, restartSecret, "POST", "/int/test/payment/"+p.PaymentID+"/tx", `{"amount":"0.0001"}`, nil)
		})
	}
	wg.Wait()
	for i := range 6 { // BTC needs six confirmations: one block from each process, three times
		wg.Go(func() {
			apiCall(t, bases[i%2], restartKey, restartSecret, "POST", "/int/test/blocks", `{"crypto_network":"BITCOIN"}`, nil)
		})
	}
	wg.Wait()
	apiCall(t, bases[0], restartKey, restartSecret, "GET", "/int/payment/"+p.PaymentID, "", &read)
	if read.Status != "COMPLETE" || read.IPAmount != "0.006" || read.ConfirmedAmount != "0.006" {
		t.Fatalf("after 60 transactions over two processes: %s, ip_amount %s, confirmed_amount %s; want COMPLETE, 0.006, 0.006",
			read.Status, read.IPAmount, read.ConfirmedAmount)
	}

	var queued int
	if err := db.QueryRow(`SELECT COUNT(*) FROM webhooks WHERE object_id = $1`, p.PaymentID).Scan(&queued); err != nil {
		t.Fatal(err)
	}
	eventually(t, "every webhook to be delivered", 60*time.Second, func() bool {
		var pending int
		db.QueryRow(`SELECT COUNT(*) FROM webhooks WHERE object_id = $1 AND delivered_at IS NULL`, p.PaymentID).Scan(&pending)
		return pending == 0
	})
	complete, all := log.count(p.PaymentID, "payment.complete")
	if complete != 1 || all != queued || log.bad != 0 {
		t.Fatalf("the merchant got payment.complete %d times and %d webhooks (%d badly signed) for %d queued; want once, each once",
			complete, all, log.bad, queued)
	}
}
