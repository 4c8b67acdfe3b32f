package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// axeSource is axe-core's script: AXE_CORE_JS, else the copy .ci/run installs under .cache/npm.
var axeSource = sync.OnceValues(func() (string, error) {
	path := os.Getenv("AXE_CORE_JS")
	if path == "" {
		root, err := repoRoot()
		if err != nil {
			return "", err
		}
		path = filepath.Join(root, ".cache", "npm", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("axe-core not found (%w): run `npm install --no-save --prefix .cache/npm axe-core@4` at the repository root, or set AXE_CORE_JS", err)
	}
	return string(b), nil
})

// axeViolation is a rule axe-core found broken, with where.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// seriousViolations runs axe-core on the tab's page (injected through DevTools, so the page's CSP
// stays as it is) and returns its serious and critical violations.
func seriousViolations(t *testing.T, tb *tab) []axeViolation {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	if !eval[bool](t, tb, `typeof axe !== "undefined"`) {
		eval[bool](t, tb, src+"\n;true")
	}
	return evalPromise[[]axeViolation](t, tb, `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(" "))})))`)
}

// Every screen of the payment page, and its error page, pass axe-core without a serious or
// critical violation, in English and in a right-to-left language; the status is in a live region
// so a screen reader hears each change (TestPaymentOpenToPaid hears them).
func TestAccessibility(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *suite) {
		tb := s.tab(t)
		check := func(t *testing.T) {
			for _, v := range seriousViolations(t, tb) {
				t.Errorf("%s (%s): %s at %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, "; "))
			}
		}
		for _, sc := range screens {
			p := s.paymentIn(t, sc, nil)
			for _, lang := range []string{"en", "ar"} {
				t.Run(sc.state+"/"+lang, func(t *testing.T) {
					tb.open(t, p.PaymentURL+"&lang="+lang)
					tb.waitFor(t, "the "+sc.state+" screen", `document.getElementById("checkout").dataset.state === `+quote(sc.state))
					live := eval[string](t, tb, `(e => e ? e.getAttribute("aria-live") + " " + !document.getElementById("checkout").contains(e) : "none")(document.getElementById("announce"))`)
					if live != "polite true" {
						t.Errorf("status announcements: %q, want a polite live region outside the part the script replaces", live)
					}
					check(t)
				})
			}
		}
		// The check itself: a planted image without an alternative must be reported.
		t.Run("planted violation", func(t *testing.T) {
			eval[bool](t, tb, `(() => { const i = document.createElement("img"); i.src = "data:,"; document.body.append(i); return true })()`)
			found := false
			for _, v := range seriousViolations(t, tb) {
				found = found || v.ID == "image-alt"
			}
			if !found {
				t.Error("axe-core did not report an image without alt: the check checks nothing")
			}
		})
		t.Run("dedicated address", func(t *testing.T) {
			var d dedicate
			s.api.call(t, http.MethodPost, "/dedicate", map[string]any{"asset_id": "BTC", "dedicate_type": "USES", "address_alloc": "NEW"}, &d)
			tb.open(t, d.PaymentURL+"?amount=10&asset_id=USD")
			tb.waitFor(t, "the open address", `document.getElementById("checkout").dataset.state === "open"`)
			check(t)
		})
		t.Run("not found", func(t *testing.T) {
			tb.open(t, s.app.url+"/payment/00000000-0000-4000-8000-000000000000?code=nope")
			if got := eval[string](t, tb, `document.querySelector("h1") ? document.querySelector("h1").textContent : ""`); got == "" {
				t.Fatalf("no error page: %s", tb.describe())
			}
			check(t)
		})
	})
}
