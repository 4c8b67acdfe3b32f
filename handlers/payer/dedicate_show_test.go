package payer

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

// dedicate creates a USES address of asset for store.
func (e *testEnv) dedicate(store gateway.Store, asset string, edit ...func(*gateway.CreateDedicateRequest)) gateway.Dedicate {
	e.t.Helper()
	req := gateway.CreateDedicateRequest{AssetID: asset, MerchantFields: gateway.MerchantFields{Description: "Deposits of client 7"}}
	for _, f := range edit {
		f(&req)
	}
	d, err := e.eng.CreateDedicate(context.Background(), store, req)
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

// press submits the page's test-tool form named by testid, as a browser would, and returns the
// page it leads back to.
func (e *testEnv) press(target, testid string) string {
	e.t.Helper()
	doc, _ := e.page(target, http.StatusOK)
	action, ok := byID(doc, testid).Closest("form").Attr("action")
	if !ok {
		e.t.Fatalf("no form for %s on %s", testid, target)
	}
	resp := e.do(http.MethodPost, action, "Sec-Fetch-Site", "same-origin")
	if got, want := resp.StatusCode, http.StatusSeeOther; got != want {
		e.t.Fatalf("%s: status %d, want %d", testid, got, want)
	}
	return resp.Header.Get("Location")
}

// quote is what the page must ask for: amount of from in to, rounded up at to's precision.
func (e *testEnv) quote(amount, from, to string) string {
	e.t.Helper()
	asset, _ := gateway.LookupAsset(to)
	v, _, err := e.eng.Rates().Convert(gateway.MustAmount(amount), from, to)
	if err != nil {
		e.t.Fatal(err)
	}
	return v.RoundUp(asset.Precision).String()
}

func TestDedicatePageOpen(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		d := e.dedicate(e.test, "USDT.TRC20")
		base := "/dedicate/" + d.DedicateID

		tests := []struct {
			name, query              string
			amount, fiat, notice     string
			anyAmount, wallet        bool
			headline, detailContains string
		}{
			{name: "no amount", anyAmount: true, headline: "Send any amount", detailContains: "Send any amount, as often as you like"},
			{name: "amount in fiat", query: "?amount=25&asset_id=USD", amount: e.quote("25", "USD", "USDT.TRC20"),
				fiat: "About $25.00", headline: "Waiting for your payment", detailContains: "Send exactly this amount"},
			{name: "amount in another crypto", query: "?amount=0.001&asset_id=btc", amount: e.quote("0.001", "BTC", "USDT.TRC20"),
				headline: "Waiting for your payment"},
			{name: "amount in its own asset, too precise", query: "?amount=10.1234567", amount: "10.123457", headline: "Waiting for your payment"},
			{name: "unknown asset", query: "?amount=25&asset_id=DOGE", anyAmount: true, notice: "could not be read", headline: "Send any amount"},
			{name: "not a number", query: "?amount=lots&asset_id=USD", anyAmount: true, notice: "could not be read", headline: "Send any amount"},
			{name: "negative", query: "?amount=-5", anyAmount: true, notice: "could not be read", headline: "Send any amount"},
			{name: "asset without amount", query: "?asset_id=USD", anyAmount: true, headline: "Send any amount"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				doc, _ := e.page(base+tt.query, http.StatusOK)
				eq(t, "state", attr(doc, "dedicate", "data-state"), "open")
				eq(t, "store", text(doc, "store-name"), "Acme Test")
				eq(t, "description", text(doc, "description"), "Deposits of client 7")
				eq(t, "headline", text(doc, "headline"), tt.headline)
				if !strings.Contains(text(doc, "detail"), tt.detailContains) {
					t.Errorf("detail %q lacks %q", text(doc, "detail"), tt.detailContains)
				}
				if got := shown(doc, "test-banner"); !got {
					t.Error("no TEST banner on a test store's address")
				}
				eq(t, "address", text(doc, "pay-address"), d.Address)
				eq(t, "asset", text(doc, "asset-label"), "USDT (TRC-20)")
				eq(t, "warning", text(doc, "network-warning"), "Send only USDT (TRC-20) on the TRON network. Anything else sent to this address will be lost.")
				eq(t, "amount", text(doc, "pay-amount"), tt.amount)
				eq(t, "fiat", text(doc, "fiat"), tt.fiat)
				if got := shown(doc, "any-amount"); got != tt.anyAmount {
					t.Errorf("any amount shown = %v, want %v", got, tt.anyAmount)
				}
				if !strings.Contains(text(doc, "notice"), tt.notice) || (tt.notice == "") != (byID(doc, "notice").Length() == 0) {
					t.Errorf("notice %q, want one containing %q", text(doc, "notice"), tt.notice)
				}
				if byID(doc, "countdown").Length() != 0 {
					t.Error("a dedicated address has no deadline, yet a countdown shows")
				}
				if byID(doc, "wallet-link").Length() != 0 {
					t.Error("TRON has no wallet URI, yet a wallet link shows")
				}
				if shown(doc, "payments") {
					t.Error("payments listed before any arrived")
				}
				want := "test-pay"
				if e.remote != nil {
					want = "" // remote: no test tools on the page (the gateway's own API drives its test store)
				}
				eq(t, "test tools", byID(doc, "test-tools").Find("button").AttrOr("data-testid", ""), want)
			})
		}
	})
}

