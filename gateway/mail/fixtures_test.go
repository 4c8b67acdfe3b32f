package mail_test

import (
	"bytes"
	"image/png"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

var (
	catalog  = locales.MustLoad()
	renderer = views.MailRenderer{Catalog: catalog}
	from, _  = mail.ParseFrom("Shop <noreply@shop.example>")
	created  = time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)
)

const (
	tronAddress = "TPMTqjtJ9EC1bSZJGANWuFJqEGSpB1e7yW"
	btcAddress  = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
	pageURL     = "https://pay.example/payment/3f1c2b8e-1111-4222-8333-944445555666?code=abc"
)

// notice is a notice of kind to to in lang, with a snapshot as the engine takes it.
func notice(kind mail.Kind, to, lang string) mail.Notice {
	n := mail.Notice{Kind: kind, To: to, Name: "Ana", Lang: lang, CreatedAt: created.Unix(),
		Store: mail.Store{Name: "Café <Lumière>", SupportEmail: "help@shop.example", SupportURL: "https://shop.example/help"}}
	if kind == mail.KindDedicate {
		n.Dedicate = &gateway.Dedicate{DedicateID: "6b1c2b8e-1111-4222-8333-944445555666", DedicateNum: "4", AssetID: "USDT.TRC20",
			CryptoNetwork: "TRON", CryptoNetworkName: "TRON", Address: tronAddress,
			PaymentURL: "https://pay.example/dedicate/6b1c2b8e-1111-4222-8333-944445555666", Status: gateway.StatusOpen,
			MerchantFields: gateway.MerchantFields{Description: "Top-ups for account 17"}}
		return n
	}
	p := &gateway.Payment{PaymentID: "3f1c2b8e-1111-4222-8333-944445555666", PaymentNum: "12", PaymentType: gateway.FixedAmount,
		StoreName: "Café <Lumière>", Amount: gateway.MustAmount("100"), AssetID: "USD", PaymentAmount: gateway.MustAmount("0.0015"),
		PaymentAssetID: "BTC", Rate: gateway.RateFromDecimal(gateway.MustAmount("0.000015").Decimal()), CryptoNetwork: "BITCOIN",
		CryptoNetworkName: "Bitcoin", Address: btcAddress, PaymentURL: pageURL,
		StartDate: gateway.NewTime(created.Add(-20 * time.Minute)), EndDate: gateway.NewTime(created.Add(40 * time.Minute)),
		MerchantFields: gateway.MerchantFields{Description: "Order 42"}}
	tx := gateway.Transaction{TrxHash: "9f2c" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab", Amount: gateway.MustAmount("0.0005"),
		AssetID: "BTC", Confirmations: 2, Confirms: 6, Status: gateway.StatusOpen,
		TransactionLink: "https://mempool.space/tx/9f2c0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"}
	switch kind {
	case mail.KindReceipt:
		p.Status, p.IPAmount, p.PaidAmount, p.RemainAmount = gateway.StatusComplete, gateway.MustAmount("0.0015"), gateway.MustAmount("100"), gateway.Zero
		done := gateway.NewTime(created)
		p.CompleteDate = &done
		n.ReceiptURL = mail.ReceiptURL(pageURL)
		tx.Amount, tx.Status, tx.Confirmations = gateway.MustAmount("0.0015"), gateway.StatusComplete, 6
	case mail.KindPartial:
		p.Status, p.IPAmount, p.RemainAmount = gateway.StatusOpen, gateway.MustAmount("0.0005"), gateway.MustAmount("0.001")
	case mail.KindExpiredPartial:
		p.Status, p.IPAmount, p.RemainAmount = gateway.StatusCancel, gateway.MustAmount("0.0005"), gateway.MustAmount("0.001")
	}
	n.Payment, n.Txs = p, []gateway.Transaction{tx}
	return n
}

var kinds = []mail.Kind{mail.KindDedicate, mail.KindReceipt, mail.KindPartial, mail.KindExpiredPartial}

func decodeQR(t *testing.T, b []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("inline QR is not a PNG: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("inline QR does not decode: %v", err)
	}
	return res.GetText()
}
