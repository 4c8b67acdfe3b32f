package engine

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/hd"
)

// Prices are those of testRates: BTC 30000, ETH 3000, LTC 100, TRX 0.25, USDT 1, EUR 1.2 (USD).

func TestCreatePaymentAddsTheLargerMarkup(t *testing.T) {
	e, _ := newTestEngine(t)
	store := newTestStore(t, e, NewStore{Markups: map[string]gateway.Markup{
		"BTC":        {Percent: amt("2"), Amount: amt("0.0001")},
		"ETH":        {Percent: amt("1.5")},
		"USDT.TRC20": {Amount: amt("0.5")},
		"TRX":        {Percent: amt("10"), Amount: amt("5")},
	}})
	tests := []struct {
		name                  string
		amount, asset, crypto string
		wantPaymentAmount     string
		wantRate              string
	}{
		// 300 USD = 0.01 BTC; 2% = 0.0002 beats 0.0001.
		{"percent wins", "300", "USD", "BTC", "0.0102", "0.000033333333333333333333"},
		// 30 USD = 0.001 BTC; 2% = 0.00002 loses to 0.0001.
		{"amount wins", "30", "USD", "BTC", "0.0011", "0.000033333333333333333333"},
		// 100 USD = 0.00333… BTC + 0.0001, rounded up at 8 decimals.
		{"amount wins, rounded up", "100", "USD", "BTC", "0.00343334", "0.000033333333333333333333"},
		{"percent only", "300", "USD", "ETH", "0.1015", "0.000333333333333333333333"},
		// 100 USD = 1/30 ETH; × 1.015 = 0.0338333…, rounded up at 18 decimals.
		{"percent only, rounded up at 18", "100", "USD", "ETH", "0.033833333333333334", "0.000333333333333333333333"},
		{"amount only", "100", "USD", "USDT.TRC20", "100.5", "1"},
		{"no markup for this crypto", "100", "USD", "LTC", "1", "0.01"},
		{"TRX amount wins", "10", "USD", "TRX", "45", "4"},
		{"TRX percent wins", "100", "USD", "TRX", "440", "4"},
		// Same asset: no conversion, markup still applies (max(0.0001, 2% of 1)).
		{"same asset", "1", "BTC", "BTC", "1.02", "1"},
		// 250 EUR = 300 USD = 0.01 BTC.
		{"priced in EUR", "250", "EUR", "BTC", "0.0102", "0.00004"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := createPayment(t, e, store, fixed(tt.amount, tt.asset, tt.crypto))
			if got, want := p.PaymentAmount.String(), tt.wantPaymentAmount; got != want {
				t.Errorf("payment_amount = %s, want %s", got, want)
			}
			if got, want := p.Rate.String(), tt.wantRate; got != want {
				t.Errorf("rate = %s, want %s", got, want)
			}
			if got, want := p.RemainAmount.String(), tt.wantPaymentAmount; got != want {
				t.Errorf("remain_amount = %s, want %s", got, want)
			}
			if got, want := p.Amount.String(), tt.amount; got != want {
				t.Errorf("amount = %s, want %s", got, want)
			}
			if got, want := p.RateDate.Format(time.RFC3339), "2026-01-02T03:04:05Z"; got != want {
				t.Errorf("rate_date = %s, want %s", got, want)
			}
		})
	}
}

// price is the test USD price of an asset, as an exact rational.
func price(t *testing.T, asset string) *big.Rat {
	t.Helper()
	prices := map[string]string{"USD": "1", "EUR": "1.2", "BTC": "30000", "LTC": "100", "ETH": "3000", "TRX": "0.25",
		"USDT.ERC20": "1", "USDT.TRC20": "1", "USDC.ERC20": "1", "POL": "0.5", "USDT.POLY": "1", "USDC.POLY": "1"}
	r, ok := new(big.Rat).SetString(prices[asset])
	if !ok {
		t.Fatalf("no test price for %s", asset)
	}
	return r
}

func rat(t *testing.T, a gateway.Amount) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(a.String())
	if !ok {
		t.Fatalf("amount %s is not a rational", a)
	}
	return r
}

