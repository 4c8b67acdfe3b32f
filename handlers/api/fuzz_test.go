package api

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/cryptocheckout/checkout/gateway"
)

// knownCodes are the ERR_… codes a client may be answered with.
var knownCodes = map[string]bool{}

func init() {
	for _, c := range []string{
		gateway.ErrCodeInvalidRequest, gateway.ErrCodeInvalidField, gateway.ErrCodeRequiredField, gateway.ErrCodeInvalidAmount,
		gateway.ErrCodeAmountTooSmall, gateway.ErrCodeAmountTooLarge, gateway.ErrCodeNoAsset, gateway.ErrCodeNotCrypto,
		gateway.ErrCodeInvalidTimeout, gateway.ErrCodeInvalidPaymentType, gateway.ErrCodeInvalidURL, gateway.ErrCodeInvalidDate,
		gateway.ErrCodeInvalidStatus, gateway.ErrCodeInvalidFiatProvider, gateway.ErrCodeNoRate, gateway.ErrCodeNoPayment,
		gateway.ErrCodeNoDedicate, gateway.ErrCodeNoWithdraw, gateway.ErrCodeNoStore, gateway.ErrCodeNoNetwork,
		gateway.ErrCodeNotTestStore, gateway.ErrCodePaymentFinal, gateway.ErrCodeDedicateReleased, gateway.ErrCodeDedicateNotAssign,
		gateway.ErrCodeDedicateInUse, gateway.ErrCodeDedicateAsset, gateway.ErrCodeInsufficientFunds, gateway.ErrCodeInvalidAddress,
		gateway.ErrCodeInvalidTOTP, gateway.ErrCodeTransferNotAllowed, gateway.ErrCodeUnauthorized, gateway.ErrCodeNotFound,
		gateway.ErrCodeBodyTooLarge, gateway.ErrCodeTimeout, gateway.ErrCodeInternal,
	} {
		knownCodes[c] = true
	}
}

// FuzzDecodePaymentRequest feeds arbitrary bodies through what POST /int/payment does before it
// touches the database: decode, Normalize, Validate. It must never panic, and every refusal must
// be a known ERR_… code answered with 422, with a message fit to show.
func FuzzDecodePaymentRequest(f *testing.F) {
	seeds, err := filepath.Glob(filepath.Join("testdata", "seed", "*.json"))
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no seed examples in testdata/seed: %v", err)
	}
	for _, name := range seeds {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `"x"`, `{`, `}`, `{"amount":}`, "\xef\xbb\xbf{}",
		`{"payment_asset_id":"BTC","amount":1}`,
		`{"payment_type":"OPEN_AMOUNT","payment_asset_id":"BTC"}`,
		`{"payment_type":"OPEN_AMOUNT","payment_asset_id":"ETH","amount":"1e-18","asset_id":"ETH"}`,
		`{"payment_asset_id":"BTC","amount":1e999999999}`,
		`{"payment_asset_id":"BTC","amount":"1e-999999999"}`,
		`{"payment_asset_id":"BTC","amount":-0}`,
		`{"payment_asset_id":"BTC","amount":"0x10"}`,
		`{"payment_asset_id":"BTC","amount":"NaN"}`,
		`{"payment_asset_id":"BTC","amount":0.1,"asset_id":"USD","timeout":"60"}`,
		`{"payment_asset_id":"BTC","amount":1,"timeout":1e3}`,
		`{"payment_asset_id":"BTC","amount":1,"timeout":99999999999999999999}`,
		`{"payment_asset_id":"BTC","amount":1,"custom":{"a":[1,2,{"b":null}],"c":"\u00e9"}}`,
		`{"payment_asset_id":"BTC","amount":1,"custom":[` + "\n" + `1 , 2 ]}`,
		`{"payment_asset_id":"BTC","amount":1,"custom1":"\u0000","payer_lang":"zz"}`,
		`{"payment_asset_id":"BTC","amount":1,"payer_email":"Name <a@b.example>"}`,
		`{"payment_asset_id":"BTC","amount":1,"webhook_url":"http://[::1]:80/x"}`,
		`{"payment_asset_id":"BTC","amount":1,"dedicate_id":"0c1c57ac-3f88-4a5f-b0ad-5ec94c10eae2"}`,
		`{"payment_asset_id":"BTC","amount":1,"fiat_provider":"ckado","fiat_asset_id":"KRW"}`,
		`{"payment_asset_id":"BTC","amount":1,"MerchantFields":{"custom1":"x"}}`,
		`{"payment_asset_id":"BTC","amount":1,"description":"` + "\xff\xfe" + `"}`,
		`{"payment_asset_id":"\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req gateway.CreatePaymentRequest
		err := decodeJSON(body, &req)
		if err == nil {
			req.Normalize()
			err = req.Validate()
		}
		if err == nil {
			checkAccepted(t, req)
			return
		}
		var ge *gateway.Error
		if !errors.As(err, &ge) {
			t.Fatalf("error %v (%T) is not a *gateway.Error", err, err)
		}
		if !knownCodes[ge.Code] {
			t.Fatalf("unknown code %q", ge.Code)
		}
		if got, want := gateway.HTTPStatus(ge.Code), http.StatusUnprocessableEntity; got != want {
			t.Fatalf("code %s answers %d, want %d", ge.Code, got, want)
		}
		if ge.Message == "" || !utf8.ValidString(ge.Message) || len(ge.Message) > 300 {
			t.Fatalf("message %q is empty, not UTF-8 or too long", ge.Message)
		}
	})
}

// checkAccepted states what an accepted request guarantees to the engine.
func checkAccepted(t *testing.T, req gateway.CreatePaymentRequest) {
	t.Helper()
	crypto, ok := gateway.LookupAsset(req.PaymentAssetID)
	if !ok || !crypto.IsCrypto() {
		t.Fatalf("accepted payment_asset_id %q", req.PaymentAssetID)
	}
	priced, ok := gateway.LookupAsset(req.AssetID)
	if !ok {
		t.Fatalf("accepted asset_id %q", req.AssetID)
	}
	if req.PaymentType != gateway.FixedAmount && req.PaymentType != gateway.OpenAmount {
		t.Fatalf("accepted payment_type %q", req.PaymentType)
	}
	if req.PaymentType == gateway.FixedAmount && !req.Amount.Set {
		t.Fatal("accepted a FIXED payment without an amount")
	}
	if req.Amount.Set && (req.Amount.Bad || !req.Amount.Value.IsPositive() || !req.Amount.Value.FitsPrecision(priced.Precision)) {
		t.Fatalf("accepted amount %s of %s", req.Amount.Value, req.AssetID)
	}
	if req.Timeout.Bad || req.Timeout.Value < 0 || req.Timeout.Value > gateway.MaxTimeout {
		t.Fatalf("accepted timeout %+v", req.Timeout)
	}
	if !utf8.ValidString(string(req.Custom)) || !utf8.ValidString(req.Description) {
		t.Fatal("accepted text that is not UTF-8")
	}
}
