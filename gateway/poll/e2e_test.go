package poll_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
	"github.com/cryptocheckout/checkout/gateway/remote"
	"github.com/cryptocheckout/checkout/handlers/server"
)

const (
	e2eKey    = "e2e-api-key"
	e2eSecret = "e2e-api-secret-0123456789"
)

// startEmbeddedGateway runs the real program in-process (its /int is the Integration API) and
// returns the API's base URL.
func startEmbeddedGateway(t *testing.T) string {
	t.Helper()
	env := map[string]string{
		"LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": t.TempDir(), "LOG_LEVEL": "error",
		"STORE_API_KEY": e2eKey, "STORE_API_SECRET": e2eSecret,
	}
	cfg, err := server.LoadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	m := server.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard)
	if err := m.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m.URL() + "/int"
}

// merchant calls the embedded gateway's API as a merchant would.
func merchant(t *testing.T, base, method, path string, body any, out any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(b))
	req.SetBasicAuth(e2eKey, e2eSecret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
}

func TestAgainstTheEmbeddedGateway(t *testing.T) {
	const interval = 200 * time.Millisecond
	ctx := context.Background()
	base := startEmbeddedGateway(t)
	var created gateway.Payment
	merchant(t, base, http.MethodPost, "/payment", map[string]any{"amount": "25", "asset_id": "USD", "payment_asset_id": "BTC"}, &created)
	id := created.PaymentID

	prefix := redistest.Prefix(t)
	counter := &countingTransport{}
	a := newReplica(t, base, e2eKey, e2eSecret, prefix, interval, counter)
	b := newReplica(t, base, e2eKey, e2eSecret, prefix, interval, counter)

	// The payer's code opens the payment; a wrong code and an unknown id look the same.
	u, _ := url.Parse(created.PaymentURL)
	code := u.Query().Get("code")
	p, err := remote.PaymentForPayer(ctx, a.views, id, code)
	if err != nil {
		t.Fatalf("with the payment's code: %v", err)
	}
	if got, want := p.PaymentAmount.String(), created.PaymentAmount.String(); got != want {
		t.Errorf("payment_amount through the client = %s, want %s", got, want)
	}
	_, wrong := remote.PaymentForPayer(ctx, a.views, id, code[:len(code)-1]+"x")
	_, unknown := remote.PaymentForPayer(ctx, a.views, "6f1e0a1c-0000-4000-8000-000000000000", code)
	if wrong == nil || wrong.Error() != gateway.NoPayment(id).Error() {
		t.Errorf("wrong code: err = %v, want exactly what an unknown payment gives", wrong)
	}
	if gateway.ErrorCode(wrong) != gateway.ErrCodeNoPayment || gateway.ErrorCode(unknown) != gateway.ErrCodeNoPayment {
		t.Errorf("codes: wrong code %s, unknown %s; want both ERR_NO_PAYMENT", gateway.ErrorCode(wrong), gateway.ErrorCode(unknown))
	}

	var viewers []viewer
	for i := range 50 {
		r := a
		if i%2 == 1 {
			r = b
		}
		viewers = append(viewers, r.view(t, id))
	}
	defer func() {
		for _, v := range viewers {
			v.stop()
		}
	}()
	paymentPath := "GET /int/payment/" + id
	before := counter.count(paymentPath)
	began := time.Now()
	time.Sleep(10 * interval)
	elapsed := time.Since(began)
	polls := counter.count(paymentPath) - before
	t.Logf("real gateway, 50 watchers on 2 replicas, %v: %d reads of the payment", elapsed, polls)
	if limit := int(elapsed/interval) + 1; polls > limit || polls < limit/2 {
		t.Errorf("%d upstream reads in %v, want about one per %v and at most %d", polls, elapsed, interval, limit)
	}

	// The payer pays in full: every page hears of it and sees it in the cache.
	drain(viewers)
	var tx gateway.Transaction
	merchant(t, base, http.MethodPost, "/test/payment/"+id+"/tx", map[string]any{"amount": created.PaymentAmount.String()}, &tx)
	for i, v := range viewers {
		if !signalled(v.signals, 4*interval) {
			t.Fatalf("viewer %d not told of the transaction", i)
		}
	}
	for _, r := range []*replica{a, b} {
		p, err := r.views.Payment(ctx, id)
		if err != nil || !p.IPAmount.Equal(created.PaymentAmount) {
			t.Fatalf("after the transaction: ip_amount %s, %v; want %s", p.IPAmount, err, created.PaymentAmount)
		}
		txs, err := r.views.Transactions(ctx, id)
		if err != nil || len(txs) != 1 || txs[0].TrxHash != tx.TrxHash {
			t.Fatalf("after the transaction: %+v, %v", txs, err)
		}
	}

	// Six blocks confirm it: COMPLETE reaches the pages, and polling stops.
	drain(viewers)
	var mined map[string]any
	merchant(t, base, http.MethodPost, "/test/blocks", map[string]any{"crypto_network": "BITCOIN", "count": 6}, &mined)
	if !signalled(viewers[0].signals, 4*interval) || !signalled(viewers[1].signals, 4*interval) {
		t.Fatal("pages not told of the completion")
	}
	if p, _ := b.views.Payment(ctx, id); p.Status != gateway.StatusComplete {
		t.Fatalf("status = %s, want COMPLETE", p.Status)
	}
	time.Sleep(2 * interval)
	final := counter.count(paymentPath)
	time.Sleep(4 * interval)
	if got := counter.count(paymentPath) - final; got != 0 {
		t.Errorf("a complete payment was polled %d more times", got)
	}
}

func TestClientAgainstTheEmbeddedGateway(t *testing.T) {
	ctx := context.Background()
	base := startEmbeddedGateway(t)
	c, err := remote.New(remote.Config{URL: base, APIKey: e2eKey, APISecret: e2eSecret})
	if err != nil {
		t.Fatal(err)
	}
	assets, err := c.Assets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]gateway.Asset{}
	for _, a := range assets {
		byID[a.AssetID] = a
	}
	if got, want := byID["BTC"].Precision, int32(8); got != want {
		t.Errorf("BTC precision = %d, want %d", got, want)
	}
	conv, err := c.Convert(ctx, remote.ConvertRequest{FromAmount: gateway.MustAmount("100"), FromAssetID: "USD", AssetID: "BTC"})
	if err != nil {
		t.Fatal(err)
	}
	if !conv.AmountStr.IsPositive() || conv.AssetID != "BTC" || !conv.AmountStr.FitsPrecision(8) {
		t.Errorf("conversion = %+v", conv)
	}
	if _, err := c.Payment(ctx, "6f1e0a1c-0000-4000-8000-000000000000"); gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
		t.Errorf("unknown payment: err = %v, want ERR_NO_PAYMENT", err)
	}
	txs, err := c.Transactions(ctx, "6f1e0a1c-0000-4000-8000-000000000000")
	if gateway.ErrorCode(err) != gateway.ErrCodeNoPayment {
		t.Errorf("transactions of an unknown payment: %v, %v; want ERR_NO_PAYMENT", txs, err)
	}
	bad, _ := remote.New(remote.Config{URL: base, APIKey: e2eKey, APISecret: "not-the-secret-at-all"})
	if _, err := bad.Assets(ctx); !errors.Is(err, remote.ErrMisconfigured) {
		t.Errorf("wrong secret: err = %v, want ErrMisconfigured", err)
	}
}
