package e2e

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// testTools are the test tools a screen offers, by data-testid.
func testTools(t *testing.T, tb *tab) string {
	t.Helper()
	return eval[string](t, tb, `[...document.querySelectorAll("[data-testid=test-tools] button")].map(b => b.dataset.testid).join(" ")`)
}

// Each screen states one outcome and offers only the test tools that make sense on it.
func TestOneOutcomePerScreen(t *testing.T) {
	s := start(t)
	tb := s.tab(t)
	want := map[string]string{
		"waiting":         "test-pay test-pay-part test-expire",
		"partial":         "test-pay test-pay-part test-confirm test-confirm-all test-expire",
		"confirming":      "test-confirm test-confirm-all",
		"paid":            "",
		"expired":         "",
		"expired_partial": "",
		"late":            "test-confirm test-confirm-all",
		"late_partial":    "test-confirm test-confirm-all",
	}
	headlines := map[string]string{}
	for _, sc := range screens {
		p := s.paymentIn(t, sc, nil)
		t.Run(sc.state, func(t *testing.T) {
			tb.open(t, p.PaymentURL)
			tb.waitFor(t, "the "+sc.state+" screen", `document.getElementById("checkout").dataset.state === `+quote(sc.state))
			if got := testTools(t, tb); got != want[sc.state] {
				t.Errorf("test tools %q, want %q", got, want[sc.state])
			}
			headline := eval[string](t, tb, `document.getElementById("headline").textContent`)
			if other, dup := headlines[headline]; dup {
				t.Errorf("%s and %s share the headline %q", sc.state, other, headline)
			}
			headlines[headline] = sc.state
			// A screen that no longer asks for money never tells what is "left to pay".
			payable := sc.state == "waiting" || sc.state == "partial"
			if got := eval[bool](t, tb, `document.getElementById("remaining") !== null`); got && !payable {
				t.Errorf("the %s screen shows what is left to pay", sc.state)
			}
			if sc.state == "expired_partial" {
				if got, want := eval[string](t, tb, `document.getElementById("received").textContent`), p.IPAmount+" BTC"; got != want {
					t.Errorf("received %q, want %q", got, want)
				}
			}
		})
	}

	// Open amount: "any amount" said once, and one sample payment for a test tool.
	t.Run("open amount", func(t *testing.T) {
		p := s.newPayment(t, "BTC", map[string]any{"payment_type": "OPEN_AMOUNT", "amount": nil})
		tb.open(t, p.PaymentURL)
		tb.waitFor(t, "the waiting screen", `document.getElementById("checkout").dataset.state === "waiting"`)
		if n := eval[int](t, tb, `(document.getElementById("checkout").innerText.toLowerCase().match(/any amount/g) || []).length`); n != 1 {
			t.Errorf(`"any amount" appears %d times, want once`, n)
		}
		if got := testTools(t, tb); got != "test-pay test-expire" {
			t.Errorf("test tools %q", got)
		}
		if got := eval[string](t, tb, `document.querySelector("[data-testid=test-pay]").textContent`); got != "Send a test payment" {
			t.Errorf("test tool %q, want one that does not speak of a full amount", got)
		}
		if got := eval[string](t, tb, `document.getElementById("qr").alt`); !strings.Contains(got, "address only") {
			t.Errorf("QR alt %q: the QR holds only the address", got)
		}
	})
}

// A paid payment that later receives more stays "Paid", live: a calm note tells of the extra
// money and whom to contact, and the receipt stays.
func TestPaidStaysPaidWhenMoreArrives(t *testing.T) {
	s := start(t)
	p := s.newPayment(t, "BTC", nil)
	s.send(t, p, p.PaymentAmount)
	s.mine(t, p, 6)
	tb := s.tab(t)
	tb.open(t, p.PaymentURL)
	tb.waitFor(t, "the paid screen", `document.getElementById("checkout").dataset.state === "paid"`)
	eval[bool](t, tb, `window.notReloaded = true`)
	extra := part(t, p.PaymentAmount, "0.1")
	s.send(t, p, extra)
	tb.waitFor(t, "the note about the extra money", `document.getElementById("note") !== null`)
	if got := eval[string](t, tb, `document.getElementById("checkout").dataset.state + " / " + document.getElementById("headline").textContent`); got != "paid / Paid" {
		t.Errorf("after the extra payment: %q, want it still paid", got)
	}
	note := eval[string](t, tb, `document.getElementById("note").textContent`)
	if !strings.Contains(note, extra+" BTC") || !strings.Contains(note, "stays paid") {
		t.Errorf("note %q", note)
	}
	if got := eval[string](t, tb, `(document.querySelector("[data-testid=contact-email]") || {}).href || ""`); got != "mailto:"+storeSupportEmail {
		t.Errorf("contact %q, want the store's support e-mail", got)
	}
	if !eval[bool](t, tb, `document.querySelector("[data-testid=receipt]") !== null && window.notReloaded === true`) {
		t.Error("the receipt is gone, or the page reloaded")
	}
	if got := testTools(t, tb); strings.Contains(got, "test-pay") {
		t.Errorf("a paid payment offers to send: %q", got)
	}
}