func TestDedicatePageLifecycle(t *testing.T) {
	e := newEnv(t)
	d := e.dedicate(e.test, "BTC")
	page := "/dedicate/" + d.DedicateID + "?amount=0.0015&lang=ar"

	doc, _ := e.page(page, http.StatusOK)
	eq(t, "wallet link", attr(doc, "wallet-link", "href"), "bitcoin:"+d.Address+"?amount=0.0015")
	if got, want := attr2(doc.Find("html"), "lang"), "ar"; got != want {
		t.Errorf("lang %q, want %q", got, want)
	}

	// Send from the page's own test tool: a payment of the link's amount appears, confirming.
	loc := e.press(page, "test-pay")
	// The page keeps the moment it was opened (?since=), so a deposit from then on is its answer.
	eq(t, "redirect", loc, "/dedicate/"+d.DedicateID+"?amount=0.0015&lang=ar&since="+strconv.FormatInt(e.clock.Now().Unix(), 10))
	doc, _ = e.page(loc, http.StatusOK)
	eq(t, "heading", text(doc, "payments-heading"), "AR:1 payment received")
	eq(t, "amount", text(doc, "payment-amount"), "0.0015 BTC")
	eq(t, "status", text(doc, "payment-status"), "AR:0 of 6 confirmations")
	// A test store's transaction hashes are made up: no live explorer link.
	if shown(doc, "payment-link") {
		t.Errorf("an emulated deposit links to an explorer: %q", attr(doc, "payment-link", "href"))
	}
	first := attr(doc, "dedicate", "data-version")

	// Confirm it fully, then a second one arrives: newest first.
	doc, _ = e.page(e.press(loc, "test-confirm-all"), http.StatusOK)
	eq(t, "confirmed", text(doc, "payment-status"), "AR:Confirmed")
	if attr(doc, "dedicate", "data-version") == first {
		t.Error("the version did not change with the confirmations")
	}
	if byID(doc, "test-confirm").Length() != 0 {
		t.Error("confirm offered with nothing confirming")
	}
	if _, err := e.eng.EmulateDedicateTransaction(context.Background(), e.test, d.DedicateID, gateway.AmountInput{Value: gateway.MustAmount("0.002"), Set: true}); err != nil {
		t.Fatal(err)
	}
	doc, _ = e.page(loc, http.StatusOK)
	rows := byID(doc, "payment-amount")
	if got, want := rows.Length(), 2; got != want {
		t.Fatalf("%d payments listed, want %d", got, want)
	}
	eq(t, "newest first", rows.First().Text(), "0.002 BTC")
	eq(t, "oldest last", rows.Last().Text(), "0.0015 BTC")

	// Released: no address, no QR, no sending; the page says not to send.
	if _, err := e.eng.ReleaseDedicate(context.Background(), e.test.StoreID, d.DedicateID); err != nil {
		t.Fatal(err)
	}
	doc, _ = e.page("/dedicate/"+d.DedicateID, http.StatusOK)
	eq(t, "state", attr(doc, "dedicate", "data-state"), "released")
	eq(t, "headline", text(doc, "headline"), "This address no longer accepts payments")
	for _, gone := range []string{"pay", "pay-address", "qr", "wallet-link", "test-pay"} {
		if byID(doc, gone).Length() != 0 {
			t.Errorf("%s shown on a released address", gone)
		}
	}
	// The address is not needed once released; not showing it avoids a copy by habit.
	if raw := must(io.ReadAll(e.do(http.MethodGet, "/dedicate/"+d.DedicateID).Body)); bytes.Contains(raw, []byte(d.Address)) {
		t.Error("the released address's page still shows the address")
	}
	eq(t, "payments kept", text(doc, "payments-heading"), "2 payments received")
	for _, target := range []string{"/dedicate/" + d.DedicateID + "/qr.png", "/int/dedicate/" + d.DedicateID + "/qrcode"} {
		if got := e.do(http.MethodGet, target).StatusCode; got == http.StatusOK {
			t.Errorf("%s: a released address still has a QR code", target)
		}
	}
	if resp := e.do(http.MethodPost, "/dedicate/"+d.DedicateID+"/test/pay", "Sec-Fetch-Site", "same-origin"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sending to a released address: status %d, want the page again (303)", resp.StatusCode)
	}
	if got, want := len(must(e.eng.DedicateView(context.Background(), d.DedicateID)).Payments), 2; got != want {
		t.Errorf("%d payments after a refused send, want %d", got, want)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestDedicateLiveStoreHasNoTestTools(t *testing.T) {
	e := newEnv(t)
	d := e.dedicate(e.live, "ETH")
	doc, _ := e.page("/dedicate/"+d.DedicateID, http.StatusOK)
	for _, id := range []string{"test-banner", "test-tools"} {
		if byID(doc, id).Length() != 0 {
			t.Errorf("%s on a live store's address", id)
		}
	}
	eq(t, "wallet link", attr(doc, "wallet-link", "href"), "ethereum:"+d.Address+"@1")
	resp := e.do(http.MethodPost, "/dedicate/"+d.DedicateID+"/test/pay", "Sec-Fetch-Site", "same-origin")
	if got, want := resp.StatusCode, http.StatusNotFound; got != want {
		t.Errorf("test tool of a live store: status %d, want %d", got, want)
	}
	resp = e.do(http.MethodPost, "/dedicate/"+d.DedicateID+"/test/pay", "Sec-Fetch-Site", "cross-site")
	if got, want := resp.StatusCode, http.StatusForbidden; got != want {
		t.Errorf("cross-site test tool: status %d, want %d", got, want)
	}
}

// Test tools are hidden and refused where the pages offer none (remote mode).
func TestDedicateNoTestToolsWhenDisabled(t *testing.T) {
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.NoTestTools = true })
	d := e.dedicate(e.test, "BTC")
	p := e.payment(e.test, "BTC")
	for _, target := range []string{"/dedicate/" + d.DedicateID, pageURL(p)} {
		doc, _ := e.page(target, http.StatusOK)
		if byID(doc, "test-tools").Length() != 0 {
			t.Errorf("%s: test tools shown", target)
		}
	}
	for _, target := range []string{"/dedicate/" + d.DedicateID + "/test/pay", "/payment/" + p.PaymentID + "/test/pay?code=" + p.Code} {
		if got, want := e.do(http.MethodPost, target, "Sec-Fetch-Site", "same-origin").StatusCode, http.StatusNotFound; got != want {
			t.Errorf("%s: status %d, want %d", target, got, want)
		}
	}
	if got := len(must(e.eng.DedicateView(context.Background(), d.DedicateID)).Payments); got != 0 {
		t.Errorf("a refused test tool made %d payments", got)
	}
}

