package webhook_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/cryptocheckout/checkout/gateway/webhook"
	"github.com/cryptocheckout/checkout/gateway/webhook/wptest"
)

// hostile is merchant data of the kinds that WordPress's sanitize_text_field would change if they
// reached the body as they are.
var hostile = []string{
	"https://shop.example/cart?cancel_order=true&order=wc_order_1&redirect=%2Fcheckout%2F&note=a%20b",
	"https://shop.example/?q=100%",
	"two  spaces", "three   spaces", "tab\there", "line\nbreak\r\n", " leading and trailing ",
	"<script>alert(1)</script>", "a < b > c & d", "%%2020", "%2%20520", "Ünïcödé ✓ 日本語 عربى",
	"\u2028\u2029", "nul\x00byte", "quote\" and \\ backslash", "",
}

func TestBodySurvivesWordPress(t *testing.T) {
	for _, s := range hostile {
		payload := map[string]any{"type": "notification", "event": "payment.open",
			"payment": map[string]any{"description": s, "cancel_url": s, "custom": `{"order_id":7,"note":"` + s + `"}`}}
		body, err := webhook.Body(payload)
		if err != nil {
			t.Fatal(err)
		}
		if got := wptest.SanitizeTextField(string(body)); got != string(body) {
			t.Errorf("for %q sanitize_text_field changed the body:\n%s\n%s", s, body, got)
		}
		var back map[string]any
		if err := json.Unmarshal(body, &back); err != nil {
			t.Fatalf("body for %q is not JSON: %v", s, err)
		}
		want, _ := json.Marshal(payload)
		var wantBack map[string]any
		json.Unmarshal(want, &wantBack)
		if !reflect.DeepEqual(back, wantBack) {
			t.Errorf("for %q the body decodes to %v, want %v", s, back, wantBack)
		}
	}
}

// The plain case costs nothing: a body with nothing to escape is encoding/json's own.
func TestBodyIsCompactJSON(t *testing.T) {
	body, err := webhook.Body(map[string]any{"a": "b c", "n": 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(body), `{"a":"b c","n":1}`; got != want {
		t.Errorf("Body = %s, want %s", got, want)
	}
	body, _ = webhook.Body(map[string]string{"u": "a%20b  c"})
	if got, want := string(body), `{"u":"a\u002520b \u0020c"}`; got != want {
		t.Errorf("Body = %s, want %s", got, want)
	}
}

// For any merchant text, the body WordPress sees is the body we signed, and it reads back the same.
func FuzzBodySurvivesWordPress(f *testing.F) {
	for _, s := range hostile {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, description, url string) {
		payload := map[string]string{"description": description, "cancel_url": url}
		body, err := webhook.Body(payload)
		if err != nil {
			t.Fatal(err)
		}
		if got := wptest.SanitizeTextField(string(body)); got != string(body) {
			t.Fatalf("sanitize_text_field changed the body:\n%s\n%s", body, got)
		}
		var back map[string]string
		if err := json.Unmarshal(body, &back); err != nil {
			t.Fatalf("not JSON: %v: %s", err, body)
		}
		plain, _ := json.Marshal(payload) // encoding/json's reading of the same values (invalid UTF-8 replaced)
		var want map[string]string
		json.Unmarshal(plain, &want)
		if !reflect.DeepEqual(back, want) {
			t.Fatalf("decodes to %q, want %q", back, want)
		}
	})
}

// The same bodies through WordPress's own sanitize_text_field (the real PHP, see wptest.WordPress).
func TestBodySurvivesRealWordPress(t *testing.T) {
	sanitize := wptest.WordPress(t)
	var bodies []string
	for _, s := range hostile {
		body, err := webhook.Body(map[string]any{"type": "notification", "event": "payment.complete",
			"payment": map[string]any{"description": s, "cancel_url": s, "success_url": s + s, "custom": `{"order_id":7,"note":"` + s + `"}`}})
		if err != nil {
			t.Fatal(err)
		}
		bodies = append(bodies, string(body))
	}
	for i, got := range sanitize(bodies) {
		if got != bodies[i] {
			t.Errorf("WordPress changed the body for %q:\n%s\n%s", hostile[i], bodies[i], got)
		}
	}
}
