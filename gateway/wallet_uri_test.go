package gateway

import "testing"

func TestWalletURI(t *testing.T) {
	const (
		btc = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
		ltc = "ltc1qg82tmxr2ngtm9ls5ay8x2q3rjzw8wt4y5wa0wr"
		eth = "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"
		trx = "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH"
	)
	tests := []struct {
		name, asset, address, amount, want string
	}{
		{"bitcoin", "BTC", btc, "0.00370885", "bitcoin:" + btc + "?amount=0.00370885"},
		{"bitcoin no amount", "BTC", btc, "0", "bitcoin:" + btc},
		{"litecoin", "LTC", ltc, "1.5", "litecoin:" + ltc + "?amount=1.5"},
		{"ether in wei", "ETH", eth, "0.0123", "ethereum:" + eth + "@1?value=12300000000000000"},
		{"ether no amount", "ETH", eth, "0", "ethereum:" + eth + "@1"},
		{"erc20 in token units", "USDT.ERC20", eth, "25.5", "ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=" + eth + "&uint256=25500000"},
		{"erc20 no amount", "USDC.ERC20", eth, "0", "ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48@1/transfer?address=" + eth},
		{"pol in wei on chain 137", "POL", eth, "12.5", "ethereum:" + eth + "@137?value=12500000000000000000"},
		{"pol no amount", "POL", eth, "0", "ethereum:" + eth + "@137"},
		{"matic is pol", "MATIC", eth, "1", "ethereum:" + eth + "@137?value=1000000000000000000"},
		{"usdt on polygon", "USDT.POLY", eth, "25.5", "ethereum:0xc2132D05D31c914a87C6611C10748AEb04B58e8F@137/transfer?address=" + eth + "&uint256=25500000"},
		{"usdc on polygon", "USDC.POLY", eth, "0.000001", "ethereum:0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359@137/transfer?address=" + eth + "&uint256=1"},
		{"tron bare address", "TRX", trx, "10", trx},
		{"trc20 bare address", "USDT.TRC20", trx, "10", trx},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := WalletURI(testAsset(t, tt.asset), tt.address, MustAmount(tt.amount)), tt.want; got != want {
				t.Errorf("WalletURI = %q, want %q", got, want)
			}
		})
	}
}

func TestEmulatedAmount(t *testing.T) {
	tests := []struct {
		name                      string
		asset, paymentAmount, rem string
		action                    TestAction
		want                      string
	}{
		{"full pays what remains", "BTC", "0.003", "0.002", TestPayFull, "0.002"},
		{"part pays half of it", "BTC", "0.003", "0.002", TestPayPart, "0.001"},
		{"half is rounded down at precision", "BTC", "0.00000003", "0.00000003", TestPayPart, "0.00000001"},
		{"never below the smallest unit", "BTC", "0.00000001", "0.00000001", TestPayPart, "0.00000001"},
		{"paid in full: the payment amount again", "ETH", "0.5", "0", TestPayFull, "0.5"},
		{"open amount: a sample", "USDT.TRC20", "0", "0", TestPayFull, "10"},
		{"open amount: half the sample", "USDT.TRC20", "0", "0", TestPayPart, "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Payment{PaymentAssetID: tt.asset, PaymentAmount: MustAmount(tt.paymentAmount), RemainAmount: MustAmount(tt.rem)}
			if got, want := EmulatedAmount(p, tt.action).String(), tt.want; got != want {
				t.Errorf("EmulatedAmount = %s, want %s", got, want)
			}
		})
	}
}

func TestParseTestAction(t *testing.T) {
	for _, a := range TestActions {
		if got, ok := ParseTestAction(string(a)); !ok || got != a {
			t.Errorf("ParseTestAction(%q) = %q, %v", a, got, ok)
		}
	}
	if _, ok := ParseTestAction("withdraw"); ok {
		t.Error("ParseTestAction accepted an unknown action")
	}
	btc, _ := LookupAsset("BTC")
	if got, want := BlocksFor(TestConfirmAll, btc), 6; got != want {
		t.Errorf("BlocksFor(confirm-all, BTC) = %d, want %d", got, want)
	}
	if got, want := BlocksFor(TestConfirm, btc), 1; got != want {
		t.Errorf("BlocksFor(confirm, BTC) = %d, want %d", got, want)
	}
}

// A QR code holds the wallet URI with a bech32 address in capitals (BIP-173), and every other
// address exactly as given.
func TestQRContent(t *testing.T) {
	tests := []struct {
		name, asset, address, amount, want string
	}{
		{"bitcoin bech32", "BTC", "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "0.00370885", "bitcoin:BC1QCR8TE4KR609GCAWUTMRZA0J4XV80JY8Z306FYU?amount=0.00370885"},
		{"bitcoin bech32 no amount", "BTC", "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu", "0", "bitcoin:BC1QCR8TE4KR609GCAWUTMRZA0J4XV80JY8Z306FYU"},
		{"litecoin bech32", "LTC", "ltc1qg82tmxr2ngtm9ls5ay8x2q3rjzw8wt4y5wa0wr", "1.5", "litecoin:LTC1QG82TMXR2NGTM9LS5AY8X2Q3RJZW8WT4Y5WA0WR?amount=1.5"},
		{"bitcoin base58 keeps its case", "BTC", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "0.1", "bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?amount=0.1"},
		{"ether keeps its checksum case", "ETH", "0x9858EfFD232B4033E47d90003D41EC34EcaEda94", "0.0123", "ethereum:0x9858EfFD232B4033E47d90003D41EC34EcaEda94@1?value=12300000000000000"},
		{"tron keeps its case", "TRX", "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH", "10", "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := QRContent(testAsset(t, tt.asset), tt.address, MustAmount(tt.amount)); got != tt.want {
				t.Errorf("QRContent = %q, want %q", got, tt.want)
			}
		})
	}
}

// testAsset is the catalogue's asset id.
func testAsset(t *testing.T, id string) Asset {
	t.Helper()
	a, ok := LookupAsset(id)
	if !ok {
		t.Fatalf("no asset %s", id)
	}
	return a
}
