package payer

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/gofiber/fiber/v2"
)

// coding is a content coding of an answer.
type coding int

const (
	identity coding = iota
	gzipped
	brotlied
)

// negotiate picks the coding an Accept-Encoding header prefers among br, gzip and identity,
// honouring q-values ("br;q=0" refuses br, "*" stands for codings not named). On equal weight br
// wins over gzip, and either over identity: they are smaller.
func negotiate(header string) coding {
	switch header { // what browsers send, without parsing
	case "gzip, deflate, br", "gzip, deflate, br, zstd":
		return brotlied
	case "":
		return identity
	}
	qBr, qGzip, qIdentity, qAny := -1.0, -1.0, -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		q := 1.0
		if params = strings.TrimSpace(params); params != "" {
			k, v, _ := strings.Cut(params, "=")
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if strings.TrimSpace(k) != "q" || err != nil || f < 0 || f > 1 {
				continue // a weight we cannot read: ignore the entry rather than guess
			}
			q = f
		}
		switch name = strings.TrimSpace(name); {
		case strings.EqualFold(name, "br"):
			qBr = q
		case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
			qGzip = q
		case strings.EqualFold(name, "identity"):
			qIdentity = q
		case name == "*":
			qAny = q
		}
	}
	if qAny >= 0 {
		qBr, qGzip = or(qBr, qAny), or(qGzip, qAny)
	}
	qIdentity = or(qIdentity, 0.001) // acceptable unless refused, but the last choice
	switch {
	case qBr > 0 && qBr >= qGzip && qBr >= qIdentity:
		return brotlied
	case qGzip > 0 && qGzip >= qIdentity:
		return gzipped
	default:
		return identity
	}
}

// or is q when it was given (not negative), otherwise def.
func or(q, def float64) float64 {
	if q < 0 {
		return def
	}
	return q
}

// encodedBody is an answer's body with its compressed forms, each made at most once, when a
// request first asks for it: a cached page is compressed once, not once per request.
type encodedBody struct {
	plain          []byte
	brOnce, gzOnce sync.Once
	br, gz         []byte
}

// Compression levels of pages. A page is compressed once per cached copy, but copies are remade
// on every change of their payment and every few seconds: these levels give nearly the size of the
// best ones at a fraction of their time (BENCHMARKS.md).
const (
	pageBrotliLevel = 5
	pageGzipLevel   = gzip.DefaultCompression
)

// Compressors are reused: a new brotli writer alone allocates more than a megabyte.
var (
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, pageBrotliLevel) }}
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, pageGzipLevel); return w }}
)

var (
	hdrVary       = []byte(fiber.HeaderVary)
	hdrEncoding   = []byte(fiber.HeaderContentEncoding)
	acceptEnc     = []byte(fiber.HeaderAcceptEncoding)
	codingBrotli  = []byte("br")
	codingGzipped = []byte("gzip")
)

// send writes the body in the coding the request prefers, with Vary: Accept-Encoding (the answer's
// only Vary).
func (b *encodedBody) send(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.SetCanonical(hdrVary, acceptEnc)
	switch negotiate(string(c.Request().Header.PeekBytes(acceptEnc))) {
	case brotlied:
		b.brOnce.Do(func() { b.br = brotliBytes(b.plain) })
		h.SetCanonical(hdrEncoding, codingBrotli)
		return c.Send(b.br)
	case gzipped:
		b.gzOnce.Do(func() { b.gz = gzipBytes(b.plain) })
		h.SetCanonical(hdrEncoding, codingGzipped)
		return c.Send(b.gz)
	default:
		return c.Send(b.plain)
	}
}

func brotliBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := brotliWriters.Get().(*brotli.Writer)
	defer brotliWriters.Put(w)
	w.Reset(&buf)
	w.Write(b) // writes to a bytes.Buffer do not fail
	w.Close()
	return buf.Bytes()
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	w := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(w)
	w.Reset(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}
