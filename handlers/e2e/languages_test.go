package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cryptocheckout/checkout/locales"
)

// languages are the ten languages of the payer pages (SPEC); ar and fa are written right to left.
var languages = []struct {
	code string
	rtl  bool
}{
	{"ar", true}, {"en", false}, {"es", false}, {"fa", true}, {"fr", false},
	{"ja", false}, {"pt", false}, {"ru", false}, {"tr", false}, {"zh", false},
}

// pageText is every text of the page a payer can read or hear: visible text plus the labels,
// alternatives and countdown forms kept in attributes.
// The countdown's plural forms (data-plural, data-seconds) hold "{{.Count}}" on purpose and are
// checked apart.
const pageText = `document.title + "\n" + document.body.innerText + "\n" +
	[...document.querySelectorAll("[aria-label],[alt],[data-copied],[data-over],[data-explorer]")]
		.map(e => ["aria-label", "alt", "data-copied", "data-over", "data-explorer"]
			.map(a => e.getAttribute(a) || "").join("\n")).join("\n")`

// In each language the waiting screen declares its language and direction, shows no message id
// or template left untranslated, keeps addresses and amounts left to right, and is photographed
// into artifacts/screenshots/<lang>.png for a person to look at.
func TestLanguages(t *testing.T) {
	s := start(t)
	ids := locales.MustLoad().MessageIDs(locales.Reference)
	p := s.newPayment(t, "USDT.TRC20", map[string]any{"payer_name": "Ada", "description": "Order 42: two concert tickets"})
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	shots := filepath.Join(root, "artifacts", "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	tb := s.tab(t)
	tb.open(t, p.PaymentURL+"&lang=en")
	english := eval[string](t, tb, `document.getElementById("headline").textContent`)

	for _, l := range languages {
		t.Run(l.code, func(t *testing.T) {
			tb.open(t, p.PaymentURL+"&lang="+l.code)
			tb.waitFor(t, "the waiting screen", `document.getElementById("checkout").dataset.state === "waiting"`)
			if got := eval[string](t, tb, `document.documentElement.lang`); got != l.code {
				t.Errorf("lang %q, want %q", got, l.code)
			}
			dir := map[bool]string{true: "rtl", false: "ltr"}[l.rtl]
			if got := eval[string](t, tb, `document.documentElement.dir + " " + getComputedStyle(document.body).direction`); got != dir+" "+dir {
				t.Errorf("direction %q, want %s", got, dir)
			}
			for _, id := range []string{"pay-address", "pay-amount"} {
				if got := eval[string](t, tb, `getComputedStyle(document.getElementById("`+id+`")).direction`); got != "ltr" {
					t.Errorf("%s is written %s, want ltr", id, got)
				}
			}
			text := eval[string](t, tb, pageText)
			for _, id := range ids {
				if strings.Contains(text, id) {
					t.Errorf("message id %q shown instead of its text", id)
				}
			}
			if strings.Contains(text, "{{") {
				t.Errorf("an unfilled template is shown: %q", text)
			}
			forms := eval[map[string]string](t, tb, `JSON.parse(document.getElementById("countdown").dataset.plural)`)
			if forms["other"] == "" || !strings.Contains(forms["other"], "{{.Count}}") {
				t.Errorf("countdown forms %q lack the number", forms)
			}
			if headline := eval[string](t, tb, `document.getElementById("headline").textContent`); l.code != "en" && headline == english {
				t.Errorf("the headline is still English: %q", headline)
			}
			// The countdown is rendered by the script in the page's language too.
			if got := eval[string](t, tb, `document.getElementById("countdown").textContent`); got == "" || (l.code != "en" && strings.Contains(got, "minutes left")) {
				t.Errorf("countdown %q", got)
			}
			png := screenshot(t, tb)
			if err := os.WriteFile(filepath.Join(shots, l.code+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
			if os.Getenv("E2E_README_SCREENSHOTS") != "" && (l.code == "en" || l.code == "ar") {
				readmeScreenshot(t, tb, filepath.Join(root, "docs", "screenshots", "payment-"+l.code+".png"), 375, 667, 60<<10)
				if l.code == "en" {
					readmeScreenshot(t, tb, filepath.Join(root, "docs", "screenshots", "payment-desktop.png"), 1280, 800, 160<<10)
				}
			}
		})
	}
}

// readmeScreenshot writes one of the README's pictures of the page: the first screen of a phone
// (375×667) or of a desktop (1280×800), at most limit bytes.
// E2E_README_SCREENSHOTS=1 go test -run TestLanguages ./handlers/e2e/ refreshes them.
func readmeScreenshot(t *testing.T, tb *tab, path string, w, h int64, limit int) {
	t.Helper()
	if w < 600 {
		tb.do(t, chromedp.EmulateViewport(w, h, chromedp.EmulateMobile))
	} else {
		tb.do(t, chromedp.EmulateViewport(w, h))
	}
	// The copy buttons appear once the script runs: photograph the page as a payer sees it.
	tb.waitFor(t, "the page ready", `document.getElementById("qr").complete && document.readyState === "complete"`)
	defer tb.do(t, chromedp.ResetViewport())
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if len(png) > limit {
		t.Errorf("%s: %d bytes, over the README's %d KB for it", path, len(png), limit>>10)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// screenshot is a PNG of the whole page.
func screenshot(t *testing.T, tb *tab) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	return png
}
