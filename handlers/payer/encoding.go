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
	qBr, qGzip, qIdentity, qAny := -1.0, -1.0, -1.0, -1.0
	for part := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.ReplaceAll(strings.TrimSpace(params), " ", ""), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 {
				continue // a weight we cannot read: ignore the entry rather than guess
			}
			q = f
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "br":
			qBr = q
		case "gzip", "x-gzip":
			qGzip = q
		case "identity":
			qIdentity = q
		case "*":
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

// Compression levels of pages: made once per cached page, so worth more than a per-request level.
const (
	pageBrotliLevel = 6
	pageGzipLevel   = gzip.BestCompression
)

// send writes the body in the coding the request prefers, with Vary: Accept-Encoding.
func (b *encodedBody) send(c *fiber.Ctx) error {
	c.Vary(fiber.HeaderAcceptEncoding)
	switch negotiate(c.Get(fiber.HeaderAcceptEncoding)) {
	case brotlied:
		b.brOnce.Do(func() { b.br = brotliBytes(b.plain, pageBrotliLevel) })
		c.Set(fiber.HeaderContentEncoding, "br")
		return c.Send(b.br)
	case gzipped:
		b.gzOnce.Do(func() { b.gz = gzipBytes(b.plain, pageGzipLevel) })
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(b.gz)
	default:
		return c.Send(b.plain)
	}
}

func brotliBytes(b []byte, level int) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, level)
	w.Write(b) // writes to a bytes.Buffer do not fail
	w.Close()
	return buf.Bytes()
}

func gzipBytes(b []byte, level int) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, level) // the level is one of gzip's constants
	w.Write(b)
	w.Close()
	return buf.Bytes()
}
