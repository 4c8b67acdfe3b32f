package payer

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/cryptocheckout/checkout/gateway"
)

// Wallet URIs of the shapes the pages show, from the shortest to the longest.
var qrSamples = []string{
	"TJRabPrwbZy45sbavfcjinPJC18kjpRTv8",
	"bitcoin:bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu?amount=0.00370885",
	"ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=0x9858EfFD232B4033E47d90003D41EC34EcaEda94&uint256=100000000",
}

// The PNG is a valid 1-bit image that a scanner reads back to its content, with the quiet zone of
// four white modules around the code.
func TestEncodeQRDecodesWithQuietZone(t *testing.T) {
	for _, content := range qrSamples {
		body, err := encodeQR(content, qrModulePixels)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := cfg.ColorModel, color.GrayModel; got != want {
			t.Errorf("%s: colour model %v, want 1-bit gray", content, got)
		}
		img, err := png.Decode(bytes.NewReader(body)) // checks every CRC and the zlib stream
		if err != nil {
			t.Fatal(err)
		}
		code, _ := qrcode.New(content, qrcode.Medium)
		modules := len(code.Bitmap())
		side := img.Bounds().Dx()
		if got, want := side, modules*qrModulePixels; got != want || img.Bounds().Dy() != want {
			t.Errorf("%s: %dx%d pixels, want %dx%d", content, side, img.Bounds().Dy(), want, want)
		}
		quiet := 4 * qrModulePixels
		for y := 0; y < side; y++ {
			for x := 0; x < side; x++ {
				inside := x >= quiet && x < side-quiet && y >= quiet && y < side-quiet
				if !inside && !white(img, x, y) {
					t.Fatalf("%s: pixel (%d,%d) of the quiet zone is dark", content, x, y)
				}
			}
		}
		// The top-left finder pattern starts right after the quiet zone: its corner module is dark.
		if white(img, quiet, quiet) || white(img, quiet+qrModulePixels-1, quiet+qrModulePixels-1) {
			t.Errorf("%s: the finder pattern's corner module is not dark", content)
		}
		if got := scanQR(t, img); got != content {
			t.Errorf("decoded %q, want %q", got, content)
		}
	}
}

// Every module is drawn: the image is the bitmap scaled, pixel for pixel.
func TestBitmapPNGMatchesTheBitmap(t *testing.T) {
	code, _ := qrcode.New(qrSamples[1], qrcode.Medium)
	bitmap := code.Bitmap()
	const scale = 3
	body, err := bitmapPNG(bitmap, scale)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for y := range len(bitmap) * scale {
		for x := range len(bitmap) * scale {
			if got, want := !white(img, x, y), bitmap[y/scale][x/scale]; got != want {
				t.Fatalf("pixel (%d,%d): dark=%v, want %v", x, y, got, want)
			}
		}
	}
}

func white(img image.Image, x, y int) bool {
	r, _, _, _ := img.At(x, y).RGBA()
	return r > 0x8000
}

func scanQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("not a readable QR code: %v", err)
	}
	return res.GetText()
}

// BenchmarkQRCold renders a QR code on a cache miss: this encoder against go-qrcode's own PNG
// (8-bit RGBA image, default compression), same content, same size, in the same run. The two parts
// of the cold path are measured apart too: go-qrcode building the symbol (Reed-Solomon, eight masks
// scored) and this package writing the PNG from its bitmap.
//
//	go test ./handlers/payer/ -run '^$' -bench BenchmarkQRCold -benchmem -count 6
func BenchmarkQRCold(b *testing.B) {
	content := qrSamples[1]
	b.Run("bitmap-1bit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := encodeQR(content, qrModulePixels); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("symbol-only", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			code, err := qrcode.New(content, qrcode.Medium)
			if err != nil {
				b.Fatal(err)
			}
			_ = code.Bitmap()
		}
	})
	b.Run("png-only", func(b *testing.B) {
		code, _ := qrcode.New(content, qrcode.Medium)
		bitmap := code.Bitmap()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := bitmapPNG(bitmap, qrModulePixels); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("goqrcode-png", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			code, err := qrcode.New(content, qrcode.Medium)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := code.PNG(-qrModulePixels); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkQRColdByAsset renders each network's QR code on a cache miss as the pages make it
// (gateway.QRContent, amount included), and a Bitcoin one with its bech32 address in lower case as
// before BIP-173's capitals, in the same run.
//
//	go test ./handlers/payer/ -run '^$' -bench BenchmarkQRColdByAsset -benchmem -count 6
func BenchmarkQRColdByAsset(b *testing.B) {
	content := func(assetID, address, amount string) string {
		asset, ok := gateway.LookupAsset(assetID)
		if !ok {
			b.Fatalf("no asset %s", assetID)
		}
		return gateway.QRContent(asset, address, gateway.MustAmount(amount))
	}
	const evm = "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"
	for _, tt := range []struct{ name, content string }{
		{"BTC-lowercase", qrSamples[1]},
		{"BTC", content("BTC", "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "0.00370885")},
		{"LTC", content("LTC", "ltc1qg82tmxr2ngtm9ls5ay8x2q3rjzw8wt4y5wa0wr", "1.06179656")},
		{"ETH", content("ETH", evm, "0.0123")},
		{"USDT.ERC20", content("USDT.ERC20", evm, "100")},
		{"USDT.TRC20", content("USDT.TRC20", "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH", "100")},
	} {
		b.Run(tt.name, func(b *testing.B) {
			code, err := qrcode.New(tt.content, qrcode.Medium)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := encodeQR(tt.content, qrModulePixels); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(code.VersionNumber), "version")
		})
	}
}
