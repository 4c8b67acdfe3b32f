package gateway

import (
	"testing"
	"time"
)

func TestMarkupIsTheLargerOfAmountAndPercent(t *testing.T) {
	tests := []struct {
		name      string
		m         Markup
		converted string
		want      string
	}{
		{"none set", Markup{}, "0.037", "0"},
		{"amount only", Markup{Amount: amt("0.0001")}, "0.037", "0.0001"},
		{"percent only", Markup{Percent: amt("2")}, "0.037", "0.00074"},
		{"percent wins", Markup{Percent: amt("2"), Amount: amt("0.0001")}, "0.037", "0.00074"},
		{"amount wins", Markup{Percent: amt("0.1"), Amount: amt("0.0001")}, "0.037", "0.0001"},
		{"zero percent, amount", Markup{Percent: amt("0"), Amount: amt("0.5")}, "10", "0.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := tt.m.Of(MustAmount(tt.converted)).String(), tt.want; got != want {
				t.Errorf("markup = %s, want %s", got, want)
			}
		})
	}
}

func TestPaymentAmountRoundsUpAtPrecision(t *testing.T) {
	tests := []struct {
		name      string
		converted string
		markup    Markup
		precision int32
		want      string
	}{
		{"BTC exact", "0.00370885", Markup{}, 8, "0.00370885"},
		{"BTC rounds up", "0.003708841", Markup{}, 8, "0.00370885"},
		{"BTC 1e-9 rounds up to one satoshi", "1e-9", Markup{}, 8, "0.00000001"},
		{"ETH keeps 18 decimals", "0.002137791379927765", Markup{}, 18, "0.002137791379927765"},
		{"ETH 19th decimal rounds up", "0.0000000000000000001", Markup{}, 18, "0.000000000000000001"},
		{"USDT 6", "99.9999991", Markup{}, 6, "100"},
		{"markup added before rounding", "1", Markup{Percent: amt("1.5")}, 6, "1.015"},
		{"0.1+0.2 is exactly 0.3", MustAmount("0.1").Add(MustAmount("0.2")).String(), Markup{}, 8, "0.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PaymentAmount(MustAmount(tt.converted), tt.markup, tt.precision)
			if got.String() != tt.want {
				t.Errorf("PaymentAmount = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestUnderpaymentAllowanceIsTheSmallerSetting(t *testing.T) {
	btc, _ := LookupAsset("BTC")
	tests := []struct {
		name string
		u    Underpayment
		want string // MinCompleteAmount of a FIXED payment of 0.01 BTC
	}{
		{"none set: exact", Underpayment{}, "0.01"},
		{"percent only", Underpayment{Percent: amt("1")}, "0.0099"},
		{"amount only", Underpayment{Amount: amt("0.0005")}, "0.0095"},
		{"percent smaller", Underpayment{Percent: amt("1"), Amount: amt("0.0005")}, "0.0099"},
		{"amount smaller", Underpayment{Percent: amt("10"), Amount: amt("0.0005")}, "0.0095"},
		{"allowance rounded down at precision", Underpayment{Amount: amt("0.000000019")}, "0.00999999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MinCompleteAmount(FixedAmount, MustAmount("0.01"), tt.u, btc)
			if got.String() != tt.want {
				t.Errorf("MinCompleteAmount = %s, want %s", got, tt.want)
			}
		})
	}
	t.Run("not for OPEN_AMOUNT", func(t *testing.T) {
		got := MinCompleteAmount(OpenAmount, MustAmount("0.01"), Underpayment{Percent: amt("50")}, btc)
		if got.String() != "0.00000001" {
			t.Errorf("OPEN MinCompleteAmount = %s, want the smallest unit", got)
		}
	})
}

func TestNextStatus(t *testing.T) {
	start := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	end := start.Add(time.Hour)
	before, after := end.Add(-time.Minute), end.Add(time.Minute)
	fixed := PaymentState{Status: StatusOpen, MinCompleteAmount: MustAmount("0.01"), EndDate: end}
	open := PaymentState{Status: StatusOpen, MinCompleteAmount: MustAmount("0.00000001"), EndDate: end}
	r := func(a string, conf int, late bool) Receipt {
		return Receipt{Amount: MustAmount(a), Confirmations: conf, Confirms: 6, Late: late}
	}
	tests := []struct {
		name     string
		state    PaymentState
		receipts []Receipt
		now      time.Time
		want     string
	}{
		{"fixed, nothing yet", fixed, nil, before, StatusOpen},
		{"fixed, partial unconfirmed", fixed, []Receipt{r("0.004", 0, false)}, before, StatusOpen},
		{"fixed, partial confirmed", fixed, []Receipt{r("0.004", 6, false)}, before, StatusOpen},
		{"fixed, enough seen: closing", fixed, []Receipt{r("0.01", 2, false)}, before, StatusClosing},
		{"fixed, several partials seen: closing", fixed, []Receipt{r("0.004", 6, false), r("0.006", 1, false)}, before, StatusClosing},
		{"fixed, several partials confirmed: complete", fixed, []Receipt{r("0.004", 6, false), r("0.003", 6, false), r("0.003", 6, false)}, before, StatusComplete},
		{"fixed, overpaid confirmed: complete", fixed, []Receipt{r("0.02", 6, false)}, before, StatusComplete},
		{"fixed, expiry with nothing: cancel", fixed, nil, after, StatusCancel},
		{"fixed, expiry with partial: cancel", fixed, []Receipt{r("0.004", 6, false)}, after, StatusCancel},
		{"fixed, expiry while confirming: closing", fixed, []Receipt{r("0.01", 3, false)}, after, StatusClosing},
		{"fixed, expiry while a partial confirms: closing", fixed, []Receipt{r("0.002", 3, false)}, after, StatusClosing},
		{"fixed, confirmed after expiry: complete", fixed, []Receipt{r("0.01", 6, false)}, after, StatusComplete},
		{"fixed, late receipts do not count", fixed, []Receipt{r("0.004", 6, false), r("0.006", 6, true)}, after, StatusCancel},
		{"fixed, at end_date exactly: expired", fixed, nil, end, StatusCancel},
		{"open, nothing", open, nil, before, StatusOpen},
		{"open, any amount seen: closing", open, []Receipt{r("0.00000001", 0, false)}, before, StatusClosing},
		{"open, any confirmed amount: complete", open, []Receipt{r("0.00000001", 6, false)}, before, StatusComplete},
		{"open, expiry with nothing: cancel", open, nil, after, StatusCancel},
		{"open, expiry while confirming: closing", open, []Receipt{r("1", 5, false)}, after, StatusClosing},
		{"complete never changes", PaymentState{Status: StatusComplete, MinCompleteAmount: MustAmount("1"), EndDate: end}, nil, after, StatusComplete},
		{"cancel never changes", PaymentState{Status: StatusCancel, MinCompleteAmount: MustAmount("0.01"), EndDate: end}, []Receipt{r("5", 6, true)}, after, StatusCancel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NextStatus(tt.state, Sum(tt.receipts), tt.now); got != tt.want {
				t.Errorf("NextStatus = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestRemainAndPaidAmounts(t *testing.T) {
	rate := RateFromDecimal(MustAmount("0.00001").Decimal()) // BTC per USD
	if got, want := RemainAmount(FixedAmount, MustAmount("0.01"), MustAmount("0.004")).String(), "0.006"; got != want {
		t.Errorf("remain = %s, want %s", got, want)
	}
	if got, want := RemainAmount(FixedAmount, MustAmount("0.01"), MustAmount("0.02")).String(), "0"; got != want {
		t.Errorf("overpaid remain = %s, want %s", got, want)
	}
	if got, want := RemainAmount(OpenAmount, MustAmount("0.01"), Zero).String(), "0"; got != want {
		t.Errorf("open remain = %s, want %s", got, want)
	}
	if got, want := PaidAmount(MustAmount("0.004"), rate, 2).String(), "400"; got != want {
		t.Errorf("paid = %s, want %s", got, want)
	}
	if got, want := PaidAmount(MustAmount("0.00000999"), rate, 2).String(), "0.99"; got != want {
		t.Errorf("paid rounds down: %s, want %s", got, want)
	}
}

func TestTimeoutRules(t *testing.T) {
	btc, _ := LookupAsset("BTC")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		in      IntInput
		wantErr bool
		wantEnd time.Duration
	}{
		{"absent: asset default", IntInput{}, false, 90 * time.Minute},
		{"0: asset default", IntInput{Value: 0, Set: true}, false, 90 * time.Minute},
		{"1440 allowed", IntInput{Value: 1440, Set: true}, false, 1440 * time.Minute},
		{"1441 refused", IntInput{Value: 1441, Set: true}, true, 0},
		{"-1 refused", IntInput{Value: -1, Set: true}, true, 0},
		{"not a number", IntInput{Set: true, Bad: true}, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTimeout(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("CheckTimeout err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if got := ErrorCode(err); got != ErrCodeInvalidTimeout {
					t.Errorf("code = %s, want %s", got, ErrCodeInvalidTimeout)
				}
				return
			}
			if got := PaymentEndDate(start, tt.in.Value, btc).Sub(start); got != tt.wantEnd {
				t.Errorf("end - start = %v, want %v", got, tt.wantEnd)
			}
		})
	}
}
