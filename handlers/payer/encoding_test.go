package payer

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/cryptocheckout/checkout/gateway"
)

// browserAcceptEncoding is what Chromium and Firefox send.
const browserAcceptEncoding = "gzip, deflate, br"

func TestNegotiate(t *testing.T) {
	for header, want := range map[string]coding{
		"":                               identity,
		"gzip, deflate, br":              brotlied,
		"gzip, deflate, br, zstd":        brotlied,
		"gzip":                           gzipped,
		"GZIP":                           gzipped,
		"x-gzip":                         gzipped,
		"deflate":                        identity,
		"br;q=0, gzip":                   gzipped,
		"br;q=0.5, gzip;q=0.8":           gzipped,
		"br;q=0.8, gzip;q=0.8":           brotlied,
		"gzip;q=0":                       identity,
		"gzip;q=0.000, br; q=0":          identity,
		"*":                              brotlied,
		"*;q=0":                          identity,
		"*, br;q=0":                      gzipped,
		"gzip;q=0.5, identity":           identity,
		"br;q=nonsense, gzip":            gzipped,
		"br;q=2, gzip":                   gzipped,
		" br ; q=1 ,gzip":                brotlied,
		"identity;q=0, gzip;q=0.1":       gzipped,
		"gzip;q=0.3, br;q=0.2, identity": identity,
	} {
		if got := negotiate(header); got != want {
			t.Errorf("negotiate(%q) = %d, want %d", header, got, want)
		}
	}
}

// The payment page, fresh and from the page cache, decodes to the very same page in every coding a
// browser may ask for, and says that it varies by Accept-Encoding.
func TestPaymentPageCodings(t *testing.T) {
	e := newEnv(t)
	p := e.payment(e.test, "BTC")
	e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
	plain := e.do(http.MethodGet, pageURL(p)) // renders and caches
	eq(t, "Content-Encoding", plain.Header.Get("Content-Encoding"), "")
	page, _ := io.ReadAll(plain.Body)
	if !bytes.Contains(page, []byte(`data-testid="payment"`)) {
		t.Fatalf("not the payment page:\n%s", page)
	}
	for _, c := range []struct{ accept, encoding string }{
		{browserAcceptEncoding, "br"}, {"gzip", "gzip"}, {"br;q=0, gzip", "gzip"}, {"", ""}, {"gzip;q=0, br;q=0", ""},
	} {
		for _, round := range []string{"first", "again"} { // made once, then served as made
			resp := e.do(http.MethodGet, pageURL(p), "Accept-Encoding", c.accept)
			eq(t, c.accept+": Content-Encoding", resp.Header.Get("Content-Encoding"), c.encoding)
			eq(t, c.accept+": Vary", resp.Header.Get("Vary"), "Accept-Encoding")
			if got := decode(t, resp); !bytes.Equal(got, page) {
				t.Errorf("Accept-Encoding %q (%s): the decoded body is not the page (%d bytes, want %d)", c.accept, round, len(got), len(page))
			}
		}
	}
	// A page rendered for a request asking for br is the same page too.
	e.send(p, "0.00000001")
	fresh := e.do(http.MethodGet, pageURL(p), "Accept-Encoding", browserAcceptEncoding)
	eq(t, "Content-Encoding of a fresh render", fresh.Header.Get("Content-Encoding"), "br")
	again, _ := io.ReadAll(e.do(http.MethodGet, pageURL(p)).Body)
	if got := decode(t, fresh); !bytes.Equal(got, again) {
		t.Error("a freshly rendered page sent as br is not the page")
	}
}

// decode returns an answer's body decoded from its Content-Encoding.
func decode(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	_, plain := decodeCounting(t, resp)
	return plain
}

// decodeCounting returns the size on the wire of an answer's body and the body decoded.
func decodeCounting(t *testing.T, resp *http.Response) (int, []byte) {
	t.Helper()
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader
	switch enc := resp.Header.Get("Content-Encoding"); enc {
	case "":
		return len(raw), raw
	case "br":
		r = brotli.NewReader(bytes.NewReader(raw))
	case "gzip":
		if r, err = gzip.NewReader(bytes.NewReader(raw)); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("Content-Encoding %q", enc)
	}
	plain, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s body does not decode: %v", resp.Header.Get("Content-Encoding"), err)
	}
	return len(raw), plain
}
