package payer

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

func TestPageCacheServesWarmPagesUntilThePaymentChanges(t *testing.T) {
	var counting *countingGateway
	e := newEnv(t, func(c *Config, _ *fiberConfig) {
		counting = &countingGateway{Gateway: c.Gateway}
		c.Gateway = counting
	})
	p := e.payment(e.test, "BTC")

	doc, _ := e.page(pageURL(p), http.StatusOK)
	eq(t, "state", attr(doc, "payment", "data-state"), "waiting")
	doc, _ = e.page(pageURL(p), http.StatusOK)
	eq(t, "state again", attr(doc, "payment", "data-state"), "waiting")
	if got := counting.reads.Load(); got != 1 {
		t.Errorf("two loads of an unchanged payment read it %d times, want 1", got)
	}

	// A change committed elsewhere (the API's emulation) must show at the very next load.
	e.send(p, "0.0001")
	doc, _ = e.page(pageURL(p), http.StatusOK)
	eq(t, "state after a transaction", attr(doc, "payment", "data-state"), "partial")
	if got := counting.reads.Load(); got != 2 {
		t.Errorf("reads after the change = %d, want 2", got)
	}

	// Another language is another page; a wrong code is never served from the cache.
	e.page(pageURL(p)+"&lang=en", http.StatusOK)
	e.page("/payment/"+p.PaymentID+"?code=wrong", http.StatusNotFound)
	if got := counting.reads.Load(); got != 4 {
		t.Errorf("reads = %d, want 4", got)
	}

	// The countdown text of a page without JavaScript stays fresh: entries live a few seconds.
	e.clock.Add(pageCacheTTL + time.Second)
	e.page(pageURL(p), http.StatusOK)
	if got := counting.reads.Load(); got != 5 {
		t.Errorf("reads after the lifetime = %d, want 5", got)
	}
}

func TestPageCacheIsDroppedByTheTestTools(t *testing.T) {
	e := newEnv(t)
	p := e.payment(e.test, "BTC")
	e.page(pageURL(p), http.StatusOK)
	resp := e.do(http.MethodPost, "/payment/"+p.PaymentID+"/test/pay-part?code="+p.Code, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("test tool: status %d", resp.StatusCode)
	}
	doc, _ := e.page(pageURL(p), http.StatusOK)
	eq(t, "state after the test tool", attr(doc, "payment", "data-state"), "partial")
}

func TestPageCacheBoundsItsEntries(t *testing.T) {
	pc := newPageCache(time.Minute, 3)
	now := time.Now()
	var cancelled atomic.Int64
	for i := range 5 {
		pc.put(string(rune('a'+i)), &cachedPage{paymentID: "p", changed: make(chan struct{}), cancel: func() { cancelled.Add(1) }}, now)
	}
	if got := len(pc.entries); got > 3 {
		t.Errorf("%d entries, want at most 3", got)
	}
	pc.close()
	if got := cancelled.Load(); got != 5 {
		t.Errorf("%d subscriptions ended, want all 5", got)
	}
}
