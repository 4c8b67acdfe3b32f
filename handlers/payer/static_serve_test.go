package payer

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/cryptocheckout/checkout/static"
)

func TestStaticFiles(t *testing.T) {
	e := newEnv(t)
	for _, name := range []string{"checkout.js", "checkout.css", "icon.svg"} {
		t.Run(name, func(t *testing.T) {
			a, _ := static.ByName(name)
			resp := e.do(http.MethodGet, static.URL(name))
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK || string(body) != string(a.Body) {
				t.Fatalf("status %d, %d bytes; want the embedded file", resp.StatusCode, len(body))
			}
			eq(t, "Cache-Control", resp.Header.Get("Cache-Control"), "public, max-age=31536000, immutable")
			eq(t, "Content-Type", resp.Header.Get("Content-Type"), a.ContentType)
			eq(t, "nosniff", resp.Header.Get("X-Content-Type-Options"), "nosniff")

			for _, accept := range []string{"gzip, deflate, br", "br;q=1, gzip;q=0.5"} {
				resp := e.do(http.MethodGet, static.URL(name), "Accept-Encoding", accept)
				eq(t, "Content-Encoding for "+accept, resp.Header.Get("Content-Encoding"), "br")
				eq(t, "Vary", resp.Header.Get("Vary"), "Accept-Encoding")
				if got := decode(t, resp); !bytes.Equal(got, a.Body) {
					t.Errorf("the brotli-compressed file is not the file")
				}
			}
			zipped := e.do(http.MethodGet, static.URL(name), "Accept-Encoding", "gzip, br;q=0")
			if a.Gzip != nil {
				eq(t, "Content-Encoding", zipped.Header.Get("Content-Encoding"), "gzip")
				zr, err := gzip.NewReader(zipped.Body)
				if err != nil {
					t.Fatal(err)
				}
				unzipped, _ := io.ReadAll(zr)
				if string(unzipped) != string(a.Body) {
					t.Error("the gzipped file is not the file")
				}
			}
			notModified := e.do(http.MethodGet, static.URL(name), "If-None-Match", a.ETag)
			if got, want := notModified.StatusCode, http.StatusNotModified; got != want {
				t.Errorf("revalidation status %d, want %d", got, want)
			}
		})
	}
	for _, target := range []string{"/static/checkout.js", "/static/checkout.000000000000.js", "/static/..%2Fgo.mod"} {
		if resp := e.do(http.MethodGet, target); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
		}
	}
}

// The first load of a payment page (HTML, CSS, script, logo and QR code, compressed as served to a
// browser) stays under 15 KB, and makes no third-party request.
func TestFirstLoadWeight(t *testing.T) {
	e := newEnv(t, withLogos)
	e.brand() // with the store's colour, logo and support contact, as a merchant would have it
	p := e.payment(e.test, "USDT.ERC20")
	total := 0
	weigh := func(target string) []byte {
		resp := e.do(http.MethodGet, target, "Accept-Encoding", browserAcceptEncoding)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", target, resp.StatusCode)
		}
		raw, plain := decodeCounting(t, resp)
		total += raw
		return plain
	}
	html := weigh(pageURL(p))
	doc, _ := e.page(pageURL(p), http.StatusOK)
	var refs []string
	doc.Find("link[href], script[src], img[src]").Each(func(_ int, s *goquery.Selection) {
		for _, a := range []string{"href", "src"} {
			if v, ok := s.Attr(a); ok {
				refs = append(refs, v)
			}
		}
	})
	for _, ref := range refs {
		if ref == "" || ref[0] != '/' || (len(ref) > 1 && ref[1] == '/') {
			t.Errorf("a third-party or absolute reference: %q", ref)
			continue
		}
		weigh(ref)
	}
	t.Logf("first load: %d bytes on the wire (HTML %d bytes before compression)", total, len(html))
	if len(refs) < 5 { // CSS, brand CSS, icon, script, logo, QR code
		t.Errorf("only %d references weighed: %q", len(refs), refs)
	}
	if total > 15<<10 {
		t.Errorf("first load weighs %d bytes, over 15 KB", total)
	}
}