func TestCreatePaymentRoundsUpAtThePrecision(t *testing.T) {
	e, _ := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	tests := []struct {
		name                  string
		amount, asset, crypto string
		want                  string
	}{
		{"BTC 1/30000 rounds up", "1", "USD", "BTC", "0.00003334"},
		{"BTC a cent", "0.01", "USD", "BTC", "0.00000034"},
		{"BTC 1e-10 becomes one satoshi, never zero", "1e-9", "ETH", "BTC", "0.00000001"},
		{"ETH keeps 18 decimals and rounds up the 19th", "1", "USD", "ETH", "0.000333333333333334"},
		{"ETH takes 1e-9 as is", "1e-9", "ETH", "ETH", "0.000000001"},
		{"ETH 18 decimals exact", "0.002137791379927765", "ETH", "ETH", "0.002137791379927765"},
		{"USDT 6: 2.5e-7 becomes one unit", "0.000001", "TRX", "USDT.ERC20", "0.000001"},
		{"USDT exact", "99.999999", "USDT.TRC20", "USDT.TRC20", "99.999999"},
		{"0.1+0.2 is 0.3, not 0.30000000000000004", gateway.MustAmount("0.1").Add(gateway.MustAmount("0.2")).String(), "BTC", "BTC", "0.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := createPayment(t, e, store, fixed(tt.amount, tt.asset, tt.crypto))
			if got, want := p.PaymentAmount.String(), tt.want; got != want {
				t.Fatalf("payment_amount = %s, want %s", got, want)
			}
			// Whatever the literal above says, the payer is never asked for less than the price, and
			// for less than one unit more.
			crypto, _ := gateway.LookupAsset(tt.crypto)
			worth := new(big.Rat).Mul(rat(t, p.PaymentAmount), price(t, tt.crypto))
			priceUSD := new(big.Rat).Mul(rat(t, gateway.MustAmount(tt.amount)), price(t, tt.asset))
			if worth.Cmp(priceUSD) < 0 {
				t.Errorf("payment_amount %s %s is worth %s USD, less than the price %s USD", p.PaymentAmount, tt.crypto, worth.FloatString(30), priceUSD.FloatString(30))
			}
			unit := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(crypto.Precision)), nil))
			less := new(big.Rat).Mul(new(big.Rat).Sub(rat(t, p.PaymentAmount), unit), price(t, tt.crypto))
			if less.Cmp(priceUSD) >= 0 {
				t.Errorf("payment_amount %s is rounded up by more than one unit", p.PaymentAmount)
			}
		})
	}
}

