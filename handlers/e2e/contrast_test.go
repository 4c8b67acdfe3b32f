package e2e

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// colorScheme makes the tab's pages see prefers-color-scheme: scheme.
func (tb *tab) colorScheme(t *testing.T, scheme string) {
	t.Helper()
	tb.do(t, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

// contrastViolations runs axe-core's colour-contrast rule (WCAG AA, 4.5:1 for text) on the page.
// A text axe could not decide (over an image, say) counts too: "not proven" is not "clean".
func contrastViolations(t *testing.T, tb *tab) []string {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	if !eval[bool](t, tb, `typeof axe !== "undefined"`) {
		eval[bool](t, tb, src+"\n;true")
	}
	return evalPromise[[]string](t, tb, `axe.run(document, {runOnly: ["color-contrast"]}).then(r =>
		[...r.violations, ...r.incomplete].flatMap(v => v.nodes.map(n => n.target.join(" ") + ": " + (n.failureSummary || "undecided").replace(/\s+/g, " "))))`)
}

// Every text on every screen reaches 4.5:1 in the light and the dark scheme (axe-core's
// colour-contrast rule), with the store's brand colour on: payment screens, the receipt page, the
// dedicated address (open and acknowledged) and the error page. The QR code stays dark on light.
func TestColourContrastLightAndDark(t *testing.T) {
	s := start(t)
	tb := s.tab(t)
	pages := map[string]string{}
	for _, sc := range screens {
		pages[sc.state] = s.paymentIn(t, sc, nil).PaymentURL
	}
	paid := s.paymentIn(t, screens[3], nil)
	pages["receipt"] = strings.Replace(paid.PaymentURL, "?code=", "/receipt?code=", 1)
	s.send(t, paid, part(t, paid.PaymentAmount, "0.1"))
	pages["paid with extra"] = paid.PaymentURL
	var d dedicate
	s.api.call(t, http.MethodPost, "/dedicate", map[string]any{"asset_id": "USDT.TRC20", "dedicate_type": "USES", "address_alloc": "NEW"}, &d)
	pages["dedicate open"] = d.PaymentURL + "?amount=25&asset_id=USDT.TRC20"
	var r dedicate
	s.api.call(t, http.MethodPost, "/dedicate", map[string]any{"asset_id": "USDT.TRC20", "dedicate_type": "USES", "address_alloc": "NEW"}, &r)
	s.api.call(t, http.MethodPost, "/test/dedicate/"+r.DedicateID+"/tx", map[string]any{"amount": "25"}, nil)
	pages["dedicate received"] = r.PaymentURL + "?amount=25&asset_id=USDT.TRC20"
	pages["not found"] = s.app.url + "/payment/00000000-0000-4000-8000-000000000000?code=nope"
	for _, scheme := range []string{"light", "dark"} {
		tb.colorScheme(t, scheme)
		for name, url := range pages {
			for _, lang := range []string{"en", "ar"} {
				t.Run(scheme+"/"+name+"/"+lang, func(t *testing.T) {
					sep := "&"
					if !strings.Contains(url, "?") {
						sep = "?"
					}
					tb.open(t, url+sep+"lang="+lang)
					if got := eval[bool](t, tb, `matchMedia("(prefers-color-scheme: `+scheme+`)").matches`); !got {
						t.Fatalf("the page does not see the %s scheme", scheme)
					}
					for _, v := range contrastViolations(t, tb) {
						t.Error(v)
					}
					if qr := eval[string](t, tb, `(e => e ? getComputedStyle(e).backgroundColor : "")(document.getElementById("qr"))`); qr != "" && qr != "rgb(255, 255, 255)" {
						t.Errorf("QR code background %s: it must stay dark on light", qr)
					}
				})
			}
		}
	}
	// The check itself: light grey text on white must be reported.
	t.Run("planted violation", func(t *testing.T) {
		tb.colorScheme(t, "light")
		tb.open(t, pages["waiting"]+"&lang=en")
		eval[bool](t, tb, `(() => { const p = document.createElement("p"); p.textContent = "faint"; p.style.color = "#ccc"; p.style.background = "#fff";
			document.body.append(p); return true })()`)
		if len(contrastViolations(t, tb)) == 0 {
			t.Error("axe-core did not report light grey on white: the check checks nothing")
		}
	})
}
