package server_test

// An independent client of the Integration API, written from the seed document alone: it starts
// the real program in-process, speaks plain net/http, decodes answers into map[string]any and
// knows only the seed's field names. It checks, from the outside, every rule of SPEC "Business
// rules" that concerns payments. It deliberately imports nothing of the gateway's own types: its
// arithmetic is math/big, its expectations are the seed's and the SPEC's words.

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway/dbtest"
	"github.com/cryptocheckout/checkout/handlers/server"
)

const (
	seedKey    = "seed-client"
	seedSecret = "seed-client-secret-0123456789"
)

// seedRates are the prices the server is started with (RATES_FILE); the client itself only ever
// uses the `rate` the server reports.
const seedRates = `{"date": "2026-01-02T03:04:05Z", "usd_prices": {"USD": "1", "EUR": "1.2", "BTC": "30000", "LTC": "100",
  "ETH": "3000", "TRX": "0.25", "USDT.ERC20": "1", "USDT.TRC20": "1", "USDC.ERC20": "1", "POL": "0.5", "USDT.POLY": "1", "USDC.POLY": "1"}}`

// startServer runs the program on a free loopback port with env on top of a temporary DATA_DIR.
func startServer(t testing.TB, env map[string]string) *server.Main {
	t.Helper()
	dir := t.TempDir()
	ratesFile := filepath.Join(dir, "rates.json")
	if err := os.WriteFile(ratesFile, []byte(seedRates), 0o600); err != nil {
		t.Fatal(err)
	}
	all := map[string]string{
		"LISTEN_ADDR": "127.0.0.1:0", "DATA_DIR": filepath.Join(dir, "data"), "RATES_FILE": ratesFile,
		"PUBLIC_URL": "http://checkout.test", "LOG_LEVEL": "error", "METRICS_ADDR": "127.0.0.1:0",
	}
	if u := dbtest.URL(t); u != "" {
		all["DATABASE_URL"] = u
	}
	for k, v := range env {
		all[k] = v
	}
	cfg, err := server.LoadConfig(func(k string) string { return all[k] })
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	var out bytes.Buffer
	m := server.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), &out)
	if err := m.Open(t.Context()); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return m
}

// seedClient is the client: a base URL and Basic credentials.
type seedClient struct {
	t           *testing.T
	base        string
	key, secret string
	http        *http.Client
}

type answer struct {
	status int
	header http.Header
	raw    []byte
	obj    map[string]any
	arr    []any
}

