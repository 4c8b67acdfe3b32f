package gateway

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

func TestParseBrandColor(t *testing.T) {
	for in, want := range map[string]string{"": "", "#1A6B3C": "#1a6b3c", " #abc ": "#aabbcc", "#000000": "#000000"} {
		if got, err := ParseBrandColor(in); err != nil || got != want {
			t.Errorf("ParseBrandColor(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"1a6b3c", "#12345", "#ggg", "red", "#1a6b3c;}body{", "#1a6b3c00"} {
		if got, err := ParseBrandColor(in); err == nil {
			t.Errorf("ParseBrandColor(%q) = %q, want an error", in, got)
		}
	}
}

func TestParseSupportContact(t *testing.T) {
	if got, err := ParseSupportEmail(" help@shop.example "); err != nil || got != "help@shop.example" {
		t.Errorf("e-mail: %q, %v", got, err)
	}
	for _, in := range []string{"Help <help@shop.example>", "help", "a@b.example?subject=x", "x@y z"} {
		if _, err := ParseSupportEmail(in); err == nil {
			t.Errorf("ParseSupportEmail(%q) accepted", in)
		}
	}
	if got, err := ParseSupportURL("https://shop.example/help"); err != nil || got != "https://shop.example/help" {
		t.Errorf("URL: %q, %v", got, err)
	}
	for _, in := range []string{"javascript:alert(1)", "/help", "ftp://shop.example"} {
		if _, err := ParseSupportURL(in); err == nil {
			t.Errorf("ParseSupportURL(%q) accepted", in)
		}
	}
}

func picture(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	return img
}

// A logo is decoded and written again as PNG, whatever it came as; anything else is refused.
func TestNormalizeLogo(t *testing.T) {
	var p, j, g bytes.Buffer
	png.Encode(&p, picture(64, 32))
	jpeg.Encode(&j, picture(64, 32), nil)
	gif.Encode(&g, picture(64, 32), nil)
	for name, in := range map[string][]byte{"png": p.Bytes(), "jpeg": j.Bytes()} {
		l, err := NormalizeLogo(in)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		img, format, err := image.Decode(bytes.NewReader(l.PNG))
		if err != nil || format != "png" || img.Bounds().Dx() != 64 || img.Bounds().Dy() != 32 {
			t.Errorf("%s: re-encoded as %s %v, %v", name, format, img.Bounds(), err)
		}
		if len(l.Hash) != 16 {
			t.Errorf("%s: hash %q", name, l.Hash)
		}
	}
	// Text after the image data (a polyglot, or metadata) does not survive the re-encoding.
	tail := append(bytes.Clone(p.Bytes()), []byte("<script>alert(1)</script>")...)
	if l, err := NormalizeLogo(tail); err != nil || bytes.Contains(l.PNG, []byte("script")) {
		t.Errorf("trailing bytes kept: %v", err)
	}
	// A big logo is scaled down to what the pages show, proportions kept.
	var wide bytes.Buffer
	png.Encode(&wide, picture(1000, 200))
	if l, err := NormalizeLogo(wide.Bytes()); err != nil {
		t.Fatal(err)
	} else if cfg, _, _ := image.DecodeConfig(bytes.NewReader(l.PNG)); cfg.Width != 256 || cfg.Height != 51 {
		t.Errorf("1000×200 logo kept as %d×%d, want 256×51", cfg.Width, cfg.Height)
	}
	var big bytes.Buffer
	png.Encode(&big, picture(3000, 10))
	for name, in := range map[string][]byte{
		"svg":       []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
		"gif":       g.Bytes(),
		"too wide":  big.Bytes(),
		"too large": append(bytes.Clone(p.Bytes()), make([]byte, MaxLogoBytes)...),
		"truncated": p.Bytes()[:len(p.Bytes())/2],
		"empty":     nil,
	} {
		if _, err := NormalizeLogo(in); err == nil {
			t.Errorf("%s: accepted", name)
		} else if name == "too large" && err != ErrLogoTooLarge {
			t.Errorf("too large: %v", err)
		}
	}
}

func FuzzNormalizeLogo(f *testing.F) {
	var p bytes.Buffer
	png.Encode(&p, picture(8, 8))
	f.Add(p.Bytes())
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "))
	f.Add([]byte(strings.Repeat("\xff\xd8", 10)))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := NormalizeLogo(b)
		if err != nil {
			return
		}
		if _, format, err := image.DecodeConfig(bytes.NewReader(l.PNG)); err != nil || format != "png" {
			t.Fatalf("accepted logo re-encoded as %q: %v", format, err)
		}
	})
}
