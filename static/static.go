// Package static holds the payer pages' stylesheet, script and icon, embedded in the binary. Each is
// served at a URL carrying a hash of its content (/static/checkout.3f2a9b1c0d.js), so browsers may
// keep it for a year and a new release is fetched at once.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/andybalholm/brotli"
)

//go:embed checkout.css checkout.js icon.svg
var files embed.FS

// Prefix is where the assets are served.
const Prefix = "/static/"

// Asset is one embedded file, ready to serve.
type Asset struct {
	Name        string // as in this directory: "checkout.js"
	URL         string // with the content hash: "/static/checkout.3f2a9b1c0d.js"
	ContentType string
	Body        []byte
	Gzip        []byte // the body gzipped, nil when that does not make it smaller
	Brotli      []byte // the body brotli-compressed, nil when that does not make it smaller
	ETag        string
}

var (
	byName = map[string]*Asset{}
	byURL  = map[string]*Asset{}
)

func init() {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		body, err := files.ReadFile(e.Name())
		if err != nil {
			panic(err)
		}
		ext := path.Ext(e.Name())
		body = compact(ext, body)
		sum := sha256.Sum256(body)
		hash := hex.EncodeToString(sum[:])[:12]
		a := &Asset{
			Name:        e.Name(),
			URL:         Prefix + strings.TrimSuffix(e.Name(), ext) + "." + hash + ext,
			ContentType: mime.TypeByExtension(ext),
			Body:        body,
			ETag:        `"` + hash + `"`,
		}
		if ext == ".js" {
			a.ContentType = "text/javascript; charset=utf-8" // not every system's MIME table agrees
		}
		if z := gzipped(body); len(z) < len(body) {
			a.Gzip = z
		}
		if z := brotlied(body); len(z) < len(body) {
			a.Brotli = z
		}
		byName[a.Name] = a
		byURL[a.URL] = a
	}
}

// brotlied compresses at brotli's best level: once, at start, for every request after.
func brotlied(b []byte) []byte {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// URL is the content-hashed URL of an embedded file; it panics for a name that is not embedded,
// which only a programming error can cause.
func URL(name string) string {
	a, ok := byName[name]
	if !ok {
		panic("static: no embedded file " + name)
	}
	return a.URL
}

// Lookup finds the asset served at a URL path. A path with an outdated hash finds nothing.
func Lookup(urlPath string) (*Asset, bool) {
	a, ok := byURL[urlPath]
	return a, ok
}

// ByName finds an asset by its file name.
func ByName(name string) (*Asset, bool) {
	a, ok := byName[name]
	return a, ok
}