func (c *seedClient) do(method, path, body string) answer {
	c.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json") // as the seed asks
	if c.key != "" {
		req.SetBasicAuth(c.key, c.secret)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	a := answer{status: res.StatusCode, header: res.Header, raw: raw}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers stay as written: `rate` must not pass through a float
	var v any
	if err := dec.Decode(&v); err != nil {
		c.t.Fatalf("%s %s: answer %d is not JSON: %s", method, path, res.StatusCode, raw)
	}
	a.obj, _ = v.(map[string]any)
	a.arr, _ = v.([]any)
	return a
}

// ok is do that expects HTTP 200 (the SPEC: every success, creates included) and an object.
func (c *seedClient) ok(method, path, body string) map[string]any {
	c.t.Helper()
	a := c.do(method, path, body)
	if a.status != http.StatusOK {
		c.t.Fatalf("%s %s = %d, want 200: %s", method, path, a.status, a.raw)
	}
	if a.obj == nil {
		c.t.Fatalf("%s %s: answer is not an object: %s", method, path, a.raw)
	}
	return a.obj
}

// list is do that expects HTTP 200 and an array of objects.
func (c *seedClient) list(path string) []map[string]any {
	c.t.Helper()
	a := c.do("GET", path, "")
	if a.status != http.StatusOK || a.arr == nil {
		c.t.Fatalf("GET %s = %d, want 200 and an array: %s", path, a.status, a.raw)
	}
	out := make([]map[string]any, len(a.arr))
	for i, v := range a.arr {
		m, ok := v.(map[string]any)
		if !ok {
			c.t.Fatalf("GET %s: element %d is not an object", path, i)
		}
		out[i] = m
	}
	return out
}

// refused expects a 422 (or status) answer with the seed's {"code","message"} shape.
func (c *seedClient) refused(status int, code, method, path, body string) map[string]any {
	c.t.Helper()
	a := c.do(method, path, body)
	if a.status != status {
		c.t.Errorf("%s %s = %d, want %d: %s", method, path, a.status, status, a.raw)
	}
	if a.obj == nil || a.obj["code"] != code {
		c.t.Errorf("%s %s: code = %v, want %s: %s", method, path, a.obj["code"], code, a.raw)
	}
	if msg, _ := a.obj["message"].(string); msg == "" {
		c.t.Errorf("%s %s: no message: %s", method, path, a.raw)
	}
	return a.obj
}

var (
	amountString = regexp.MustCompile(`^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$`)
	rfc3339UTC   = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
	uuidV4       = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
)

// amount reads an amount field: a JSON string holding a plain decimal.
func amount(t *testing.T, m map[string]any, key string) *big.Rat {
	t.Helper()
	s, ok := m[key].(string)
	if !ok || !amountString.MatchString(s) {
		t.Fatalf("%s = %#v, want a decimal JSON string like \"0.00370885\"", key, m[key])
	}
	r, _ := new(big.Rat).SetString(s)
	return r
}

// number reads a field that the seed writes as a JSON number.
func number(t *testing.T, m map[string]any, key string) *big.Rat {
	t.Helper()
	n, ok := m[key].(json.Number)
	if !ok {
		t.Fatalf("%s = %#v, want a JSON number", key, m[key])
	}
	r, ok := new(big.Rat).SetString(n.String())
	if !ok {
		t.Fatalf("%s = %s is not a number", key, n)
	}
	return r
}

func text(t *testing.T, m map[string]any, key string) string {
	t.Helper()
	s, ok := m[key].(string)
	if !ok {
		t.Fatalf("%s = %#v, want a JSON string", key, m[key])
	}
	return s
}

func date(t *testing.T, m map[string]any, key string) time.Time {
	t.Helper()
	s := text(t, m, key)
	if !rfc3339UTC.MatchString(s) {
		t.Fatalf("%s = %q, want RFC 3339 UTC with seconds", key, s)
	}
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func dec(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad decimal " + s)
	}
	return r
}

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// roundAt rounds r to places decimals, up (ceil) or down (floor); r is never negative here.
func roundAt(r *big.Rat, places int, up bool) *big.Rat {
	n := new(big.Int).Mul(r.Num(), pow10(places))
	q, m := new(big.Int).QuoRem(n, r.Denom(), new(big.Int))
	if up && m.Sign() > 0 {
		q.Add(q, big.NewInt(1))
	}
	return new(big.Rat).SetFrac(q, pow10(places))
}

func maxRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

func minRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

// plain writes r as the shortest plain decimal (r has a finite decimal expansion).
func plain(r *big.Rat) string {
	s := r.FloatString(40)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-0" {
		return "0"
	}
	return s
}

func wantAmount(t *testing.T, m map[string]any, key string, want *big.Rat) {
	t.Helper()
	if got := amount(t, m, key); got.Cmp(want) != 0 {
		t.Errorf("%s = %s, want %s", key, plain(got), plain(want))
	}
}

func wantStatus(t *testing.T, p map[string]any, status, name string) {
	t.Helper()
	if got := text(t, p, "status"); got != status {
		t.Errorf("status = %s, want %s", got, status)
	}
	if got := text(t, p, "status_name"); got != name {
		t.Errorf("status_name = %s, want %s", got, name)
	}
	if _, ok := p["status_type"]; ok {
		t.Error("the payment has status_type; the SPEC says status and status_name")
	}
}

