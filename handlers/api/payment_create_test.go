package api_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

// The seed's request examples of POST /payment live in testdata/seed, cleaned into valid JSON and
// otherwise kept as they are: "custom1 " and "custom2 " keep their stray spaces (so they are not
// custom1 and custom2), and custom is sent as an object in one and as a string in the other.
// payment_as_printed.json is the first example exactly as the seed prints its first block.
var (
	seedPaymentCustomObject = seedExample("payment_custom_object.json")
	seedPaymentCustomString = seedExample("payment_custom_string.json")
	seedFiatPayment         = seedExample("payment_fiat.json")
	seedPaymentAsPrinted    = seedExample("payment_as_printed.json")
)

func seedExample(name string) string {
	b, err := os.ReadFile(filepath.Join("testdata", "seed", name))
	if err != nil {
		panic(err)
	}
	return string(b)
}

func TestCreatePaymentSeedExamples(t *testing.T) {
	a := newTestAPI(t)
	tests := []struct {
		name, body                       string
		custom, endDate, webhook, cancel string
		timeout                          string
		fiatProvider, fiatAsset          string
	}{
		{
			name: "custom as an object", body: seedPaymentCustomObject,
			custom:  `{"client_id":"9a33c8b0-151c-481d-aef9-da15d883dc42","org_id":3,"field1":"341ba962-6ebf-4f3a-aef9-41c835a1dc26"}`,
			endDate: "2026-03-04T11:00:00Z", timeout: "60",
			webhook: "https://yourserver.com/payment/[service_name]/webhook", cancel: "https://yoursite.com/payment/[service_name]/fail",
		},
		{
			name: "custom as a string, timeout 0", body: seedPaymentCustomString,
			custom:  "{\n  \"client_id\": \"9a33c8b0-151c-481d-ae9-4a15d883dc42\",\n  \"org_id\": 3,\n  \"idempotence\": \"341ba962-6ebf-4f3a-ae9-41c835a1dc26\"\n}",
			endDate: "2026-03-04T11:30:00Z", timeout: "0", // BTC's timeout_to_trx is 90 minutes
			webhook: "https://yourserver.com/[service_name]/result", cancel: "https://yoursite.com/payment/fail",
		},
		{
			name: "fiat provider", body: seedFiatPayment,
			custom:  `{"client_id":"9a33c8b0-151c-481d-aef9-da15d883dc42","org_id":3,"field1":"341ba962-6ebf-4f3a-aef9-41c835a1dc26"}`,
			endDate: "2026-03-04T11:00:00Z", timeout: "60",
			webhook: "https://yourserver.com/payment/[service_name]/webhook", cancel: "https://yoursite.com/payment/[service_name]/fail",
			fiatProvider: "sguardian", fiatAsset: "USD",
		},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := a.call(t, "POST", "/int/payment", tt.body).ok(t)
			p := res.object(t)
			id := str(t, p, "payment_id")
			if !gateway.IsUUID(id) {
				t.Errorf("payment_id %q is not a UUID", id)
			}
			for key, want := range map[string]string{
				"payment_num": string(rune('1' + i)), "payment_type": "FIXED_AMOUNT", "payment_type_name": "Fixed Amount",
				"store_id": a.store.StoreID, "store_name": "Main",
				"amount": "100", "asset_id": "USD", "paid_amount": "0",
				// 100 USD at 30000 USD/BTC = 0.00333… BTC, rounded up.
				"payment_amount": "0.00333334", "payment_asset_id": "BTC",
				"rate_date": "2026-01-02T03:04:05Z",
				"ip_amount": "0", "ip_asset_id": "BTC", "remain_amount": "0.00333334", "remain_asset_id": "BTC",
				"status": "OPEN", "status_name": "Open", "crypto_network": "BITCOIN", "crypto_network_name": "Bitcoin",
				"start_date": "2026-03-04T10:00:00Z", "end_date": tt.endDate,
				"payer_email": "name@email.com", "payer_name": "Customer name", "payer_lang": "en",
				"description": "The payment for item in store", "custom": tt.custom,
				"custom1": "", "custom2": "", // the keys with stray spaces are not these fields
				"webhook_url": tt.webhook, "cancel_url": tt.cancel,
			} {
				if got := str(t, p, key); got != want {
					t.Errorf("%s = %q, want %q", key, got, want)
				}
			}
			if got, want := num(t, p, "rate"), "0.000033333333333333333333"; got != want {
				t.Errorf("rate = %s, want %s", got, want)
			}
			if got, want := num(t, p, "confirms"), "6"; got != want {
				t.Errorf("confirms = %s, want %s", got, want)
			}
			if got := num(t, p, "timeout"); got != tt.timeout {
				t.Errorf("timeout = %s, want %s", got, tt.timeout)
			}
			if got, want := p["is_test"], true; got != want {
				t.Errorf("is_test = %v, want %v", got, want)
			}
			for _, absent := range []string{"complete_date", "status_type", "custom1 ", " custom1 ", "code"} {
				if v, ok := p[absent]; ok {
					t.Errorf("unexpected field %q = %v", absent, v)
				}
			}
			if tt.fiatProvider != "" {
				if got := str(t, p, "fiat_provider"); got != tt.fiatProvider {
					t.Errorf("fiat_provider = %s, want %s", got, tt.fiatProvider)
				}
				if got := str(t, p, "fiat_asset_id"); got != tt.fiatAsset {
					t.Errorf("fiat_asset_id = %s, want %s", got, tt.fiatAsset)
				}
			}
			addr := str(t, p, "address")
			if !strings.HasPrefix(addr, "bc1q") {
				t.Errorf("address %q is not a P2WPKH bitcoin address", addr)
			}
			if got, want := str(t, p, "crypto_address_link"), "https://live.blockcypher.com/btc/address/"+addr; got != want {
				t.Errorf("crypto_address_link = %s, want %s", got, want)
			}
			pay, err := url.Parse(str(t, p, "payment_url"))
			if err != nil || pay.Scheme+"://"+pay.Host+pay.Path != "https://pay.example/payment/"+id {
				t.Errorf("payment_url = %s, want https://pay.example/payment/%s?code=…", p["payment_url"], id)
			}
			code := pay.Query().Get("code")
			if len(code) < 22 {
				t.Errorf("payment code %q carries less than 128 bits", code)
			}
			qr, err := url.Parse(str(t, p, "qrcode_url"))
			if err != nil || qr.Path != "/int/payment/"+id+"/qrcode" || qr.Query().Get("code") != code {
				t.Errorf("qrcode_url = %s, want /int/payment/%s/qrcode?code=%s", p["qrcode_url"], id, code)
			}
			// The answer is what GET /payment/{id} says afterwards.
			if got, want := string(a.call(t, "GET", "/int/payment/"+id, "").ok(t).Body), string(res.Body); got != want {
				t.Errorf("GET /payment/{id} differs from the create answer:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestCreatePaymentVariants(t *testing.T) {
	a := newTestAPI(t)
	tests := []struct {
		name, body string
		want       map[string]string
	}{
		{"OPEN_AMOUNT without an amount", `{"payment_type": "OPEN_AMOUNT", "payment_asset_id": "ETH"}`,
			map[string]string{"payment_type": "OPEN_AMOUNT", "payment_type_name": "Open Amount", "amount": "0", "asset_id": "ETH",
				"payment_amount": "0", "remain_amount": "0", "crypto_network": "ETHEREUM"}},
		{"payment_type defaults to FIXED_AMOUNT", `{"amount": 1, "asset_id": "USD", "payment_asset_id": "ETH"}`,
			map[string]string{"payment_type": "FIXED_AMOUNT", "payment_amount": "0.000333333333333334", "remain_amount": "0.000333333333333334"}},
		{"asset_id defaults to the crypto", `{"amount": "0.5", "payment_asset_id": "LTC"}`,
			map[string]string{"asset_id": "LTC", "amount": "0.5", "payment_amount": "0.5", "crypto_network": "LITECOIN"}},
		{"token on TRON", `{"amount": 10, "asset_id": "EUR", "payment_asset_id": "USDT.TRC20", "timeout": "1440"}`,
			map[string]string{"payment_amount": "12", "crypto_network": "TRON", "end_date": "2026-03-05T10:00:00Z"}},
		{"amount 1e-9 of ETH", `{"amount": 1e-9, "asset_id": "ETH", "payment_asset_id": "ETH"}`,
			map[string]string{"amount": "0.000000001", "payment_amount": "0.000000001"}},
		{"amount 0.1+0.2 as written by a float printer", `{"amount": 0.30000000000000004, "asset_id": "ETH", "payment_asset_id": "ETH"}`,
			map[string]string{"amount": "0.30000000000000004", "payment_amount": "0.30000000000000004"}},
		{"extra unknown keys are ignored", `{"amount": 1, "asset_id": "BTC", "payment_asset_id": "BTC", "status": "COMPLETE", "ip_amount": "1", "foo": [1, {"x": null}]}`,
			map[string]string{"status": "OPEN", "ip_amount": "0", "payment_amount": "1"}},
		{"custom is a JSON number", `{"amount": 1, "asset_id": "BTC", "payment_asset_id": "BTC", "custom": 42}`,
			map[string]string{"custom": "42"}},
		{"custom with markup characters is kept as is", `{"amount": 1, "asset_id": "BTC", "payment_asset_id": "BTC", "custom": "<script>alert(1)</script>", "custom9": "nine"}`,
			map[string]string{"custom": "<script>alert(1)</script>", "custom9": "nine"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := a.createPayment(t, tt.body)
			for key, want := range tt.want {
				if got := str(t, p, key); got != want {
					t.Errorf("%s = %q, want %q", key, got, want)
				}
			}
		})
	}
}

func TestCreatePaymentAppliesTheStoreMarkup(t *testing.T) {
	a := newTestAPI(t)
	_, _, err := a.eng.CreateStore(context.Background(), engine.NewStore{
		Name: "Marked up", IsTest: true, APIKey: "markup-key", APISecret: "markup-secret-0123456789",
		Markups: map[string]gateway.Markup{"BTC": {Percent: amt("2"), Amount: amt("0.0001")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ amount, want string }{
		{"300", "0.0102"},     // 0.01 BTC + 2%
		{"100", "0.00343334"}, // 0.00333… BTC + 0.0001, rounded up
	}
	for _, tt := range tests {
		res := a.callAs(t, "markup-key", "markup-secret-0123456789", "POST", "/int/payment",
			`{"amount": `+tt.amount+`, "asset_id": "USD", "payment_asset_id": "BTC"}`).ok(t)
		if got := str(t, res.object(t), "payment_amount"); got != tt.want {
			t.Errorf("%s USD: payment_amount = %s, want %s", tt.amount, got, tt.want)
		}
	}
}

func amt(s string) *gateway.Amount { v := gateway.MustAmount(s); return &v }

func TestCreatePaymentRefused(t *testing.T) {
	a := newTestAPI(t)
	const ok = `"amount": 100, "asset_id": "USD", "payment_asset_id": "BTC"`
	tests := []struct {
		name, body, code, field string
	}{
		{"the seed's example as printed", seedPaymentAsPrinted, gateway.ErrCodeInvalidRequest, ""},
		{"truncated JSON", `{"amount": 100, "asset_id": "USD"`, gateway.ErrCodeInvalidRequest, ""},
		{"two objects", `{` + ok + `}{}`, gateway.ErrCodeInvalidRequest, ""},
		{"an array", `[{` + ok + `}]`, gateway.ErrCodeInvalidRequest, ""},
		{"a string", `"payment"`, gateway.ErrCodeInvalidRequest, ""},
		{"empty", ``, gateway.ErrCodeInvalidRequest, ""},
		{"unknown payment_type", `{"payment_type": "FREE", ` + ok + `}`, gateway.ErrCodeInvalidPaymentType, "payment_type"},
		{"payment_type of the wrong type", `{"payment_type": 1, ` + ok + `}`, gateway.ErrCodeInvalidField, "payment_type"},
		{"unknown asset", `{"amount": 100, "asset_id": "GBP", "payment_asset_id": "BTC"}`, gateway.ErrCodeNoAsset, "asset_id"},
		{"unknown crypto", `{"amount": 100, "asset_id": "USD", "payment_asset_id": "DOGE"}`, gateway.ErrCodeNoAsset, "payment_asset_id"},
		{"missing crypto", `{"amount": 100, "asset_id": "USD"}`, gateway.ErrCodeRequiredField, "payment_asset_id"},
		{"fiat as the crypto", `{"amount": 100, "asset_id": "USD", "payment_asset_id": "EUR"}`, gateway.ErrCodeNotCrypto, "payment_asset_id"},
		{"missing amount", `{"asset_id": "USD", "payment_asset_id": "BTC"}`, gateway.ErrCodeRequiredField, "amount"},
		{"zero amount", `{"amount": 0, "asset_id": "USD", "payment_asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"negative amount", `{"amount": "-100", "asset_id": "USD", "payment_asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"huge amount", `{"amount": 10000000000000, "asset_id": "USD", "payment_asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"absurd amount", `{"amount": 1e999999999, "asset_id": "USD", "payment_asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"more decimals than USD", `{"amount": 100.001, "asset_id": "USD", "payment_asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"more decimals than BTC", `{"amount": 1e-9, "asset_id": "BTC", "payment_asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"amount not a number", `{"amount": "100 USD", "asset_id": "USD", "payment_asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"amount an object", `{"amount": {"value": 100}, "asset_id": "USD", "payment_asset_id": "BTC"}`, gateway.ErrCodeInvalidAmount, "amount"},
		{"timeout 1441", `{` + ok + `, "timeout": 1441}`, gateway.ErrCodeInvalidTimeout, "timeout"},
		{"timeout -1", `{` + ok + `, "timeout": -1}`, gateway.ErrCodeInvalidTimeout, "timeout"},
		{"timeout 1.5", `{` + ok + `, "timeout": 1.5}`, gateway.ErrCodeInvalidTimeout, "timeout"},
		{"webhook_url not http", `{` + ok + `, "webhook_url": "ftp://example.com/hook"}`, gateway.ErrCodeInvalidURL, "webhook_url"},
		{"success_url relative", `{` + ok + `, "success_url": "/thanks"}`, gateway.ErrCodeInvalidURL, "success_url"},
		{"cancel_url javascript", `{` + ok + `, "cancel_url": "javascript:alert(1)"}`, gateway.ErrCodeInvalidURL, "cancel_url"},
		{"payer_email not an address", `{` + ok + `, "payer_email": "nobody"}`, gateway.ErrCodeInvalidField, "payer_email"},
		{"payer_name a number", `{` + ok + `, "payer_name": 5}`, gateway.ErrCodeInvalidField, "payer_name"},
		{"custom1 too long", `{` + ok + `, "custom1": "` + strings.Repeat("é", 256) + `"}`, gateway.ErrCodeInvalidField, "custom1"},
		{"custom too long", `{` + ok + `, "custom": "` + strings.Repeat("x", 8193) + `"}`, gateway.ErrCodeInvalidField, "custom"},
		{"malformed dedicate_id", `{` + ok + `, "dedicate_id": "x"}`, gateway.ErrCodeNoDedicate, "dedicate_id"},
		{"unknown dedicate_id", `{` + ok + `, "dedicate_id": "3b241101-e2bb-4255-8caf-4136c566a962"}`, gateway.ErrCodeNoDedicate, "dedicate_id"},
		{"unknown fiat_provider", `{` + ok + `, "fiat_provider": "paypal", "fiat_asset_id": "USD"}`, gateway.ErrCodeInvalidFiatProvider, "fiat_provider"},
		{"fiat_asset_id without provider", `{` + ok + `, "fiat_asset_id": "USD"}`, gateway.ErrCodeInvalidFiatProvider, "fiat_provider"},
		{"unknown fiat_asset_id", `{` + ok + `, "fiat_provider": "cmoonpay", "fiat_asset_id": "GBP"}`, gateway.ErrCodeInvalidField, "fiat_asset_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a.call(t, "POST", "/int/payment", tt.body).wantError(t, http.StatusUnprocessableEntity, tt.code, tt.field)
		})
	}
	if got := len(a.call(t, "GET", "/int/payments?from=2026-03-04&to=2026-03-04", "").ok(t).array(t)); got != 0 {
		t.Errorf("refused requests created %d payments", got)
	}
}
