package e2e

import (
	"net/http"
	"testing"

	"github.com/shopspring/decimal"
)

// dedicate is the part of the API's dedicated address the tests look at.
type dedicate struct {
	DedicateID    string `json:"dedicate_id"`
	PaymentURL    string `json:"payment_url"`
	Address       string `json:"address"`
	CryptoNetwork string `json:"crypto_network"`
	Status        string `json:"status"`
}

// A client opens the page of a dedicated address with a proposed amount in the store's currency:
// it shows that amount converted (never less), the address and QR code; a deposit then appears
// on the page without a reload, confirms, and a released address tells the client to stop.
func TestDedicatedAddress(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *suite) {
		var d dedicate
		s.api.call(t, http.MethodPost, "/dedicate", map[string]any{"asset_id": "ETH", "dedicate_type": "USES", "address_alloc": "NEW"}, &d)
		var conv struct {
			AmountStr string `json:"amount_str"`
		}
		s.api.call(t, http.MethodPost, "/convert", map[string]any{"from_amount": "100", "from_asset_id": "USD", "asset_id": "ETH"}, &conv)

		tb := s.tab(t)
		tb.open(t, d.PaymentURL+"?amount=100&asset_id=USD")
		tb.waitFor(t, "the open address", `document.getElementById("checkout").dataset.state === "open"`)
		eval[bool](t, tb, `window.notReloaded = true`)
		if got, want := eval[string](t, tb, `document.getElementById("pay-address").textContent`), d.Address; got != want {
			t.Errorf("address %q, want %q", got, want)
		}
		shown, err := decimal.NewFromString(eval[string](t, tb, `document.getElementById("pay-amount").textContent`))
		if err != nil {
			t.Fatalf("amount to send: %v", err)
		}
		converted := decimal.RequireFromString(conv.AmountStr)
		if shown.LessThan(converted) || shown.Sub(converted).GreaterThan(decimal.New(1, -8)) {
			t.Errorf("amount to send %s, want 100 USD in ETH rounded up: %s", shown, converted)
		}
		if !eval[bool](t, tb, `document.getElementById("qr").complete && document.getElementById("qr").naturalWidth > 100`) {
			t.Error("the QR code did not load")
		}
		if got := eval[int](t, tb, `document.querySelectorAll("[data-testid=dedicate-payment]").length`); got != 0 {
			t.Errorf("%d payments listed before any deposit", got)
		}

		// A deposit arrives and shows up by itself, then confirms.
		s.api.call(t, http.MethodPost, "/test/dedicate/"+d.DedicateID+"/tx", map[string]any{"amount": "0.01"}, nil)
		tb.waitFor(t, "the deposit", `document.querySelectorAll("[data-testid=dedicate-payment]").length === 1 &&
		document.querySelector("[data-testid=payment-amount]").textContent === "0.01 ETH"`)
		before := eval[string](t, tb, `document.querySelector("[data-testid=payment-status]").textContent`)
		s.api.call(t, http.MethodPost, "/test/blocks", map[string]any{"crypto_network": d.CryptoNetwork, "count": 10}, nil)
		tb.waitFor(t, "the deposit confirmed", `document.querySelector("[data-testid=payment-status]").textContent !== `+quote(before))

		// Released: the page says not to send any more, and no longer offers the address to pay.
		s.api.call(t, http.MethodPost, "/dedicate/"+d.DedicateID+"/release", nil, nil)
		tb.waitFor(t, "the released address", `document.getElementById("checkout").dataset.state === "released" &&
		document.getElementById("headline").textContent === "This address no longer accepts payments" &&
		document.querySelector("[data-testid=pay]") === null`)
		if !eval[bool](t, tb, `window.notReloaded === true`) {
			t.Error("the page reloaded instead of updating itself")
		}
		if problems := tb.consoleProblems(); len(problems) > 0 {
			t.Errorf("the page logged problems:\n%v", problems)
		}
	})
}
