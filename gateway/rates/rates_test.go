package rates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cryptocheckout/checkout/gateway"
)

const table = `{"date":"2026-01-02T03:04:05Z","usd_prices":{"USD":"1","EUR":"1.25","BTC":"40000","LTC":"80","ETH":"2000",
"TRX":"0.25","USDT.ERC20":"1","USDT.TRC20":"1","USDC.ERC20":"1","POL":"0.5","USDT.POLY":"1","USDC.POLY":"1"}}`

func TestConvertIsExact(t *testing.T) {
	tab, err := Parse([]byte(table))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ amount, from, to, want, rate string }{
		{"100", "USD", "BTC", "0.0025", "0.000025"},
		{"100", "EUR", "USD", "125", "1.25"},
		{"1", "BTC", "ETH", "20", "20"},
		{"3", "USD", "TRX", "12", "4"},
		{"0.1", "BTC", "BTC", "0.1", "1"},
		{"1", "USD", "EUR", "0.8", "0.8"},
		{"2", "USD", "POL", "4", "2"},
		{"2", "USD", "MATIC", "4", "2"}, // not in the table: priced as POL, whose older id it is
	}
	for _, tt := range tests {
		got, q, err := tab.Convert(gateway.MustAmount(tt.amount), tt.from, tt.to)
		if err != nil {
			t.Fatalf("%s %s→%s: %v", tt.amount, tt.from, tt.to, err)
		}
		if got.String() != tt.want || q.Rate.String() != tt.rate {
			t.Errorf("%s %s→%s = %s at %s, want %s at %s", tt.amount, tt.from, tt.to, got, q.Rate, tt.want, tt.rate)
		}
		if q.Date.Format("2006-01-02T15:04:05Z") != "2026-01-02T03:04:05Z" {
			t.Errorf("rate date = %v", q.Date)
		}
	}
	if _, _, err := tab.Convert(gateway.MustAmount("1"), "USD", "DOGE"); gateway.ErrorCode(err) != gateway.ErrCodeNoRate {
		t.Errorf("unknown asset: err = %v, want ERR_NO_RATE", err)
	}
}

func TestParseRefusesBadTables(t *testing.T) {
	tests := map[string]string{
		"not json":       `{`,
		"no date":        `{"usd_prices":{"USD":"1"}}`,
		"negative price": strings.Replace(table, `"BTC":"40000"`, `"BTC":"-1"`, 1),
		"zero price":     strings.Replace(table, `"BTC":"40000"`, `"BTC":"0"`, 1),
		"text price":     strings.Replace(table, `"BTC":"40000"`, `"BTC":"lots"`, 1),
		"missing asset":  strings.Replace(table, `"BTC":"40000",`, ``, 1),
	}
	for name, body := range tests {
		if _, err := Parse([]byte(body)); err == nil {
			t.Errorf("%s: parsed, want an error", name)
		}
	}
}

func TestLoadShippedAndFile(t *testing.T) {
	shipped, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := shipped.Quote("USD", "BTC"); err != nil {
		t.Errorf("shipped table lacks USD→BTC: %v", err)
	}
	path := filepath.Join(t.TempDir(), "rates.json")
	if err := os.WriteFile(path, []byte(table), 0o600); err != nil {
		t.Fatal(err)
	}
	tab, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	q, _ := tab.Quote("BTC", "USD")
	if got, want := q.Rate.String(), "40000"; got != want {
		t.Errorf("file table BTC→USD = %s, want %s", got, want)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file loaded")
	}
}
