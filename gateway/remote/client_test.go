package remote

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

const (
	testKey    = "key-1"
	testSecret = "secret-1"
)

// fakeGateway answers every request with the next scripted reply (the last one repeats) after
// checking Basic auth, and counts requests.
type fakeGateway struct {
	t       *testing.T
	mu      sync.Mutex
	replies []reply
	calls   atomic.Int32
	paths   []string
	bodies  []string
}

type reply struct {
	status int
	body   string
	delay  time.Duration
}

func (f *fakeGateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(f.calls.Add(1)) - 1
	f.mu.Lock()
	rp := f.replies[min(n, len(f.replies)-1)]
	var body [512]byte
	k, _ := r.Body.Read(body[:])
	f.paths = append(f.paths, r.Method+" "+r.URL.EscapedPath())
	f.bodies = append(f.bodies, string(body[:k]))
	f.mu.Unlock()
	if user, pass, ok := r.BasicAuth(); !ok || user != testKey || pass != testSecret {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if rp.delay > 0 {
		select {
		case <-time.After(rp.delay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rp.status)
	w.Write([]byte(rp.body))
}

type recorder struct {
	mu       sync.Mutex
	outcomes []string
}

func (r *recorder) UpstreamCall(op, outcome string, _ time.Duration) {
	r.mu.Lock()
	r.outcomes = append(r.outcomes, op+":"+outcome)
	r.mu.Unlock()
}

func newTestClient(t *testing.T, replies ...reply) (*Client, *fakeGateway, *recorder) {
	t.Helper()
	f := &fakeGateway{t: t, replies: replies}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	rec := &recorder{}
	c, err := New(Config{URL: srv.URL + "/int/", APIKey: testKey, APISecret: testSecret,
		Backoff: time.Millisecond, CallTimeout: time.Second, Observer: rec})
	if err != nil {
		t.Fatal(err)
	}
	return c, f, rec
}

// seedPayment is the seed's webhook example payment, with amounts as strings and numbers mixed,
// the rate as a number and fields this client does not know.
const seedPayment = `{
  "payment_id": "48bfcfc1-5658-48f9-81ca-d56ac92afd9d", "store_id": "b6282b7f-f790-4acc-ab76-26aca5cf1f99",
  "store_name": "Main", "payment_num": "162", "payment_type": "FIXED_AMOUNT", "is_test": false,
  "amount": "4", "asset_id": "USD", "paid_amount": 4, "payment_amount": "0.002137791379927765",
  "payment_asset_id": "ETH", "rate": 0.0005344478449819411, "rate_date": "2023-05-31T13:38:10Z",
  "ip_amount": 0.002137791379927765, "ip_asset_id": "ETH", "status": "COMPLETE", "status_name": "Completed",
  "address": "0x83e7BfD58357436FaF82d1C9fb86F94CFC39D0fD", "confirms": 10,
  "start_date": "2023-05-31T13:38:59Z", "end_date": "2023-05-31T15:08:59Z",
  "payment_url": "https://payer.example.com/payment/48bfcfc1-5658-48f9-81ca-d56ac92afd9d?code=689b4a81-2a38-4fce-94c3-87b430d80d74",
  "custom": {"client_id": "f54e", "org_id": 3}, "some_future_field": {"x": [1, 2]}, "timeout": 0
}`

func TestPaymentDecodesTolerantly(t *testing.T) {
	c, f, rec := newTestClient(t, reply{status: 200, body: seedPayment})
	p, err := c.Payment(context.Background(), "48bfcfc1-5658-48f9-81ca-d56ac92afd9d")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, got, want string }{
		{"path", f.paths[0], "GET /int/payment/48bfcfc1-5658-48f9-81ca-d56ac92afd9d"},
		{"payment_amount", p.PaymentAmount.String(), "0.002137791379927765"},
		{"paid_amount", p.PaidAmount.String(), "4"},
		{"ip_amount", p.IPAmount.String(), "0.002137791379927765"},
		{"rate", p.Rate.String(), "0.0005344478449819411"},
		{"status", p.Status, gateway.StatusComplete},
		{"start_date", p.StartDate.Format(time.RFC3339), "2023-05-31T13:38:59Z"},
		{"custom", string(p.Custom), `{"client_id":"f54e","org_id":3}`},
		{"observer", rec.outcomes[0], "payment:ok"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestErrorsByStatus(t *testing.T) {
	tests := []struct {
		name     string
		replies  []reply
		wantCode string // a *gateway.Error with this code
		wantIs   error  // or an error wrapping this
		calls    int32
		outcome  string
	}{
		{"422 decoded", []reply{{status: 422, body: `{"code":"ERR_NO_PAYMENT","message":"Payment <x> not found."}`}},
			gateway.ErrCodeNoPayment, nil, 1, "payment:rejected"},
		{"422 without code", []reply{{status: 422, body: `oops`}}, "", ErrUnavailable, 1, "payment:undecodable"},
		{"401 is configuration", []reply{{status: 401}}, "", ErrMisconfigured, 1, "payment:misconfigured"},
		{"404 is configuration", []reply{{status: 404}}, "", ErrMisconfigured, 1, "payment:misconfigured"},
		{"500 retried then unknown", []reply{{status: 500}}, "", ErrOutcomeUnknown, 3, "payment:unknown"},
		{"503 retried", []reply{{status: 503}}, "", ErrUnavailable, 3, "payment:unavailable"},
		{"500 then success", []reply{{status: 500}, {status: 500}, {status: 200, body: seedPayment}}, "", nil, 3, "payment:ok"},
		{"bad json on 200", []reply{{status: 200, body: `{"amount": "abc"}`}}, "", ErrUnavailable, 1, "payment:undecodable"},
		{"418 not retried", []reply{{status: 418}}, "", ErrUnavailable, 1, "payment:unavailable"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, f, rec := newTestClient(t, tc.replies...)
			_, err := c.Payment(context.Background(), "x")
			switch {
			case tc.wantCode != "":
				var ge *gateway.Error
				if !errors.As(err, &ge) || ge.Code != tc.wantCode {
					t.Fatalf("err = %v, want a *gateway.Error %s", err, tc.wantCode)
				}
			case tc.wantIs != nil:
				if !errors.Is(err, tc.wantIs) {
					t.Fatalf("err = %v, want %v", err, tc.wantIs)
				}
				if gateway.ErrorCode(err) != gateway.ErrCodeInternal {
					t.Errorf("ErrorCode = %s, want it internal (never shown as a business error)", gateway.ErrorCode(err))
				}
			case err != nil:
				t.Fatalf("err = %v, want success", err)
			}
			if got, want := f.calls.Load(), tc.calls; got != want {
				t.Errorf("calls = %d, want %d", got, want)
			}
			if got, want := rec.outcomes[len(rec.outcomes)-1], tc.outcome; got != want {
				t.Errorf("last outcome = %s, want %s", got, want)
			}
		})
	}
}

func TestWrongCredentialsAreAConfigurationError(t *testing.T) {
	f := &fakeGateway{t: t, replies: []reply{{status: 200, body: `[]`}}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, err := New(Config{URL: srv.URL, APIKey: testKey, APISecret: "wrong"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Assets(context.Background())
	if !errors.Is(err, ErrMisconfigured) {
		t.Fatalf("err = %v, want ErrMisconfigured", err)
	}
	if got, want := f.calls.Load(), int32(1); got != want {
		t.Errorf("calls = %d, want %d (a 401 is not retried)", got, want)
	}
}

func TestWritesAreNotRetried(t *testing.T) {
	c, f, _ := newTestClient(t, reply{status: 500})
	var out map[string]any
	err := c.call(context.Background(), "write", http.MethodPost, "/withdraw", map[string]string{"a": "b"}, false, &out)
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want ErrOutcomeUnknown", err)
	}
	if got, want := f.calls.Load(), int32(1); got != want {
		t.Errorf("calls = %d, want %d", got, want)
	}
}

func TestPerCallDeadline(t *testing.T) {
	c, f, _ := newTestClient(t, reply{status: 200, body: `[]`, delay: 5 * time.Second})
	c.callTimeout = 50 * time.Millisecond
	c.attempts = 2
	start := time.Now()
	_, err := c.Assets(context.Background())
	elapsed := time.Since(start)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if got, want := f.calls.Load(), int32(2); got != want {
		t.Errorf("calls = %d, want %d (a timed-out read is retried)", got, want)
	}
	if elapsed > time.Second {
		t.Errorf("took %v, want about 2 × 50 ms", elapsed)
	}
}

func TestCallerDeadlineStopsRetries(t *testing.T) {
	c, f, _ := newTestClient(t, reply{status: 500})
	c.backoff = time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Payment(ctx, "x")
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("err = %v, want the last failure (ErrOutcomeUnknown)", err)
	}
	if got, want := f.calls.Load(), int32(1); got != want {
		t.Errorf("calls = %d, want %d", got, want)
	}
	if elapsed := time.Since(start); elapsed > 500*time.Millisecond {
		t.Errorf("took %v after the caller's 100 ms deadline", elapsed)
	}
}

func TestTransactionsDedicateAssetsConvert(t *testing.T) {
	ctx := context.Background()
	t.Run("transactions", func(t *testing.T) {
		c, f, _ := newTestClient(t, reply{status: 200, body: `[{"status":"COMPLETE","amount":0.0008,"trx_hash":"cba4","trx_date":"2022-12-13T10:17:46Z","confirmations":6,"extra":true}]`})
		txs, err := c.Transactions(ctx, "a/b")
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f.paths[0], "GET /int/payment/a%2Fb/txs"; got != want {
			t.Errorf("path = %s, want %s (ids are escaped)", got, want)
		}
		if got, want := len(txs), 1; got != want {
			t.Fatalf("len = %d, want %d", got, want)
		}
		if got, want := txs[0].Amount.String(), "0.0008"; got != want {
			t.Errorf("amount = %s, want %s", got, want)
		}
		if got, want := txs[0].Confirmations, 6; got != want {
			t.Errorf("confirmations = %d, want %d", got, want)
		}
	})
	t.Run("no transactions", func(t *testing.T) {
		c, _, _ := newTestClient(t, reply{status: 200, body: `null`})
		txs, err := c.Transactions(ctx, "p")
		if err != nil || txs == nil || len(txs) != 0 {
			t.Fatalf("txs = %#v, %v; want an empty list", txs, err)
		}
	})
	t.Run("dedicate", func(t *testing.T) {
		c, f, _ := newTestClient(t, reply{status: 200, body: `{"dedicate_id":"f2a6","dedicate_type":"USES","status_type":"OPEN","status_type_name":"Open","address":"bc1q","end_date":"2033-06-02T15:06:25Z","payer_lang":"en","custom1":"v1"}`})
		d, err := c.Dedicate(ctx, "f2a6")
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ name, got, want string }{
			{"path", f.paths[0], "GET /int/dedicate/f2a6"},
			{"id", d.DedicateID, "f2a6"},
			{"status from status_type", d.Status, "OPEN"},
			{"status_name", d.StatusName, "Open"},
			{"end_date", d.EndDate.Format(time.RFC3339), "2033-06-02T15:06:25Z"},
			{"payer_lang", d.PayerLang, "en"},
			{"custom1", d.Custom1, "v1"},
		} {
			if tc.got != tc.want {
				t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
			}
		}
	})
	t.Run("assets", func(t *testing.T) {
		c, _, _ := newTestClient(t, reply{status: 200, body: `[{"asset_id":"BTC","min_size":1e-08,"precision":8,"crypto_network_confirmations":6,"min_withdrawal_amount":0.0001}]`})
		assets, err := c.Assets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := assets[0].MinSize.String(), "0.00000001"; got != want {
			t.Errorf("min_size = %s, want %s", got, want)
		}
		if got, want := assets[0].Confirmations, 6; got != want {
			t.Errorf("confirmations = %d, want %d", got, want)
		}
	})
	t.Run("convert", func(t *testing.T) {
		c, f, _ := newTestClient(t, reply{status: 500}, reply{status: 200, body: `{"from_amount":100,"from_amount_str":"100","from_asset_id":"USD","amount":0.00369555,"amount_str":"0.00369555","asset_id":"BTC","rate":3.695550182251254e-05,"rate_date":"2023-06-02T13:13:30Z"}`})
		conv, err := c.Convert(ctx, ConvertRequest{FromAmount: gateway.MustAmount("100.10"), FromAssetID: "USD", AssetID: "BTC"})
		if err != nil {
			t.Fatal(err)
		}
		var sent map[string]json.RawMessage
		if err := json.Unmarshal([]byte(f.bodies[0]), &sent); err != nil {
			t.Fatalf("body %q: %v", f.bodies[0], err)
		}
		for _, tc := range []struct{ name, got, want string }{
			{"path", f.paths[0], "POST /int/convert"},
			{"from_amount sent as a number", string(sent["from_amount"]), "100.1"},
			{"from_asset_id", string(sent["from_asset_id"]), `"USD"`},
			{"amount", conv.AmountStr.String(), "0.00369555"},
			{"rate", conv.Rate.String(), "0.00003695550182251254"},
		} {
			if tc.got != tc.want {
				t.Errorf("%s = %s, want %s", tc.name, tc.got, tc.want)
			}
		}
		if got, want := f.calls.Load(), int32(2); got != want {
			t.Errorf("calls = %d, want %d (convert has no side effect and is retried)", got, want)
		}
	})
}

func TestNewRefusesBadConfig(t *testing.T) {
	for _, cfg := range []Config{
		{URL: "", APIKey: "k", APISecret: "s"},
		{URL: "ftp://x/int", APIKey: "k", APISecret: "s"},
		{URL: "/int", APIKey: "k", APISecret: "s"},
		{URL: "https://x/int", APIKey: "", APISecret: "s"},
		{URL: "https://x/int", APIKey: "k", APISecret: ""},
	} {
		if _, err := New(cfg); !errors.Is(err, ErrMisconfigured) {
			t.Errorf("New(%+v) err = %v, want ErrMisconfigured", cfg, err)
		}
	}
}

func TestPing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply reply
		want  error
	}{
		{"up", reply{status: 200, body: `[{"asset_id":"BTC"}]`}, nil},
		{"down", reply{status: 500}, ErrOutcomeUnknown},
		{"misconfigured", reply{status: 404}, ErrMisconfigured},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, f, _ := newTestClient(t, tc.reply)
			err := c.Ping(context.Background())
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Ping = %v, want %v", err, tc.want)
			}
			if got, want := f.calls.Load(), int32(1); got != want {
				t.Errorf("calls = %d, want %d (a health check is not retried)", got, want)
			}
		})
	}
}
