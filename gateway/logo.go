package gateway

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders of the accepted logo formats
	"image/png"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// MaxLogoPixels bounds the picture inside a logo file (a small file can still declare a huge
// canvas; the dimensions are read before any pixel is decoded).
const MaxLogoPixels = 2048

// A logo is shown at most 128×48 CSS px: it is kept at twice that, for sharp screens, and no
// bigger, so that it weighs little on the page's first load.
const (
	logoWidth  = 256
	logoHeight = 96
)

// ErrLogoTooLarge is a logo file above MaxLogoBytes.
var ErrLogoTooLarge = errors.New("logo: larger than 256 KB")

// NormalizeLogo checks an uploaded logo (PNG, JPEG or WebP, at most 256 KB and 2048×2048 px),
// decodes it and encodes it again as PNG, so that what the pages serve is pixels this program wrote
// (no SVG and its scripts, no metadata, no polyglot files). The hash names the result.
func NormalizeLogo(b []byte) (Logo, error) {
	if len(b) > MaxLogoBytes {
		return Logo{}, ErrLogoTooLarge
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return Logo{}, fmt.Errorf("logo: not a PNG, JPEG or WebP image: %w", err)
	}
	if format != "png" && format != "jpeg" && format != "webp" {
		return Logo{}, fmt.Errorf("logo: %s images are not accepted: use PNG, JPEG or WebP", format)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > MaxLogoPixels || cfg.Height > MaxLogoPixels {
		return Logo{}, fmt.Errorf("logo: %d×%d px: at most %d×%d", cfg.Width, cfg.Height, MaxLogoPixels, MaxLogoPixels)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return Logo{}, fmt.Errorf("logo: cannot be decoded: %w", err)
	}
	// A fresh RGBA canvas: whatever the source's colour model, only its pixels are carried over,
	// scaled down to the size the pages show.
	w, h := fitWithin(cfg.Width, cfg.Height, logoWidth, logoHeight)
	canvas := image.NewNRGBA(image.Rect(0, 0, w, h))
	if w == cfg.Width && h == cfg.Height {
		draw.Draw(canvas, canvas.Bounds(), img, img.Bounds().Min, draw.Src)
	} else {
		draw.CatmullRom.Scale(canvas, canvas.Bounds(), img, img.Bounds(), draw.Src, nil)
	}
	var out bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, canvas); err != nil {
		return Logo{}, fmt.Errorf("logo: encode: %w", err)
	}
	sum := sha256.Sum256(out.Bytes())
	return Logo{Hash: hex.EncodeToString(sum[:])[:16], PNG: out.Bytes()}, nil
}

// fitWithin scales w×h down (never up) to fit within maxW×maxH, keeping its proportions.
func fitWithin(w, h, maxW, maxH int) (int, int) {
	if w <= maxW && h <= maxH {
		return w, h
	}
	if w*maxH > h*maxW { // wider than the box
		return maxW, max(1, h*maxW/w)
	}
	return max(1, w*maxH/h), maxH
}