func TestDedicateQRCode(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		tests := []struct {
			asset, query string
			want         func(d gateway.Dedicate) string
		}{
			{"BTC", "", func(d gateway.Dedicate) string { return "bitcoin:" + strings.ToUpper(d.Address) }},
			{"BTC", "?amount=25&asset_id=USD", func(d gateway.Dedicate) string {
				return "bitcoin:" + strings.ToUpper(d.Address) + "?amount=" + e.quote("25", "USD", "BTC")
			}},
			{"LTC", "?amount=0.5", func(d gateway.Dedicate) string { return "litecoin:" + strings.ToUpper(d.Address) + "?amount=0.5" }},
			{"ETH", "?amount=10&asset_id=EUR", func(d gateway.Dedicate) string {
				return "ethereum:" + d.Address + "@1?value=" + gateway.MustAmount(e.quote("10", "EUR", "ETH")).Units(18)
			}},
			{"USDC.ERC20", "?amount=12.5&asset_id=USD", func(d gateway.Dedicate) string {
				asset, _ := gateway.LookupAsset("USDC.ERC20")
				return "ethereum:" + asset.ContractAddress + "@1/transfer?address=" + d.Address + "&uint256=" + gateway.MustAmount(e.quote("12.5", "USD", "USDC.ERC20")).Units(6)
			}},
			{"TRX", "?amount=100", func(d gateway.Dedicate) string { return d.Address }},
			{"BTC", "?amount=oops", func(d gateway.Dedicate) string { return "bitcoin:" + strings.ToUpper(d.Address) }},
		}
		for _, tt := range tests {
			t.Run(tt.asset+tt.query, func(t *testing.T) {
				d := e.dedicate(e.test, tt.asset)
				want := tt.want(d)
				for _, target := range []string{
					"/dedicate/" + d.DedicateID + "/qr.png" + tt.query,
					"/int/dedicate/" + d.DedicateID + "/qrcode" + tt.query,
				} {
					eq(t, target, decodeQR(t, e.do(http.MethodGet, target)), want)
				}
				// The page's own image URL leads to the same code.
				doc, _ := e.page("/dedicate/"+d.DedicateID+tt.query, http.StatusOK)
				src := attr2(byID(doc, "qr").Find("img"), "src")
				eq(t, "page image", decodeQR(t, e.do(http.MethodGet, src)), want)
			})
		}
		// The rounding is up: a converted amount never asks for less than the price.
		asset, _ := gateway.LookupAsset("BTC")
		exact, _, _ := e.eng.Rates().Convert(gateway.MustAmount("25"), "USD", "BTC")
		if got := gateway.MustAmount(e.quote("25", "USD", "BTC")); got.LessThan(exact) || !got.FitsPrecision(asset.Precision) {
			t.Errorf("quoted %s for an exact %s", got, exact)
		}
	})
}