// Every screen that sends the payer to the store names its support e-mail and page as links.
func TestSupportContactShown(t *testing.T) {
	s := start(t)
	tb := s.tab(t)
	for _, sc := range screens {
		p := s.paymentIn(t, sc, nil)
		t.Run(sc.state, func(t *testing.T) {
			tb.open(t, p.PaymentURL)
			tb.waitFor(t, "the "+sc.state+" screen", `document.getElementById("checkout").dataset.state === `+quote(sc.state))
			tellsToContact := eval[bool](t, tb, `/contact/i.test(document.getElementById("detail").textContent)`)
			links := eval[string](t, tb, `[...document.querySelectorAll("[data-testid=contact] a")].map(a => a.href).join(" ")`)
			if tellsToContact && links != "mailto:"+storeSupportEmail+" "+storeSupportURL {
				t.Errorf("the screen says to contact the store, with links %q", links)
			}
			if !tellsToContact && links != "" {
				t.Errorf("contact links %q on a screen that does not send the payer to the store", links)
			}
		})
	}
}

// The receipt: the paid screen shows the fiat total, the time paid, number and id, and links the
// printable page, which shows store, amounts, rate and hashes, prints without the page's controls,
// and writes dates in the payer's zone with the zone named. A wrong code is a 404.
func TestReceipt(t *testing.T) {
	s := start(t)
	p := s.newPayment(t, "BTC", nil)
	s.send(t, p, p.PaymentAmount)
	s.mine(t, p, 6)
	tb := s.tab(t)
	tb.do(t, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Tokyo"})
		return err
	}))
	tb.open(t, p.PaymentURL)
	tb.waitFor(t, "the paid screen", `document.getElementById("checkout").dataset.state === "paid"`)
	for id, want := range map[string]string{"receipt-fiat": "$100.00", "receipt-paid": p.PaymentAmount + " BTC", "receipt-id": p.PaymentID} {
		if got := eval[string](t, tb, `document.querySelector("[data-testid=`+id+`]").textContent`); got != want {
			t.Errorf("%s %q, want %q", id, got, want)
		}
	}
	paidAt := eval[string](t, tb, `document.querySelector("[data-testid=receipt-time]").textContent`)
	if !regexp.MustCompile(`GMT\+9`).MatchString(paidAt) {
		t.Errorf("time paid %q: want it in the payer's zone (Tokyo), named", paidAt)
	}
	if !eval[bool](t, tb, `!document.querySelector('[data-copy="receipt-id"]').hidden`) {
		t.Error("the payment id cannot be copied")
	}
	tb.do(t, clickSelector("[data-testid=receipt-link]"))
	tb.waitFor(t, "the receipt page", `document.querySelector("[data-testid=receipt-page]") !== null`)
	if got := eval[string](t, tb, `document.querySelector("[data-testid=receipt-hash]").textContent`); len(got) < 20 {
		t.Errorf("transaction hash %q", got)
	}
	for _, v := range seriousViolations(t, tb) {
		t.Errorf("receipt page: %s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, "; "))
	}
	if got := eval[string](t, tb, `document.querySelector("[data-testid=receipt-rate]").textContent`); !strings.HasPrefix(got, "1 BTC = $") {
		t.Errorf("rate %q", got)
	}
	if !eval[bool](t, tb, `!document.getElementById("print").hidden`) {
		t.Error("no print button with JavaScript")
	}
	tb.do(t, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if got := eval[string](t, tb, `[".lang-picker", ".receipt-actions"].map(s => getComputedStyle(document.querySelector(s)).display).join(" ")`); got != "none none" {
		t.Errorf("printed, the controls show: %q", got)
	}
	if got := eval[string](t, tb, `getComputedStyle(document.body).backgroundColor`); got != "rgb(255, 255, 255)" {
		t.Errorf("printed background %q", got)
	}
	tb.do(t, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		return err
	}))
	resp, err := http.Get(s.app.url + "/payment/" + p.PaymentID + "/receipt?code=wrong")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("a wrong code: %d, want 404", resp.StatusCode)
	}
}

