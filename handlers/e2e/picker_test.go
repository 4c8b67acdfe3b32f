package e2e

import "testing"

// In a right-to-left page the language list lines up on one edge, the right, whatever the
// direction of each language's own name (English, 日本語 and فارسی alike); the CJK pickers use the
// full-width colon.
func TestLanguagePickerAlignment(t *testing.T) {
	s := start(t)
	p := s.newPayment(t, "BTC", nil)
	tb := s.tab(t)
	for _, lang := range []string{"ar", "fa"} {
		t.Run(lang, func(t *testing.T) {
			tb.open(t, p.PaymentURL+"&lang="+lang)
			eval[bool](t, tb, `(document.querySelector(".lang-picker details").open = true)`)
			edges := eval[[]float64](t, tb, `[...document.querySelectorAll(".lang-picker li a")].map(a => {
				const r = document.createRange(); r.selectNodeContents(a); return Math.round(r.getBoundingClientRect().right) })`)
			if len(edges) != 10 {
				t.Fatalf("%d languages in the picker", len(edges))
			}
			for i, e := range edges {
				if e != edges[0] {
					t.Errorf("language %d ends at %.0f px, the first at %.0f: not aligned", i, e, edges[0])
				}
			}
		})
	}
	for lang, want := range map[string]string{"ja": "言語：日本語", "zh": "语言：中文"} {
		tb.open(t, p.PaymentURL+"&lang="+lang)
		if got := eval[string](t, tb, `document.querySelector(".lang-picker summary").textContent.replace("▾", "").trim()`); got != want {
			t.Errorf("%s picker %q, want %q", lang, got, want)
		}
	}
}