// TestSeedClient is the independent client's whole session.
func TestSeedClient(t *testing.T) {
	m := startServer(t, map[string]string{
		"STORE_API_KEY": seedKey, "STORE_API_SECRET": seedSecret,
		"STORE_WEBHOOK_URL": "https://merchant.example/hook", "STORE_CURRENCY": "USD",
		"STORE_MARKUP":               "BTC:2:0.0001,ETH:1.5:",
		"STORE_UNDERPAYMENT_PERCENT": "1", "STORE_UNDERPAYMENT_AMOUNT": "6",
	})
	c := &seedClient{t: t, base: m.URL(), key: seedKey, secret: seedSecret, http: &http.Client{Timeout: 30 * time.Second}}
	markupPercent, markupAmount := map[string]*big.Rat{"BTC": dec("2"), "ETH": dec("1.5")}, map[string]*big.Rat{"BTC": dec("0.0001")}
	thresholdPercent, thresholdAmount := dec("1"), dec("6") // of payment_amount; in the store currency

	// --- Assets: the catalogue the rest relies on.
	assets := map[string]map[string]any{}
	for _, a := range c.list("/int/assets") {
		assets[text(t, a, "asset_id")] = a
	}
	precision := func(asset string) int {
		p := number(t, assets[asset], "precision")
		if !p.IsInt() {
			t.Fatalf("%s precision %s is not whole", asset, plain(p))
		}
		return int(p.Num().Int64())
	}
	t.Run("assets", func(t *testing.T) {
		for _, a := range []struct{ id, typ, network, confirms string }{
			{"BTC", "CRYPTO", "BITCOIN", "6"}, {"ETH", "CRYPTO", "ETHEREUM", "10"}, {"LTC", "CRYPTO", "LITECOIN", ""},
			{"TRX", "CRYPTO", "TRON", ""}, {"USDT.ERC20", "CRYPTO", "ETHEREUM", "10"}, {"USDT.TRC20", "CRYPTO", "TRON", ""},
			{"USDC.ERC20", "CRYPTO", "ETHEREUM", "10"}, {"USD", "FIAT", "", ""}, {"EUR", "FIAT", "", ""},
		} {
			asset := assets[a.id]
			if asset == nil {
				t.Errorf("no %s in /assets", a.id)
				continue
			}
			if got := text(t, asset, "asset_type"); got != a.typ {
				t.Errorf("%s asset_type = %s, want %s", a.id, got, a.typ)
			}
			number(t, asset, "precision")
			number(t, asset, "min_size")
			number(t, asset, "timeout_to_trx")
			if a.network == "" {
				continue
			}
			if got := text(t, asset, "crypto_network"); got != a.network {
				t.Errorf("%s crypto_network = %s, want %s", a.id, got, a.network)
			}
			if a.confirms != "" && plain(number(t, asset, "crypto_network_confirmations")) != a.confirms {
				t.Errorf("%s confirmations = %v, want %s", a.id, asset["crypto_network_confirmations"], a.confirms)
			}
			if !strings.Contains(text(t, asset, "crypto_address_link"), "{address}") || !strings.Contains(text(t, asset, "crypto_transaction_link"), "{txid}") {
				t.Errorf("%s explorer links are not templates", a.id)
			}
			number(t, asset, "min_withdrawal_amount")
			number(t, asset, "max_withdrawal_amount")
		}
		if precision("BTC") != 8 || precision("ETH") != 18 || precision("USDT.TRC20") != 6 || precision("USD") != 2 {
			t.Errorf("precisions BTC %d ETH %d USDT %d USD %d, want 8 18 6 2", precision("BTC"), precision("ETH"), precision("USDT.TRC20"), precision("USD"))
		}
	})

	// --- Convert, with the seed's example.
	t.Run("convert", func(t *testing.T) {
		conv := c.ok("POST", "/int/convert", `{"from_amount": 100, "from_asset_id": "USD", "asset_id": "BTC"}`)
		rate := number(t, conv, "rate")
		if got, want := number(t, conv, "amount"), amount(t, conv, "amount_str"); got.Cmp(want) != 0 {
			t.Errorf("amount %s and amount_str %s differ", plain(got), plain(want))
		}
		exact := new(big.Rat).Mul(dec("100"), rate)
		if diff := new(big.Rat).Abs(new(big.Rat).Sub(amount(t, conv, "amount_str"), exact)); diff.Cmp(dec("0.000000005")) > 0 {
			t.Errorf("amount_str %s is not 100 × rate %s rounded at 8 decimals", conv["amount_str"], plain(rate))
		}
		if got := plain(number(t, conv, "from_amount")); got != "100" || text(t, conv, "from_amount_str") != "100" {
			t.Errorf("from_amount = %v / %v, want 100", conv["from_amount"], conv["from_amount_str"])
		}
		date(t, conv, "rate_date")
	})

	// createChecked creates a payment and checks everything the SPEC says about a new one.
	createChecked := func(t *testing.T, body string, price, asset, crypto string, timeout int) map[string]any {
		t.Helper()
		p := c.ok("POST", "/int/payment", body)
		if !uuidV4.MatchString(text(t, p, "payment_id")) {
			t.Errorf("payment_id %v is not a UUIDv4", p["payment_id"])
		}
		if !regexp.MustCompile(`^[1-9][0-9]*$`).MatchString(text(t, p, "payment_num")) {
			t.Errorf("payment_num %v is not a sequence number string", p["payment_num"])
		}
		wantStatus(t, p, "OPEN", "Open")
		rate := number(t, p, "rate")
		if asset == crypto && rate.Cmp(dec("1")) != 0 {
			t.Errorf("same asset: rate = %s, want 1 (no conversion)", plain(rate))
		}
		// payment_amount = convert(amount) + max(markup_amount, converted × markup_percent / 100),
		// rounded up at the crypto's precision.
		converted := new(big.Rat).Mul(dec(price), rate)
		markup := new(big.Rat)
		if pct := markupPercent[crypto]; pct != nil {
			markup = maxRat(markup, new(big.Rat).Quo(new(big.Rat).Mul(converted, pct), dec("100")))
		}
		if amt := markupAmount[crypto]; amt != nil {
			markup = maxRat(markup, amt)
		}
		want := roundAt(new(big.Rat).Add(converted, markup), precision(crypto), true)
		wantAmount(t, p, "payment_amount", want)
		wantAmount(t, p, "remain_amount", want)
		wantAmount(t, p, "ip_amount", new(big.Rat))
		wantAmount(t, p, "paid_amount", new(big.Rat))
		wantAmount(t, p, "amount", dec(price))
		for key, w := range map[string]string{"asset_id": asset, "payment_asset_id": crypto, "ip_asset_id": crypto, "remain_asset_id": crypto,
			"crypto_network": text(t, assets[crypto], "crypto_network")} {
			if got := text(t, p, key); got != w {
				t.Errorf("%s = %s, want %s", key, got, w)
			}
		}
		if got, want := plain(number(t, p, "confirms")), plain(number(t, assets[crypto], "crypto_network_confirmations")); got != want {
			t.Errorf("confirms = %s, want the asset's %s", got, want)
		}
		date(t, p, "rate_date")
		start, end := date(t, p, "start_date"), date(t, p, "end_date")
		minutes := timeout
		if minutes == 0 {
			minutes = int(number(t, assets[crypto], "timeout_to_trx").Num().Int64())
		}
		if got, want := end.Sub(start), time.Duration(minutes)*time.Minute; got != want {
			t.Errorf("end_date - start_date = %s, want %s", got, want)
		}
		if _, ok := p["complete_date"]; ok && p["complete_date"] != nil {
			t.Errorf("a new payment has complete_date %v", p["complete_date"])
		}
		// payment_url carries a code of at least 128 bits, and qrcode_url the same code.
		u, err := url.Parse(text(t, p, "payment_url"))
		if err != nil || u.Scheme != "http" || u.Host != "checkout.test" || u.Path != "/payment/"+text(t, p, "payment_id") {
			t.Errorf("payment_url = %v", p["payment_url"])
		} else if bits := codeBits(u.Query().Get("code")); bits < 128 {
			t.Errorf("payment_url code %q carries %d bits, want at least 128", u.Query().Get("code"), bits)
		}
		if q, err := url.Parse(text(t, p, "qrcode_url")); err != nil || q.Query().Get("code") != u.Query().Get("code") {
			t.Errorf("qrcode_url %v does not carry the payment's code", p["qrcode_url"])
		}
		return p
	}
	get := func(id string) map[string]any { return c.ok("GET", "/int/payment/"+id, "") }
	send := func(id, amt string) map[string]any {
		tx := c.ok("POST", "/int/test/payment/"+id+"/tx", `{"amount": "`+amt+`"}`)
		if text(t, tx, "trx_hash") == "" {
			t.Errorf("emulated transaction without trx_hash: %v", tx)
		}
		return tx
	}
	mine := func(network string, count int) {
		c.ok("POST", "/int/test/blocks", fmt.Sprintf(`{"crypto_network": %q, "count": %d}`, network, count))
	}

	// --- The seed's create example, then the FIXED rules on it.
	t.Run("FIXED with threshold, several transactions, CLOSING, COMPLETE, late", func(t *testing.T) {
		p := createChecked(t, seedCreateBody, "100", "USD", "BTC", 60)
		id := text(t, p, "payment_id")
		if got, want := text(t, p, "custom"), `{"client_id":"9a33c8b0-151c-481d-aef9-da15d883dc42","org_id":3,"field1":"341ba962-6ebf-4f3a-aef9-41c835a1dc26"}`; got != want {
			t.Errorf("custom = %s, want the object compact-encoded %s", got, want)
		}
		var custom map[string]any
		if err := json.Unmarshal([]byte(text(t, p, "custom")), &custom); err != nil || custom["org_id"] != float64(3) {
			t.Errorf("custom does not json_decode back to the object: %v", err)
		}
		if got := text(t, p, "custom1"); got != "" {
			t.Errorf(`custom1 = %q: the key "custom1 " (with a space) is another key`, got)
		}
		for key, want := range map[string]string{"payer_email": "name@email.com", "payer_name": "Customer name", "payer_lang": "en",
			"description": "The payment for item in store", "webhook_url": "https://yourserver.com/payment/[service_name]/webhook",
			"success_url": "https://yoursite.com/payment/[service_name]/success", "cancel_url": "https://yoursite.com/payment/[service_name]/fail"} {
			if got := text(t, p, key); got != want {
				t.Errorf("%s = %q, want %q", key, got, want)
			}
		}

		paymentAmount, rate := amount(t, p, "payment_amount"), number(t, p, "rate")
		// Complete at payment_amount − min(threshold_amount converted at the payment's rate,
		// payment_amount × threshold_percent / 100), the tolerance never above the setting.
		byAmount := new(big.Rat).Mul(thresholdAmount, rate)
		byPercent := new(big.Rat).Quo(new(big.Rat).Mul(paymentAmount, thresholdPercent), dec("100"))
		need := new(big.Rat).Sub(paymentAmount, roundAt(minRat(byAmount, byPercent), 8, false))
		sat := dec("0.00000001")
		short := new(big.Rat).Sub(need, sat)
		half := roundAt(new(big.Rat).Quo(short, dec("2")), 8, false)
		rest := new(big.Rat).Sub(short, half)

		send(id, plain(half))
		send(id, plain(rest))
		now := get(id)
		wantStatus(t, now, "OPEN", "Open")
		wantAmount(t, now, "ip_amount", short)
		wantAmount(t, now, "remain_amount", new(big.Rat).Sub(paymentAmount, short))
		checkPaid(t, now, precision("USD"))
		mine("BITCOIN", 6)
		wantStatus(t, get(id), "OPEN", "Open") // confirmed, but one satoshi short

		send(id, plain(sat))
		wantStatus(t, get(id), "CLOSING", "Closing")
		mine("BITCOIN", 5)
		wantStatus(t, get(id), "CLOSING", "Closing")
		mine("BITCOIN", 1)
		done := get(id)
		wantStatus(t, done, "COMPLETE", "Completed")
		wantAmount(t, done, "ip_amount", need)
		wantAmount(t, done, "remain_amount", new(big.Rat).Sub(paymentAmount, need))
		checkPaid(t, done, precision("USD"))
		completed := date(t, done, "complete_date")

		txs := c.list("/int/payment/" + id + "/txs")
		if len(txs) != 3 {
			t.Fatalf("transactions = %d, want 3", len(txs))
		}
		sum := new(big.Rat)
		for _, tx := range txs {
			sum.Add(sum, amount(t, tx, "amount"))
			if text(t, tx, "status") != "COMPLETE" || text(t, tx, "asset_id") != "BTC" || text(t, tx, "address") != text(t, p, "address") {
				t.Errorf("transaction %v", tx)
			}
			date(t, tx, "trx_date")
			date(t, tx, "trx_received")
		}
		if sum.Cmp(need) != 0 {
			t.Errorf("transactions add up to %s, want %s", plain(sum), plain(need))
		}

		// A late transaction is recorded and counted in ip_amount; the final status stays.
		send(id, "0.001")
		mine("BITCOIN", 6)
		late := get(id)
		wantStatus(t, late, "COMPLETE", "Completed")
		wantAmount(t, late, "ip_amount", new(big.Rat).Add(need, dec("0.001")))
		if got := date(t, late, "complete_date"); !got.Equal(completed) {
			t.Errorf("complete_date moved from %s to %s", completed, got)
		}
		if got := len(c.list("/int/payment/" + id + "/txs")); got != 4 {
			t.Errorf("transactions after a late one = %d, want 4", got)
		}
		c.refused(http.StatusUnprocessableEntity, "ERR_PAYMENT_FINAL", "POST", "/int/test/payment/"+id+"/expire", "")
	})

	t.Run("custom as a string is returned exactly; timeout 0 is the asset's", func(t *testing.T) {
		body := `{"amount": 1, "asset_id": "USD", "payment_asset_id": "ETH", "custom": "{\"org_id\": 3 }", "timeout": 0}`
		p := createChecked(t, body, "1", "USD", "ETH", 0)
		if got, want := text(t, p, "custom"), `{"org_id": 3 }`; got != want {
			t.Errorf("custom = %q, want %q", got, want)
		}
		if s := text(t, p, "payment_amount"); len(s) > len("0.")+18 {
			t.Errorf("payment_amount %s has more than ETH's 18 decimals", s)
		}
	})

	t.Run("same asset: no conversion", func(t *testing.T) {
		createChecked(t, `{"amount": "1", "asset_id": "ETH", "payment_asset_id": "ETH", "timeout": 1440}`, "1", "ETH", "ETH", 1440)
	})

	t.Run("OPEN_AMOUNT completes on any confirmed amount", func(t *testing.T) {
		p := c.ok("POST", "/int/payment", `{"payment_type": "OPEN_AMOUNT", "payment_asset_id": "USDT.TRC20"}`)
		id := text(t, p, "payment_id")
		wantAmount(t, p, "remain_amount", new(big.Rat))
		send(id, "0.000001")
		now := get(id)
		wantStatus(t, now, "CLOSING", "Closing")
		wantAmount(t, now, "remain_amount", new(big.Rat))
		mine("TRON", int(number(t, assets["USDT.TRC20"], "crypto_network_confirmations").Num().Int64()))
		done := get(id)
		wantStatus(t, done, "COMPLETE", "Completed")
		wantAmount(t, done, "ip_amount", dec("0.000001"))
	})

	t.Run("expiry: nothing received is CANCEL", func(t *testing.T) {
		p := createChecked(t, `{"amount": 300, "asset_id": "USD", "payment_asset_id": "BTC", "timeout": 30}`, "300", "USD", "BTC", 30)
		expired := c.ok("POST", "/int/test/payment/"+text(t, p, "payment_id")+"/expire", "")
		wantStatus(t, expired, "CANCEL", "Cancelled")
		// Final: a transaction afterwards changes ip_amount, not the status.
		send(text(t, p, "payment_id"), "0.001")
		after := get(text(t, p, "payment_id"))
		wantStatus(t, after, "CANCEL", "Cancelled")
		wantAmount(t, after, "ip_amount", dec("0.001"))
	})

	t.Run("expiry while confirming: CLOSING, then decided", func(t *testing.T) {
		p := createChecked(t, `{"amount": 300, "asset_id": "USD", "payment_asset_id": "LTC"}`, "300", "USD", "LTC", 0)
		id := text(t, p, "payment_id")
		send(id, "1")
		wantStatus(t, c.ok("POST", "/int/test/payment/"+id+"/expire", ""), "CLOSING", "Closing")
		mine("LITECOIN", int(number(t, assets["LTC"], "crypto_network_confirmations").Num().Int64()))
		wantStatus(t, get(id), "CANCEL", "Cancelled") // 1 of 3 LTC is not enough
	})

	t.Run("list", func(t *testing.T) {
		today := time.Now().UTC()
		q := "/int/payments?from=" + today.AddDate(0, 0, -1).Format(time.DateOnly) + "&to=" + today.AddDate(0, 0, 1).Format(time.DateOnly)
		all := c.list(q)
		if len(all) != 6 {
			t.Fatalf("listed %d payments, want 6", len(all))
		}
		for i, p := range all {
			if got, want := text(t, p, "payment_num"), fmt.Sprint(i+1); got != want {
				t.Errorf("entry %d payment_num = %s, want %s", i, got, want)
			}
		}
		if got := len(c.list(q + "&status=COMPLETE")); got != 2 {
			t.Errorf("COMPLETE payments = %d, want 2", got)
		}
		if got := len(c.list(q + "&status=CANCEL&asset_id=LTC")); got != 1 {
			t.Errorf("cancelled LTC payments = %d, want 1", got)
		}
		c.refused(http.StatusUnprocessableEntity, "ERR_REQUIRED_FIELD", "GET", "/int/payments?to=2026-01-01", "")
	})

	t.Run("refusals", func(t *testing.T) {
		const missing = "e5792528-d265-4813-8b59-055cdfef31b1"
		if got := c.refused(http.StatusUnprocessableEntity, "ERR_NO_PAYMENT", "GET", "/int/payment/"+missing, "")["message"]; got != "Payment <"+missing+"> not found." {
			t.Errorf("message = %v, want the seed's", got)
		}
		c.refused(http.StatusUnprocessableEntity, "ERR_NO_PAYMENT", "GET", "/int/payment/"+missing+"/txs", "")
		c.refused(http.StatusUnprocessableEntity, "ERR_INVALID_REQUEST", "POST", "/int/payment", `{"amount": 100,}`)
		c.refused(http.StatusUnprocessableEntity, "ERR_NO_ASSET", "POST", "/int/payment", `{"amount": 100, "asset_id": "XXX", "payment_asset_id": "BTC"}`)
		c.refused(http.StatusUnprocessableEntity, "ERR_INVALID_AMOUNT", "POST", "/int/payment", `{"amount": -1, "asset_id": "USD", "payment_asset_id": "BTC"}`)
		c.refused(http.StatusUnprocessableEntity, "ERR_INVALID_AMOUNT", "POST", "/int/payment", `{"amount": 0.001, "asset_id": "USD", "payment_asset_id": "BTC"}`)
		c.refused(http.StatusUnprocessableEntity, "ERR_INVALID_TIMEOUT", "POST", "/int/payment", `{"amount": 1, "asset_id": "USD", "payment_asset_id": "BTC", "timeout": 1441}`)
		c.refused(http.StatusUnprocessableEntity, "ERR_INVALID_TIMEOUT", "POST", "/int/payment", `{"amount": 1, "asset_id": "USD", "payment_asset_id": "BTC", "timeout": -1}`)
		c.refused(http.StatusUnprocessableEntity, "ERR_INVALID_URL", "POST", "/int/payment", `{"amount": 1, "asset_id": "USD", "payment_asset_id": "BTC", "success_url": "yoursite.com/ok"}`)
		c.refused(http.StatusNotFound, "ERR_NOT_FOUND", "GET", "/int/no-such-route", "")

		anon := &seedClient{t: t, base: c.base, http: c.http}
		res := anon.do("GET", "/int/assets", "")
		if res.status != http.StatusUnauthorized || res.header.Get("WWW-Authenticate") != `Basic realm="int"` {
			t.Errorf("no credentials: %d %q, want 401 with Basic realm=\"int\"", res.status, res.header.Get("WWW-Authenticate"))
		}
		wrong := &seedClient{t: t, base: c.base, key: seedKey, secret: "not-the-secret", http: c.http}
		wrong.refused(http.StatusUnauthorized, "ERR_UNAUTHORIZED", "POST", "/int/payment", `{"amount": 1, "asset_id": "USD", "payment_asset_id": "BTC"}`)
	})
}

