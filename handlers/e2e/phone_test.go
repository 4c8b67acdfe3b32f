package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// tapTarget is the smallest acceptable tap target, in CSS pixels (WCAG 2.5.5, Apple's guideline).
const tapTarget = 44

// On a phone (375×667) no screen scrolls sideways, in a left-to-right and a right-to-left
// language, and the QR code, copy buttons and wallet link can be reached and tapped.
func TestPhoneScreen(t *testing.T) {
	s := start(t)
	tb := s.tab(t)
	tb.do(t, chromedp.EmulateViewport(375, 667, chromedp.EmulateMobile, chromedp.EmulateScale(2)))
	for _, sc := range screens {
		p := s.paymentIn(t, sc, map[string]any{"description": "A rather long description of the order, with words like Kreditkartenzahlungsbestätigung that do not wrap easily"})
		for _, lang := range []string{"en", "ar"} {
			t.Run(sc.state+"/"+lang, func(t *testing.T) {
				tb.open(t, p.PaymentURL+"&lang="+lang)
				tb.waitFor(t, "the "+sc.state+" screen", `document.getElementById("checkout").dataset.state === `+quote(sc.state))
				if got := eval[string](t, tb, `innerWidth + "x" + innerHeight`); got != "375x667" {
					t.Fatalf("viewport %s, want 375x667", got)
				}
				if !eval[bool](t, tb, `document.scrollingElement.scrollWidth <= innerWidth`) {
					t.Errorf("the page scrolls sideways: %s", eval[string](t, tb, `document.scrollingElement.scrollWidth + " > " + innerWidth + ": " +
						[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > innerWidth + 1 || e.getBoundingClientRect().left < -1).map(e => e.tagName + "." + e.className).slice(0, 5).join(", ")`))
				}
				if sc.state != "waiting" && sc.state != "partial" {
					return
				}
				for _, sel := range []string{"#qr", `[data-copy="pay-amount"]`, `[data-copy="pay-address"]`, "#wallet-link"} {
					checkTappable(t, tb, sel)
				}
			})
		}
	}
}

// checkTappable scrolls an element into view and checks that it is shown, entirely within the
// screen's width and height, and big enough to tap.
func checkTappable(t *testing.T, tb *tab, sel string) {
	t.Helper()
	r := eval[map[string]float64](t, tb, `(() => { const e = document.querySelector(`+quote(sel)+`);
		if (!e) return {missing: 1};
		e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect(), st = getComputedStyle(e);
		return {w: r.width, h: r.height, top: r.top, left: r.left, bottom: r.bottom, right: r.right,
			hidden: (e.hidden || st.visibility !== "visible" || st.display === "none") ? 1 : 0};
	})()`)
	switch {
	case r["missing"] == 1:
		t.Errorf("%s: missing", sel)
	case r["hidden"] == 1:
		t.Errorf("%s: not visible", sel)
	case r["top"] < 0 || r["left"] < 0 || r["bottom"] > 667 || r["right"] > 375:
		t.Errorf("%s: outside the screen after scrolling to it: %v", sel, r)
	case r["w"] < tapTarget || r["h"] < tapTarget:
		t.Errorf("%s: %.0f×%.0f CSS px, too small to tap (want ≥ %d)", sel, r["w"], r["h"], tapTarget)
	}
}
