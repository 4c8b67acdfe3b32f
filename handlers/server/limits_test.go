package server

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/cryptocheckout/checkout/handlers/throttle"
)

// clientFrom sends from the local address src (every 127.0.0.x is loopback on Linux).
func clientFrom(src string) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}).DialContext,
	}}
}

func send(t *testing.T, client *http.Client, method, url, user, pass string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func retryAfter(t *testing.T, resp *http.Response, window time.Duration) {
	t.Helper()
	n, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || n < 1 || n > int(window.Seconds()) {
		t.Errorf("Retry-After = %q, want 1..%d seconds", resp.Header.Get("Retry-After"), int(window.Seconds()))
	}
}

// Issue 11 finding 10: 13.7k wrong secrets/s and 6.4k wrong codes/s from one address went
// unanswered by any brake. Past the limit the address gets 429 with Retry-After: JSON ERR_… from the
// API, a translated page from the payer pages; another address is not affected.
func TestFailuresFromOneAddressAreThrottled(t *testing.T) {
	const key, secret = "key", "secret-secret-secret"
	cfg := Config{
		AuthFailureLimit: throttle.Rule{Limit: 3, Window: time.Minute},
		NotFoundLimit:    throttle.Rule{Limit: 5, Window: time.Minute},
		Store:            StoreBootstrap{APIKey: key, APISecret: secret},
	}
	m := openTestMain(t, cfg)
	defer m.Close()
	base := m.URL()
	guesser, other := clientFrom("127.0.0.1"), clientFrom("127.0.0.2")

	for range 10 { // successes and validation errors do not count
		if resp, _ := send(t, guesser, http.MethodGet, base+"/int/assets", key, secret); resp.StatusCode != 200 {
			t.Fatalf("GET /int/assets = %d", resp.StatusCode)
		}
		if resp, _ := send(t, guesser, http.MethodGet, base+"/int/payments", key, secret); resp.StatusCode != 422 {
			t.Fatalf("GET /int/payments without dates = %d, want 422", resp.StatusCode)
		}
	}
	for i := range 3 {
		if resp, _ := send(t, guesser, http.MethodGet, base+"/int/assets", key, "wrong"); resp.StatusCode != 401 {
			t.Fatalf("wrong secret %d = %d, want 401", i+1, resp.StatusCode)
		}
	}
	for _, pass := range []string{"wrong", secret} { // over the limit even the right secret waits
		resp, body := send(t, guesser, http.MethodGet, base+"/int/assets", key, pass)
		var e struct{ Code, Message string }
		if resp.StatusCode != http.StatusTooManyRequests || json.Unmarshal([]byte(body), &e) != nil || e.Code != "ERR_TOO_MANY_REQUESTS" || e.Message == "" {
			t.Fatalf("after 3 wrong secrets: %d %s, want 429 ERR_TOO_MANY_REQUESTS", resp.StatusCode, body)
		}
		retryAfter(t, resp, time.Minute)
	}
	if resp, _ := send(t, other, http.MethodGet, base+"/int/assets", key, secret); resp.StatusCode != 200 {
		t.Errorf("another address = %d, want 200", resp.StatusCode)
	}

	// Payer pages: unknown ids and wrong codes are 404s; the sixth is refused, in the payer's language.
	for i := range 5 {
		url := base + "/payment/00000000-0000-4000-8000-00000000000" + strconv.Itoa(i) + "?code=guess"
		if resp, _ := send(t, guesser, http.MethodGet, url, "", ""); resp.StatusCode != 404 {
			t.Fatalf("guess %d = %d, want 404", i+1, resp.StatusCode)
		}
	}
	for range 5 { // other 404s guess nothing and do not count
		send(t, other, http.MethodGet, base+"/favicon.ico", "", "")
	}
	resp, body := send(t, guesser, http.MethodGet, base+"/payment/00000000-0000-4000-8000-000000000009?code=guess&lang=fr", "", "")
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("sixth guess = %d, want 429", resp.StatusCode)
	}
	retryAfter(t, resp, time.Minute)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "fr" || !strings.Contains(doc.Find("h1").Text(), "Trop de tentatives") {
		t.Errorf("429 page: lang %q, h1 %q; want the French page", lang, doc.Find("h1").Text())
	}
	if resp, _ := send(t, guesser, http.MethodGet, base+"/int/dedicate/00000000-0000-4000-8000-000000000009/qrcode", "", ""); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the public qrcode_url after the guesses = %d, want 429", resp.StatusCode)
	}
	if resp, _ := send(t, other, http.MethodGet, base+"/payment/00000000-0000-4000-8000-000000000009?code=guess", "", ""); resp.StatusCode != 404 {
		t.Errorf("another address's first guess = %d, want 404", resp.StatusCode)
	}
	if resp, _ := send(t, guesser, http.MethodGet, base+"/healthz", "", ""); resp.StatusCode != 200 {
		t.Errorf("/healthz for a throttled address = %d, want 200", resp.StatusCode)
	}
}
