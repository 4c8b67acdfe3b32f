package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// apiClient calls the checkout's Integration API (/int) as the merchant would.
type apiClient struct {
	base, key, secret string
}

var httpClient = &http.Client{Timeout: 20 * time.Second}

func (a *apiClient) call(t *testing.T, method, path string, body, out any) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth(a.key, a.secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: decoding %s: %v", method, path, b, err)
		}
	}
}

// payment is the part of the API's payment the tests look at; amounts stay decimal strings.
type payment struct {
	PaymentID      string `json:"payment_id"`
	PaymentURL     string `json:"payment_url"`
	PaymentAmount  string `json:"payment_amount"`
	PaymentAssetID string `json:"payment_asset_id"`
	RemainAmount   string `json:"remain_amount"`
	IPAmount       string `json:"ip_amount"`
	Status         string `json:"status"`
	Address        string `json:"address"`
	CryptoNetwork  string `json:"crypto_network"`
	EndDate        string `json:"end_date"`
	StoreName      string `json:"store_name"`
}

// newPayment creates a payment of 100 USD in asset, with the merchant's return URLs; more holds
// extra request fields.
func (s *suite) newPayment(t *testing.T, asset string, more map[string]any) payment {
	t.Helper()
	req := map[string]any{
		"amount": "100", "asset_id": "USD", "payment_asset_id": asset, "timeout": 30,
		"description": "Order 42 <b>not bold</b>",
		"success_url": s.merchant.origin() + "/back?paid=1",
		"cancel_url":  s.merchant.origin() + "/back?cancelled=1",
	}
	for k, v := range more {
		req[k] = v
	}
	var p payment
	s.api.call(t, http.MethodPost, "/payment", req, &p)
	return p
}

func (s *suite) payment(t *testing.T, id string) payment {
	t.Helper()
	var p payment
	s.api.call(t, http.MethodGet, "/payment/"+id, nil, &p)
	return p
}

// send emulates a payer's transaction of amount to the payment's address (0 confirmations).
func (s *suite) send(t *testing.T, p payment, amount string) {
	t.Helper()
	s.api.call(t, http.MethodPost, "/test/payment/"+p.PaymentID+"/tx", map[string]any{"amount": amount}, nil)
}

// mine adds count confirmations to every pending transaction on the payment's network.
func (s *suite) mine(t *testing.T, p payment, count int) {
	t.Helper()
	s.api.call(t, http.MethodPost, "/test/blocks", map[string]any{"crypto_network": p.CryptoNetwork, "count": count}, nil)
}

// expire makes the payment reach its end_date now.
func (s *suite) expire(t *testing.T, p payment) {
	t.Helper()
	s.api.call(t, http.MethodPost, "/test/payment/"+p.PaymentID+"/expire", nil, nil)
}

// part is a share of an amount, rounded down at 8 places (so it is less than the whole).
func part(t *testing.T, amount string, share string) string {
	t.Helper()
	a, err := decimal.NewFromString(amount)
	if err != nil {
		t.Fatalf("amount %q: %v", amount, err)
	}
	return a.Mul(decimal.RequireFromString(share)).Truncate(8).String()
}

func (p payment) String() string {
	return fmt.Sprintf("payment %s (%s %s)", p.PaymentID, p.PaymentAmount, p.PaymentAssetID)
}