func TestCreatePaymentRejectsBadAmounts(t *testing.T) {
	e, _ := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	tests := []struct {
		name                  string
		amount, asset, crypto string
		want                  string
	}{
		{"more decimals than BTC has", "1e-9", "BTC", "BTC", gateway.ErrCodeInvalidAmount},
		{"more decimals than USD has", "0.001", "USD", "BTC", gateway.ErrCodeInvalidAmount},
		{"more decimals than USDT has", "0.1234567", "USDT.TRC20", "USDT.TRC20", gateway.ErrCodeInvalidAmount},
		{"zero", "0", "USD", "BTC", gateway.ErrCodeInvalidAmount},
		{"negative", "-1", "USD", "BTC", gateway.ErrCodeInvalidAmount},
		{"huge", "1e13", "USD", "BTC", gateway.ErrCodeInvalidAmount},
		{"unknown asset", "1", "XYZ", "BTC", gateway.ErrCodeNoAsset},
		{"unknown crypto", "1", "USD", "DOGE", gateway.ErrCodeNoAsset},
		{"fiat crypto", "1", "USD", "EUR", gateway.ErrCodeNotCrypto},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.CreatePayment(context.Background(), store, fixed(tt.amount, tt.asset, tt.crypto))
			wantCode(t, err, tt.want)
		})
	}
	t.Run("FIXED needs an amount", func(t *testing.T) {
		_, err := e.CreatePayment(context.Background(), store, gateway.CreatePaymentRequest{PaymentType: gateway.FixedAmount, PaymentAssetID: "BTC"})
		wantCode(t, err, gateway.ErrCodeRequiredField)
	})
	t.Run("nothing was stored", func(t *testing.T) {
		list, err := e.Payments(context.Background(), store.StoreID, gateway.PaymentFilter{From: testStart.AddDate(0, 0, -1), To: testStart.AddDate(0, 0, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(list), 0; got != want {
			t.Errorf("payments = %d, want %d", got, want)
		}
	})
}

func TestCreatePaymentTimeout(t *testing.T) {
	e, clk := newTestEngine(t)
	store := newTestStore(t, e, NewStore{})
	tests := []struct {
		name    string
		crypto  string
		timeout gateway.IntInput
		want    time.Duration // end_date - start_date
		code    string
	}{
		{"absent: the asset's timeout_to_trx", "BTC", gateway.IntInput{}, 90 * time.Minute, ""},
		{"0: the asset's timeout_to_trx", "BTC", intIn(0), 90 * time.Minute, ""},
		{"0 on TRON: its own timeout_to_trx", "TRX", intIn(0), 60 * time.Minute, ""},
		{"1 minute", "BTC", intIn(1), time.Minute, ""},
		{"60 minutes", "ETH", intIn(60), time.Hour, ""},
		{"1440 minutes, the longest", "BTC", intIn(1440), 24 * time.Hour, ""},
		{"1441 minutes", "BTC", intIn(1441), 0, gateway.ErrCodeInvalidTimeout},
		{"-1", "BTC", intIn(-1), 0, gateway.ErrCodeInvalidTimeout},
		{"not a number", "BTC", gateway.IntInput{Set: true, Bad: true}, 0, gateway.ErrCodeInvalidTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk.Advance(time.Minute) // each payment starts at its own minute
			req := fixed("1", tt.crypto, tt.crypto)
			req.Timeout = tt.timeout
			p, err := e.CreatePayment(context.Background(), store, req)
			if tt.code != "" {
				wantCode(t, err, tt.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got, want := p.StartDate.Time, clk.Now(); !got.Equal(want) {
				t.Errorf("start_date = %s, want %s", got, want)
			}
			if got, want := p.EndDate.Sub(p.StartDate.Time), tt.want; got != want {
				t.Errorf("end_date - start_date = %s, want %s", got, want)
			}
			if got, want := p.Timeout, tt.timeout.Value; got != want {
				t.Errorf("timeout = %d, want %d (as sent)", got, want)
			}
		})
	}
}

func TestCreatePaymentFields(t *testing.T) {
	e, clk := newTestEngine(t)
	clk.Set(testStart.Add(1500 * time.Millisecond)) // dates are whole seconds
	store := newTestStore(t, e, NewStore{Name: "Main"})
	req := fixed("100", "USD", "BTC")
	req.MerchantFields = gateway.MerchantFields{
		PayerEmail: "name@email.com", PayerName: "Customer name", PayerLang: "en", Description: "The payment for item in store",
		CustomFields: gateway.CustomFields{Custom: `{"org_id":3}`, Custom1: "some value 1", Custom9: "nine"},
		WebhookURL:   "https://yourserver.com/webhook", SuccessURL: "https://yoursite.com/success", CancelURL: "https://yoursite.com/fail",
	}
	first := createPayment(t, e, store, req)
	second := createPayment(t, e, store, fixed("1", "USD", "ETH"))

	for _, c := range []struct{ name, got, want string }{
		{"payment_num", first.PaymentNum, "1"},
		{"second payment_num", second.PaymentNum, "2"},
		{"payment_type_name", first.PaymentTypeName, "Fixed Amount"},
		{"store_id", first.StoreID, store.StoreID},
		{"store_name", first.StoreName, "Main"},
		{"status", first.Status, gateway.StatusOpen},
		{"status_name", first.StatusName, "Open"},
		{"ip_amount", first.IPAmount.String(), "0"},
		{"paid_amount", first.PaidAmount.String(), "0"},
		{"ip_asset_id", first.IPAssetID, "BTC"},
		{"remain_asset_id", first.RemainAssetID, "BTC"},
		{"crypto_network", first.CryptoNetwork, "BITCOIN"},
		{"second crypto_network", second.CryptoNetwork, "ETHEREUM"},
		{"start_date", first.StartDate.Format(time.RFC3339), "2026-03-04T10:00:01Z"},
		{"payment_url", first.PaymentURL, "https://pay.example/payment/" + first.PaymentID + "?code=" + first.Code},
		{"qrcode_url", first.QRCodeURL, "https://pay.example/int/payment/" + first.PaymentID + "/qrcode?code=" + first.Code + "&oi=" + first.StoreID},
		{"custom", string(first.Custom), `{"org_id":3}`},
		{"custom9", first.Custom9, "nine"},
		{"description", first.Description, "The payment for item in store"},
		{"success_url", first.SuccessURL, "https://yoursite.com/success"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if got, want := first.Confirms, 6; got != want {
		t.Errorf("confirms = %d, want %d", got, want)
	}
	if got, want := second.Confirms, 10; got != want {
		t.Errorf("ETH confirms = %d, want %d", got, want)
	}
	if !first.IsTest {
		t.Error("is_test = false for a test store's payment")
	}
	if first.CompleteDate != nil {
		t.Errorf("complete_date = %v on a new payment", first.CompleteDate)
	}
	if !gateway.IsUUID(first.PaymentID) || !gateway.IsUUID(first.AddressID) || !gateway.IsUUID(first.AccountID) {
		t.Errorf("ids are not UUIDs: %q %q %q", first.PaymentID, first.AddressID, first.AccountID)
	}
	if got := len(first.Code); got < 22 { // 16 random bytes in base64url
		t.Errorf("code %q is shorter than 128 bits", first.Code)
	}
	if first.Code == second.Code || first.Address == second.Address {
		t.Error("two payments share a code or an address")
	}
	if err := hd.ValidateAddress("BITCOIN", first.Address); err != nil {
		t.Errorf("address %q: %v", first.Address, err)
	}
	if err := hd.ValidateAddress("ETHEREUM", second.Address); err != nil {
		t.Errorf("address %q: %v", second.Address, err)
	}
	if got, want := getPayment(t, e, store, first.PaymentID), first; !samePaymentJSON(t, got, want) {
		t.Error("Payment() differs from what CreatePayment returned")
	}
}
