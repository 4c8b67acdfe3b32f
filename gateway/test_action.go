package gateway

// TestAction is one of the test tools of a test store's payment page: what a payer's wallet or the
// network would do, emulated.
type TestAction string

// The test tools of the payment page.
const (
	TestPayFull    TestAction = "pay"         // send what remains (or a sample amount when nothing does)
	TestPayPart    TestAction = "pay-part"    // send half of that
	TestConfirm    TestAction = "confirm"     // mine one block on the payment's network
	TestConfirmAll TestAction = "confirm-all" // mine as many blocks as the asset needs
	TestExpire     TestAction = "expire"      // reach end_date now
)

// TestActions lists the test tools in the order the page offers them.
var TestActions = []TestAction{TestPayFull, TestPayPart, TestConfirm, TestConfirmAll, TestExpire}

// ParseTestAction reads an action named in a URL.
func ParseTestAction(s string) (TestAction, bool) {
	for _, a := range TestActions {
		if string(a) == s {
			return a, true
		}
	}
	return "", false
}

// EmulatedAmount is what a test "send" action pays into p: the remaining amount for the full
// action; when nothing remains (an open amount, or a payment already paid in full, which makes the
// transaction a late one) the payment amount, or failing that the asset's minimum withdrawal as a
// plausible sample. The partial action sends half of it, rounded down at the asset's precision
// but never below its smallest unit.
func EmulatedAmount(p Payment, action TestAction) Amount {
	asset, _ := LookupAsset(p.PaymentAssetID)
	full := p.RemainAmount
	if !full.IsPositive() {
		full = p.PaymentAmount
	}
	if !full.IsPositive() && asset.MinWithdrawalAmount != nil {
		full = AmountFromDecimal(asset.MinWithdrawalAmount.Decimal())
	}
	if action != TestPayPart {
		return full
	}
	smallest := AmountFromDecimal(asset.MinSize.Decimal())
	half := AmountFromDecimal(full.Decimal().Div(AmountFromInt(2).Decimal())).RoundDown(asset.Precision)
	return half.Max(smallest)
}

// BlocksFor is how many blocks a confirm action mines for an asset.
func BlocksFor(action TestAction, asset Asset) int {
	if action == TestConfirmAll && asset.Confirmations > 0 {
		return asset.Confirmations
	}
	return 1
}
