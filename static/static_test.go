package static

import (
	"bytes"
	"compress/gzip"
	"io"
	"regexp"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestEmbeddedFiles(t *testing.T) {
	hashed := regexp.MustCompile(`^/static/[a-z]+\.[0-9a-f]{12}\.(js|css|svg)$`)
	for _, name := range []string{"checkout.js", "checkout.css", "icon.svg"} {
		a, ok := ByName(name)
		if !ok {
			t.Fatalf("%s is not embedded", name)
		}
		if !hashed.MatchString(URL(name)) {
			t.Errorf("%s is served at %s, not at a content-hashed URL", name, URL(name))
		}
		if got, ok := Lookup(a.URL); !ok || got != a {
			t.Errorf("Lookup(%s) does not find %s", a.URL, name)
		}
		if a.ContentType == "" {
			t.Errorf("%s has no content type", name)
		}
		if a.Brotli == nil {
			t.Errorf("%s has no brotli form", name)
		} else if b, _ := io.ReadAll(brotli.NewReader(bytes.NewReader(a.Brotli))); !bytes.Equal(b, a.Body) {
			t.Errorf("the brotli-compressed %s is not %s", name, name)
		}
		if a.Gzip != nil {
			zr, err := gzip.NewReader(bytes.NewReader(a.Gzip))
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := io.ReadAll(zr); !bytes.Equal(b, a.Body) {
				t.Errorf("the gzipped %s is not %s", name, name)
			}
		}
	}
	if _, ok := Lookup("/static/checkout.js"); ok {
		t.Error("a URL without the hash finds a file")
	}
}

// The script must work under script-src 'self' with no unsafe-eval: no eval, no Function
// constructor, no string timers, no inline handlers written into the page.
func TestScriptNeedsNoUnsafeCSP(t *testing.T) {
	js, _ := ByName("checkout.js")
	for _, bad := range []*regexp.Regexp{
		regexp.MustCompile(`\beval\s*\(`),
		regexp.MustCompile(`new\s+Function\s*\(`),
		regexp.MustCompile(`set(Timeout|Interval)\s*\(\s*["'` + "`" + `]`),
		regexp.MustCompile(`\.innerHTML\s*=`),
		regexp.MustCompile(`postMessage\([^)]*["']\*["']`),
	} {
		if loc := bad.FindIndex(js.Body); loc != nil {
			t.Errorf("checkout.js uses %q", js.Body[loc[0]:loc[1]])
		}
	}
}