// A dedicated address opened with ?amount=200&asset_id=USDT.TRC20 acknowledges a deposit made
// after it was opened, live, and stops asking; one made before (for an earlier request) does not
// answer it. Asked in another crypto, it shows "≈" that amount beside the converted one.
func TestDedicateAcknowledgesDeposit(t *testing.T) {
	s := start(t)
	newAddress := func(asset string) dedicate {
		var d dedicate
		s.api.call(t, http.MethodPost, "/dedicate", map[string]any{"asset_id": asset, "dedicate_type": "USES", "address_alloc": "NEW"}, &d)
		return d
	}
	deposit := func(d dedicate) {
		s.api.call(t, http.MethodPost, "/test/dedicate/"+d.DedicateID+"/tx", map[string]any{"amount": "200"}, nil)
	}
	tb := s.tab(t)

	earlier := newAddress("USDT.TRC20")
	deposit(earlier)
	tb.open(t, earlier.PaymentURL+"?amount=200&asset_id=USDT.TRC20")
	tb.waitFor(t, "the open address", `document.getElementById("checkout").dataset.state === "open"`)
	if !eval[bool](t, tb, `document.getElementById("pay-amount") !== null`) {
		t.Error("a deposit made before the page was opened is taken as its answer")
	}

	// The page as a payer opened it a minute ago: its links keep that moment (?since=). Times are
	// whole seconds, so the test does not race the clock's second.
	d := newAddress("USDT.TRC20")
	opened := strconv.FormatInt(time.Now().Add(-time.Minute).Unix(), 10)
	tb.open(t, d.PaymentURL+"?amount=200&asset_id=USDT.TRC20&since="+opened)
	tb.waitFor(t, "the open address", `document.getElementById("checkout").dataset.state === "open"`)
	deposit(d)
	tb.waitFor(t, "the acknowledgement", `document.getElementById("checkout").dataset.state === "received"`)
	if got := eval[string](t, tb, `document.getElementById("headline").textContent`); got != "Received 200 USDT, thank you" {
		t.Errorf("headline %q", got)
	}
	if eval[bool](t, tb, `document.getElementById("qr") !== null || document.getElementById("pay-amount") !== null`) {
		t.Error("the page still asks for a payment")
	}
	for _, v := range seriousViolations(t, tb) {
		t.Errorf("acknowledged address: %s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, "; "))
	}

	b := newAddress("BTC")
	tb.open(t, b.PaymentURL+"?amount=200&asset_id=USDT.TRC20")
	if got := eval[string](t, tb, `(document.querySelector("[data-testid=quote]") || {}).textContent || ""`); got != "≈ 200 USDT" {
		t.Errorf("quote %q, want ≈ 200 USDT beside the BTC amount", got)
	}
}

// A test store's transactions are emulated: their hashes show, never a link to a live explorer,
// whether rendered by the server or added live; the deadline names its zone with JavaScript too.
func TestHonestTestPages(t *testing.T) {
	s := start(t)
	p := s.newPayment(t, "USDT.TRC20", nil)
	tb := s.tab(t)
	tb.open(t, p.PaymentURL)
	tb.waitFor(t, "the waiting screen", `document.getElementById("checkout").dataset.state === "waiting"`)
	if got := eval[string](t, tb, `document.getElementById("deadline").textContent`); !regexp.MustCompile(`UTC|GMT`).MatchString(got) {
		t.Errorf("deadline %q names no zone", got)
	}
	if got := eval[string](t, tb, `document.getElementById("qr").alt`); !strings.Contains(got, "address only") {
		t.Errorf("a TRON QR code holds the bare address; alt says %q", got)
	}
	s.send(t, p, "10")
	tb.waitFor(t, "the partial screen", `document.getElementById("checkout").dataset.state === "partial"`)
	s.send(t, p, "5")
	tb.waitFor(t, "two transactions", `document.querySelectorAll("[data-testid=tx]").length === 2`)
	if got := eval[string](t, tb, `[...document.querySelectorAll("main a[href]")].map(a => a.href).filter(h => !h.startsWith(location.origin)).join(" ")`); got != "" {
		t.Errorf("links off this site on a test store's page: %s", got)
	}
	if got := eval[int](t, tb, `document.querySelectorAll("[data-testid=tx-hash]").length`); got != 2 {
		t.Errorf("%d emulated hashes shown, want 2", got)
	}
}
