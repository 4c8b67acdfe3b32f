package onramp

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// answer is a transport that answers every request with the same JSON body, standing in for a
// provider's API (the real ones cannot be reached from here).
type answer string

func (a answer) RoundTrip(*http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(string(a)))}, nil
}

// Whatever redirect_url a provider's API answers, the payer is only ever sent over https to the
// provider's documented host, or not at all.
func FuzzProviderAnswerStaysOnItsHost(f *testing.F) {
	for _, seed := range []string{
		"https://payments.guardarian.com/checkout?tid=1", "https://payments.guardarian.com.evil.example/",
		"http://payments.guardarian.com/", "https://user@payments.guardarian.com/", "javascript:alert(1)",
		"//payments.guardarian.com/", "https://PAYMENTS.guardarian.com/", "https://payments.guardarian.com:444/",
		"https://payments.guardarian.com\\@evil.example/",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, redirect string) {
		body, _ := json.Marshal(map[string]string{"redirect_url": redirect})
		s, err := New(Config{GuardarianAPIKey: "k", HTTP: &http.Client{Transport: answer(body)}})
		if err != nil {
			t.Fatal(err)
		}
		l, err := s.Link(context.Background(), Guardarian, order())
		if err != nil {
			return
		}
		u, perr := url.Parse(l.URL)
		if perr != nil || u.Scheme != "https" || strings.ToLower(u.Host) != "payments.guardarian.com" || u.User != nil {
			t.Fatalf("sent the payer to %q", l.URL)
		}
	})
}
