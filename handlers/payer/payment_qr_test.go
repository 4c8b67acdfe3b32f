package payer

import (
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/cryptocheckout/checkout/gateway"
)

// decodeQR reads the text of a QR code PNG answer.
func decodeQR(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if got := resp.Header.Get("Content-Type"); got != "image/png" {
		t.Fatalf("Content-Type %q", got)
	}
	img, err := png.Decode(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	// The PNG is a pure barcode (no photo, no perspective): decode it as one. gozxing's camera-image
	// detector misplaces the finder patterns of about 1 in 150 perfect synthetic codes.
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("the PNG is not a readable QR code: %v", err)
	}
	return res.GetText()
}

// The QR code decodes to the wallet URI of each network, with what remains to pay; a bech32
// address in capitals (BIP-173).
func TestQRCodeContent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *testEnv) {
		tests := []struct {
			asset string
			want  func(p gateway.Payment) string
		}{
			{"BTC", func(p gateway.Payment) string {
				return "bitcoin:" + strings.ToUpper(p.Address) + "?amount=" + p.RemainAmount.String()
			}},
			{"LTC", func(p gateway.Payment) string {
				return "litecoin:" + strings.ToUpper(p.Address) + "?amount=" + p.RemainAmount.String()
			}},
			{"ETH", func(p gateway.Payment) string {
				return "ethereum:" + p.Address + "@1?value=" + p.RemainAmount.Units(18)
			}},
			{"USDT.ERC20", func(p gateway.Payment) string {
				return "ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=" + p.Address + "&uint256=" + p.RemainAmount.Units(6)
			}},
			{"TRX", func(p gateway.Payment) string { return p.Address }},
			{"USDT.TRC20", func(p gateway.Payment) string { return p.Address }},
			// Polygon: EIP-681 with chain id 137.
			{"POL", func(p gateway.Payment) string {
				return "ethereum:" + p.Address + "@137?value=" + p.RemainAmount.Units(18)
			}},
			{"MATIC", func(p gateway.Payment) string {
				return "ethereum:" + p.Address + "@137?value=" + p.RemainAmount.Units(18)
			}},
			{"USDT.POLY", func(p gateway.Payment) string {
				return "ethereum:0xc2132D05D31c914a87C6611C10748AEb04B58e8F@137/transfer?address=" + p.Address + "&uint256=" + p.RemainAmount.Units(6)
			}},
			{"USDC.POLY", func(p gateway.Payment) string {
				return "ethereum:0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359@137/transfer?address=" + p.Address + "&uint256=" + p.RemainAmount.Units(6)
			}},
		}
		for _, tt := range tests {
			t.Run(tt.asset, func(t *testing.T) {
				p := e.payment(e.test, tt.asset)
				for _, target := range []string{
					"/payment/" + p.PaymentID + "/qr.png?code=" + p.Code,
					"/int/payment/" + p.PaymentID + "/qrcode?code=" + p.Code + "&oi=whatever&l=0", // the seed's qrcode_url shape
				} {
					eq(t, target, decodeQR(t, e.do(http.MethodGet, target)), tt.want(p))
				}
				// After part of it arrived, the code asks for the rest.
				e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
				p = e.current(p)
				eq(t, "after a partial payment", decodeQR(t, e.do(http.MethodGet, "/payment/"+p.PaymentID+"/qr.png?code="+p.Code)), tt.want(p))
			})
		}
		// An open amount's code has no amount in it.
		open := e.payment(e.test, "ETH", func(r *gateway.CreatePaymentRequest) {
			r.PaymentType, r.Amount = gateway.OpenAmount, gateway.AmountInput{}
		})
		eq(t, "open amount", decodeQR(t, e.do(http.MethodGet, "/payment/"+open.PaymentID+"/qr.png?code="+open.Code)), "ethereum:"+open.Address+"@1")
	})
}

func TestQRCodeCaching(t *testing.T) {
	e := newEnv(t)
	p := e.payment(e.test, "BTC")
	target := "/payment/" + p.PaymentID + "/qr.png?code=" + p.Code
	first := e.do(http.MethodGet, target)
	first.Body.Close()
	etag := first.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	eq(t, "Cache-Control", first.Header.Get("Cache-Control"), "private, no-cache")
	eq(t, "page QR resource policy", first.Header.Get("Cross-Origin-Resource-Policy"), "same-origin")
	again := e.do(http.MethodGet, target, "If-None-Match", etag)
	again.Body.Close()
	if got, want := again.StatusCode, http.StatusNotModified; got != want {
		t.Errorf("revalidation: status %d, want %d", got, want)
	}
	api := e.do(http.MethodGet, "/int/payment/"+p.PaymentID+"/qrcode?code="+p.Code)
	api.Body.Close()
	eq(t, "same image, same ETag", api.Header.Get("ETag"), etag)
	eq(t, "qrcode_url may be shown on other sites", api.Header.Get("Cross-Origin-Resource-Policy"), "cross-origin")
	if got, want := e.h.qr.len(), 1; got != want {
		t.Errorf("%d images cached for one content, want %d", got, want)
	}
	// A new amount is a new image with a new ETag.
	e.send(p, gateway.EmulatedAmount(p, gateway.TestPayPart).String())
	changed := e.do(http.MethodGet, target, "If-None-Match", etag)
	changed.Body.Close()
	if changed.StatusCode != http.StatusOK || changed.Header.Get("ETag") == etag {
		t.Errorf("after a payment: status %d, ETag %q (was %q)", changed.StatusCode, changed.Header.Get("ETag"), etag)
	}
}

func TestQRCacheEvictsTheOldest(t *testing.T) {
	c := newQRCache(2)
	for _, s := range []string{"a", "b", "a", "c"} { // "b" is the least recently used when "c" comes
		if _, err := c.get(s); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := c.len(), 2; got != want {
		t.Fatalf("len %d, want %d", got, want)
	}
	if _, ok := c.items["b"]; ok {
		t.Error("the least recently used image was kept")
	}
	if _, ok := c.items["a"]; !ok {
		t.Error("a recently used image was evicted")
	}
}
