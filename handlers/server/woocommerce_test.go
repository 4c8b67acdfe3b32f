package server_test

// The WooCommerce plugin for this API, as a merchant installs it, reproduced call for call from its
// published source (includes/class-bucksbus-api-handler.php, class-wc-gateway-bucksbus-base.php and
// -handler.php): the plugin itself is PHP on WordPress, which neither this repository nor its CI
// can hold or fetch, so this test plays exactly what its classes send and check:
//   - "check credentials": GET checkouts?limit=0 with Basic auth and Content-Type: application/json;
//     200 is right, 401 is wrong credentials, anything else an error;
//   - create_payment: payer_name/description through sanitize_text_field, payer_lang "en", the
//     order total as a JSON float, the shop currency, custom = wp_json_encode(order id, key, source),
//     success_url = the order-received URL, cancel_url = the cancel-order URL (percent-encoded
//     redirect, as WooCommerce builds it);
//   - handle_webhook: sanitize_text_field on the raw body, json_decode, payment.payment_asset_id
//     picks the plugin's gateway, validate_webhook compares sanitize_text_field(header) with
//     hash_hmac('sha256', sanitized body, secret) using ===, then json_decode(payment.custom) for
//     the order id; anything else answers 401/500, which the gateway retries.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/webhook/wptest"
)

// wooAssets are the coins the plugin offers (one gateway class each).
var wooAssets = []string{"BTC", "ETH", "LTC", "TRX", "USDT.TRC20", "USDT.ERC20", "USDC.ERC20", "POL", "MATIC", "USDC.POLY", "USDT.POLY"}

// wooShop is the plugin's webhook endpoint (?wc-api=WC_Gateway_BucksBus) and its orders.
type wooShop struct {
	secret string
	mu     sync.Mutex
	orders map[int]string // order id → last status the plugin set
	valid  int
	bad    []string
}

func (s *wooShop) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, _ := io.ReadAll(r.Body)
	payload := wptest.SanitizeTextField(string(raw))
	var data struct {
		Payment struct {
			PaymentAssetID string `json:"payment_asset_id"`
			Status         string `json:"status"`
			Custom         string `json:"custom"`
		} `json:"payment"`
	}
	if err := json.Unmarshal([]byte(payload), &data); err != nil || data.Payment.PaymentAssetID == "" {
		s.fail("undecodable or unsanitisable body: %s", raw)
		http.Error(w, "Invalid webhook", http.StatusUnauthorized)
		return
	}
	sig := wptest.SanitizeTextField(r.Header.Get("X-Webhook-HMAC-SHA256"))
	mac := hmac.New(sha256.New, []byte(s.secret))
	mac.Write([]byte(payload))
	if sig != hex.EncodeToString(mac.Sum(nil)) { // PHP's ===, as the plugin does
		s.fail("signature mismatch after sanitize_text_field for body %s", raw)
		http.Error(w, "BucksBus Webhook Request Failure", http.StatusInternalServerError)
		return
	}
	var order struct {
		OrderID int `json:"order_id"`
	}
	if err := json.Unmarshal([]byte(data.Payment.Custom), &order); err != nil || order.OrderID == 0 {
		s.fail("custom %q holds no order_id", data.Payment.Custom)
		return
	}
	s.mu.Lock()
	s.orders[order.OrderID] = data.Payment.Status
	s.valid++
	s.mu.Unlock()
}

func (s *wooShop) fail(format string, args ...any) {
	s.mu.Lock()
	s.bad = append(s.bad, fmt.Sprintf(format, args...))
	s.mu.Unlock()
}

// refused is the first webhook the plugin refused, or "".
func (s *wooShop) refused() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.bad) == 0 {
		return ""
	}
	return s.bad[0]
}

func (s *wooShop) status(order int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.orders[order]
}