// An unknown dedicated address is answered exactly like an unknown payment.
func TestDedicateNotFoundIsThePaymentNotFound(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		get := func(target string) (int, []byte) {
			resp := e.do(http.MethodGet, target, "Accept-Language", "ar")
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, body
		}
		wantStatus, want := get("/payment/0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11?code=x")
		if wantStatus != http.StatusNotFound || !bytes.Contains(want, []byte("AR:")) {
			t.Fatalf("payment 404: %d\n%s", wantStatus, want)
		}
		for _, target := range []string{
			"/dedicate/0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11",
			"/dedicate/not-an-id?amount=5",
			"/dedicate/0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11/events",
			"/dedicate/0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11/qr.png",
		} {
			status, body := get(target)
			if status != wantStatus || !bytes.Equal(body, want) {
				t.Errorf("%s: %d\n%s\nwant the payment's 404:\n%s", target, status, body, want)
			}
		}
	})
}

func TestDedicateHostileStringsRenderInert(t *testing.T) {
	hostile := gateway.DedicateView{
		DedicateID: "0b7e3b7c-3c8e-4f5e-9a55-3b1f0e5c2d11", DedicateType: gateway.DedicateUses, Status: gateway.StatusOpen,
		StoreName: hostileScript, IsTest: true, AssetID: "BTC", CryptoNetwork: gateway.NetworkBitcoin,
		Address:        `bc1q"><img src=x onerror=alert(1)>`,
		FrameAncestors: []string{"https://ok.example", `https://x.example'; script-src *`},
		MerchantFields: gateway.MerchantFields{Description: hostileAttr},
		Payments: []gateway.DedicatePayment{{
			Payment: gateway.Payment{PaymentID: "p", PaymentAssetID: "BTC", Status: gateway.StatusOpen, IPAmount: gateway.MustAmount("1")},
			Transactions: []gateway.Transaction{{
				AssetID: "BTC", Amount: gateway.MustAmount("1"), Confirms: 6, TrxHash: "abc",
				TransactionLink: "javascript:alert(1)//",
			}},
		}},
	}
	e := newEnv(t, func(c *Config, _ *fiberConfig) { c.Gateway = fixedGateway{dedicate: &hostile} })
	resp := e.do(http.MethodGet, "/dedicate/"+hostile.DedicateID+"?amount=%3Cscript%3E")
	raw, _ := io.ReadAll(resp.Body)
	for _, bad := range []string{"<script>alert", "<img src=x", "script-src *"} {
		if strings.Contains(string(raw), bad) {
			t.Errorf("the page contains %q unescaped", bad)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors 'self' https://ok.example") {
		t.Errorf("CSP %q", csp)
	}
	doc, _ := e.page("/dedicate/"+hostile.DedicateID, http.StatusOK)
	eq(t, "store", text(doc, "store-name"), hostileScript)
	eq(t, "description", byID(doc, "description").Text(), hostileAttr)
	if n := doc.Find("[onerror], img[src=x], [href^=javascript]").Length(); n != 0 {
		t.Errorf("%d injected elements", n)
	}
	if byID(doc, "wallet-link").Length() != 0 {
		t.Error("an address with markup became a wallet link")
	}
	if n := doc.Find("script").Length(); n != 1 || doc.Find("script").Text() != "" {
		t.Errorf("%d script elements, want only checkout.js", n)
	}
}