// checkPaid checks paid_amount: ip_amount converted back at the payment's own rate, to the price
// currency's precision and never more than what arrived.
func checkPaid(t *testing.T, p map[string]any, places int) {
	t.Helper()
	exact := new(big.Rat).Quo(amount(t, p, "ip_amount"), number(t, p, "rate"))
	paid := amount(t, p, "paid_amount")
	unit := new(big.Rat).SetFrac(big.NewInt(1), pow10(places))
	if paid.Cmp(exact) > 0 || new(big.Rat).Add(paid, unit).Cmp(exact) <= 0 {
		t.Errorf("paid_amount = %s, want ip_amount / rate = %s to %d decimals", plain(paid), exact.FloatString(places+4), places)
	}
}

// codeBits estimates the entropy of a capability code from its alphabet: hex carries 4 bits a
// character, base64url 6.
func codeBits(code string) int {
	if code == "" {
		return 0
	}
	if _, err := hex.DecodeString(code); err == nil {
		return 4 * len(code)
	}
	if b, err := base64.RawURLEncoding.DecodeString(code); err == nil {
		return 8 * len(b)
	}
	if u := strings.ReplaceAll(code, "-", ""); len(u) == 32 {
		if _, err := hex.DecodeString(u); err == nil {
			return 122 // a UUIDv4, as in the seed's example
		}
	}
	return 0
}

// seedCreateBody is the seed's Create payment example, cleaned into valid JSON.
const seedCreateBody = `{
  "payment_type": "FIXED_AMOUNT",
  "amount": 100,
  "asset_id": "USD",
  "payment_asset_id": "BTC",
  "payer_email": "name@email.com",
  "payer_name": "Customer name",
  "payer_lang": "en",
  "description": "The payment for item in store",
  "custom": {
    "client_id": "9a33c8b0-151c-481d-aef9-da15d883dc42",
    "org_id": 3,
    "field1": "341ba962-6ebf-4f3a-aef9-41c835a1dc26"
  },
  "custom1 ": " some value 1",
  "custom2 ": "some value 2",
  "webhook_url": "https://yourserver.com/payment/[service_name]/webhook",
  "success_url": "https://yoursite.com/payment/[service_name]/success",
  "cancel_url": "https://yoursite.com/payment/[service_name]/fail",
  "timeout": 60
}`