func TestWooCommercePlugin(t *testing.T) {
	const key, secret, hookSecret = "woo-key", "woo-secret-0123456789", "woo-webhook-secret"
	shop := &wooShop{secret: hookSecret, orders: map[int]string{}}
	hook := httptest.NewServer(shop)
	t.Cleanup(hook.Close)
	m := startServer(t, map[string]string{
		"STORE_API_KEY": key, "STORE_API_SECRET": secret, "STORE_CURRENCY": "EUR",
		"STORE_WEBHOOK_URL": hook.URL + "/?wc-api=WC_Gateway_BucksBus", "STORE_WEBHOOK_SECRET": hookSecret,
		"WEBHOOK_RETRY_SCHEDULE": "100ms,100ms",
	})
	api := m.URL() + "/int/"

	// The plugin's BucksBus_API_Handler::send_request.
	send := func(secret, method, endpoint string, body any) (int, []byte) {
		t.Helper()
		var r io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = strings.NewReader(string(b))
		}
		req, _ := http.NewRequest(method, api+endpoint, r)
		req.SetBasicAuth(key, secret)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res.StatusCode, out
	}

	// check_auth: true only on 200, false on 401.
	if code, body := send(secret, "GET", "checkouts?limit=0", nil); code != http.StatusOK {
		t.Fatalf("credential check with the right secret = %d %s, want 200 (the plugin says the credentials are wrong)", code, body)
	}
	if code, _ := send(secret+"x", "GET", "checkouts?limit=0", nil); code != http.StatusUnauthorized {
		t.Fatalf("credential check with a wrong secret = %d, want 401", code)
	}

	// process_payment for one order per coin the plugin offers.
	type placed struct {
		order   int
		payment map[string]any
	}
	var orders []placed
	for i, asset := range wooAssets {
		order := 100 + i
		orderKey := fmt.Sprintf("wc_order_%d", order)
		custom, _ := json.Marshal(map[string]any{"order_id": order, "order_key": orderKey, "source": "woocommerce"})
		body := map[string]any{
			"payer_name":       wptest.SanitizeTextField("Jane   O'Neil "),
			"description":      wptest.SanitizeTextField("1 x Hoodie  <b>XL</b>, 2 x Cap"),
			"payer_email":      "jane@example.com",
			"payer_lang":       "en",
			"payment_asset_id": asset,
			"payment_type":     "FIXED_AMOUNT",
			"amount":           19.99, // floatval($order->get_total())
			"asset_id":         "EUR",
			"custom":           string(custom),
			"success_url":      fmt.Sprintf("https://shop.example/checkout/order-received/%d/?key=%s", order, orderKey),
			"cancel_url":       fmt.Sprintf("https://shop.example/cart/?cancel_order=true&order=%s&order_id=%d&redirect=%%2Fmy%%20account%%2F&_wpnonce=1a2b3c4d5e", orderKey, order),
		}
		code, raw := send(secret, "POST", "payment", body)
		if code != http.StatusOK {
			t.Fatalf("%s: create_payment = %d %s, want 200", asset, code, raw)
		}
		var p map[string]any
		if err := json.Unmarshal(raw, &p); err != nil {
			t.Fatal(err)
		}
		if p["payment_asset_id"] != asset || p["payment_url"] == "" || p["payment_id"] == "" {
			t.Fatalf("%s: payment = %s", asset, raw)
		}
		orders = append(orders, placed{order, p})
	}

	// Every payment is paid in full and confirmed: the plugin marks each order from its webhooks.
	networks := map[string]bool{}
	for _, o := range orders {
		id := o.payment["payment_id"].(string)
		if code, raw := send(secret, "POST", "test/payment/"+id+"/tx", map[string]any{"amount": o.payment["payment_amount"]}); code != http.StatusOK {
			t.Fatalf("%s: test tx = %d %s", o.payment["payment_asset_id"], code, raw)
		}
		networks[o.payment["crypto_network"].(string)] = true
	}
	for network := range networks {
		if code, raw := send(secret, "POST", "test/blocks", map[string]any{"crypto_network": network, "count": 200}); code != http.StatusOK {
			t.Fatalf("mine %s = %d %s", network, code, raw)
		}
	}
	for _, o := range orders {
		eventually(t, fmt.Sprintf("order %d (%s) marked COMPLETE by the plugin", o.order, o.payment["payment_asset_id"]), 30*time.Second, func() bool {
			return shop.status(o.order) == "COMPLETE" || shop.refused() != ""
		})
	}
	if first := shop.refused(); first != "" {
		t.Fatalf("the plugin refused a webhook: %s", first)
	}
	shop.mu.Lock()
	defer shop.mu.Unlock()
	// open, the transaction, complete: at least three valid webhooks per order.
	if got, want := shop.valid, 3*len(orders); got < want {
		t.Errorf("valid webhooks = %d, want at least %d", got, want)
	}
}
