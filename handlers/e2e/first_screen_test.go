package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"
)

// box is an element's place on the screen, in CSS pixels, as getBoundingClientRect reports it.
type box struct {
	Missing                        bool
	Top, Left, Bottom, Right, W, H float64
	Visible                        bool
}

func (b box) String() string {
	return fmt.Sprintf("[%.0f,%.0f → %.0f,%.0f]", b.Left, b.Top, b.Right, b.Bottom)
}

// boxOf is where sel's first element is, without scrolling.
func boxOf(t *testing.T, tb *tab, sel string) box {
	t.Helper()
	return eval[box](t, tb, `(() => { const e = document.querySelector(`+quote(sel)+`);
		if (!e) return {Missing: true};
		const r = e.getBoundingClientRect(), st = getComputedStyle(e);
		return {Top: r.top, Left: r.left, Bottom: r.bottom, Right: r.right, W: r.width, H: r.height,
			Visible: !e.closest("[hidden]") && st.visibility === "visible" && st.display !== "none" && r.width > 0};
	})()`)
}

// The first screen: on a 375×667 phone the amount with its copy button, the whole QR code and the
// time left are on screen before any scrolling; on a 1280×800 desktop so are they and the network
// warning, with the QR code in its own column beside the pay details. In each of the ten
// languages, for a coin and a token (which adds advice), before and after a partial payment.
func TestFirstScreen(t *testing.T) {
	s := start(t)
	tb := s.tab(t)
	type viewport struct {
		name   string
		w, h   int64
		mobile bool
	}
	payments := map[string]payment{}
	for _, asset := range []string{"BTC", "USDT.TRC20"} {
		for _, sc := range screens[:2] { // waiting, partial
			p := s.newPayment(t, asset, map[string]any{"description": "Order 42: two items, delivered to the door", "payer_name": "Ada Lovelace"})
			if sc.state == "partial" {
				s.send(t, p, decimal.RequireFromString(part(t, p.PaymentAmount, "0.4")).Truncate(6).String())
			}
			payments[asset+"/"+sc.state] = p
		}
	}
	for _, vp := range []viewport{{"phone", 375, 667, true}, {"desktop", 1280, 800, false}} {
		opts := []chromedp.EmulateViewportOption{}
		if vp.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		tb.do(t, chromedp.EmulateViewport(vp.w, vp.h, opts...))
		for name, p := range payments {
			for _, l := range languages {
				lang := l.code
				t.Run(vp.name+"/"+name+"/"+lang, func(t *testing.T) {
					tb.open(t, p.PaymentURL+"&lang="+lang)
					tb.waitFor(t, "the copy buttons", `!document.querySelector('[data-copy="pay-amount"]').hidden && document.getElementById("qr").complete`)
					if got := eval[float64](t, tb, `scrollY`); got != 0 {
						t.Fatalf("the page opened scrolled to %.0f", got)
					}
					first := []string{"#pay-amount", `[data-copy="pay-amount"]`, "#qr", "#countdown"}
					if !vp.mobile {
						first = append(first, "[data-testid=network-warning]", "#pay-address")
					}
					for _, sel := range first {
						b := boxOf(t, tb, sel)
						switch {
						case b.Missing || !b.Visible:
							t.Errorf("%s is not shown", sel)
						case b.Top < 0 || b.Left < 0 || b.Bottom > float64(vp.h) || b.Right > float64(vp.w):
							t.Errorf("%s at %v: not entirely within the first %dx%d screen", sel, b, vp.w, vp.h)
						}
					}
					if vp.mobile {
						return
					}
					qr, amount := boxOf(t, tb, "#qr"), boxOf(t, tb, "[data-testid=amount]")
					beside := qr.Left >= amount.Right // left to right: the QR code on the right
					if l.rtl {
						beside = qr.Right <= amount.Left
					}
					if !beside || qr.Top > amount.Bottom {
						t.Errorf("the QR code %v is not in a column beside the amount %v", qr, amount)
					}
				})
			}
		}
	}
	tb.do(t, chromedp.ResetViewport())
}

// Every tap target of the payer's screens (copy buttons, wallet link, test tools, language picker,
// links back to the store and to the receipt) is at least 44×44 CSS px on a phone.
func TestTapTargets(t *testing.T) {
	s := start(t)
	tb := s.tab(t)
	tb.do(t, chromedp.EmulateViewport(375, 667, chromedp.EmulateMobile))
	defer tb.do(t, chromedp.ResetViewport())
	for _, sc := range screens {
		p := s.paymentIn(t, sc, nil)
		t.Run(sc.state, func(t *testing.T) {
			tb.open(t, p.PaymentURL)
			tb.waitFor(t, "the "+sc.state+" screen", `document.getElementById("checkout").dataset.state === `+quote(sc.state))
			small := eval[[]string](t, tb, `[...document.querySelectorAll("main button, main a, .lang-picker summary")]
				.filter(e => !e.closest("[hidden]") && getComputedStyle(e).display !== "none")
				.map(e => [e, e.getBoundingClientRect()])
				.filter(([e, r]) => r.width < 44 || r.height < 44)
				.map(([e, r]) => (e.dataset.testid || e.className || e.tagName) + " " + Math.round(r.width) + "x" + Math.round(r.height))`)
			for _, s := range small {
				t.Errorf("tap target smaller than 44×44: %s", s)
			}
		})
	}
}

// Amounts never break inside: an ETH amount with 18 decimals, and the amount with its currency in
// Russian (whose long "Копировать" once pushed "BTC" onto its own line), each stay on one line.
func TestAmountsDoNotWrap(t *testing.T) {
	s := start(t)
	tb := s.tab(t)
	tb.do(t, chromedp.EmulateViewport(375, 667, chromedp.EmulateMobile))
	defer tb.do(t, chromedp.ResetViewport())
	for _, c := range []struct{ asset, lang string }{{"ETH", "en"}, {"ETH", "ru"}, {"BTC", "ru"}, {"USDC.ERC20", "ar"}} {
		p := s.newPayment(t, c.asset, map[string]any{"amount": "1234.57"})
		t.Run(c.asset+"/"+c.lang, func(t *testing.T) {
			tb.open(t, p.PaymentURL+"&lang="+c.lang)
			tb.waitFor(t, "the copy button", `!document.querySelector('[data-copy="pay-amount"]').hidden`)
			if got := eval[string](t, tb, `document.getElementById("pay-amount").textContent`); got != p.PaymentAmount {
				t.Fatalf("amount %q, want exactly %q", got, p.PaymentAmount)
			}
			lines := eval[int](t, tb, `new Set([...document.querySelector(".figure .nowrap").getClientRects()].map(r => Math.round(r.top))).size`)
			amount, currency := boxOf(t, tb, "#pay-amount"), boxOf(t, tb, ".figure .currency")
			if lines != 1 || currency.Bottom < amount.Top || currency.Top > amount.Bottom {
				t.Errorf("%s (%s) breaks: %d lines, amount %v, currency %v", p.PaymentAmount, c.asset, lines, amount, currency)
			}
			if amount.Right > 375 || amount.Left < 0 {
				t.Errorf("amount %v runs off the screen", amount)
			}
		})
	}
}
