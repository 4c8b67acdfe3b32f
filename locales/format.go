package locales

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// numberStyle is how a language writes amounts of money: its digit grouping and decimal mark
// (from x/text's CLDR data) and where the currency symbol goes (CLDR's currency pattern, which
// x/text does not apply: it always puts the symbol first).
type numberStyle struct {
	printer       *message.Printer
	decimal       string
	symbolFirst   bool // "$1,234.50" rather than "1 234,50 $"
	symbolSpacing bool // a no-break space between symbol and number
}

// symbolPlacement follows CLDR's currency patterns (¤#,##0.00 or #,##0.00 ¤).
var symbolPlacement = map[string]struct{ first, space bool }{
	"en": {true, false}, "ja": {true, false}, "zh": {true, false}, "tr": {true, false},
	"pt": {true, true}, "fa": {true, false},
	"es": {false, true}, "fr": {false, true}, "ru": {false, true}, "ar": {false, true},
}

// dateLayouts write the expiry time in each language's usual, unambiguous numeric order. x/text
// has no date formatting; numbers spare us month names, and ar and fa take ISO order because their
// everyday calendars are not the Gregorian one this date is in. The time is UTC (the server does
// not know the payer's zone; the page's script rewrites it in the browser's zone).
var dateLayouts = map[string]string{
	"en": "2 Jan 2006, 15:04",
	"es": "02/01/2006, 15:04",
	"fr": "02/01/2006 15:04",
	"pt": "02/01/2006 15:04",
	"ru": "02.01.2006, 15:04",
	"tr": "02.01.2006 15:04",
	"ja": "2006年1月2日 15:04",
	"zh": "2006年1月2日 15:04",
	"ar": "2006-01-02 15:04",
	"fa": "2006-01-02 15:04",
}

const defaultDateLayout = "2006-01-02 15:04"

func newNumberStyle(lang string) numberStyle {
	// Latin digits everywhere: Arabic and Persian payers read them daily in prices and wallets, and
	// the crypto amounts beside them must stay exactly as a wallet takes them.
	tag := language.Make(lang + "-u-nu-latn")
	p := message.NewPrinter(tag)
	// x/text formats only binary numbers; money here stays decimal, so only the decimal mark is
	// learnt from a constant (not an amount) and the digits are placed by hand.
	probe := p.Sprint(number.Decimal(1.5))
	place := symbolPlacement[lang]
	return numberStyle{printer: p, decimal: strings.Trim(probe, "15"), symbolFirst: place.first, symbolSpacing: place.space}
}

// Money writes a fiat amount for the language: amount is a plain decimal string ("1234.50", as
// gateway.Amount writes it) and code an ISO 4217 currency ("USD"). The symbol is the language's
// own ("$", "US$", "$US"). An amount that is not a plain decimal, or a code that is not a
// currency, is written as given.
func (l *Localizer) Money(amount, code string) string {
	s := l.numbers
	neg := strings.HasPrefix(amount, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(amount, "-"), ".")
	unit, err := currency.ParseISO(code)
	if err != nil || whole == "" || !digitsOnly(whole) || !digitsOnly(frac) {
		return amount + " " + code
	}
	digits := l.group(whole)
	if frac != "" {
		digits += s.decimal + frac
	}
	if neg {
		digits = "-" + digits
	}
	symbol := s.printer.Sprint(currency.Symbol(unit))
	sep := ""
	if s.symbolSpacing {
		sep = "\u00a0"
	}
	if s.symbolFirst {
		if last, _ := utf8.DecodeLastRuneInString(symbol); unicode.IsLetter(last) {
			sep = "\u00a0" // a code rather than a sign: "XAU 10.00", as CLDR spaces it
		}
		return symbol + sep + digits
	}
	return digits + sep + symbol
}

// group writes whole-number digits with the language's grouping (x/text formats integers exactly).
// Digits beyond what an int64 holds are left ungrouped.
func (l *Localizer) group(whole string) string {
	var n int64
	for _, r := range whole {
		if n > (1<<63-1)/10-9 {
			return whole
		}
		n = n*10 + int64(r-'0')
	}
	return l.numbers.printer.Sprint(number.Decimal(n))
}

// DateTime writes a moment in UTC in the language's usual numeric layout: "2 Mar 2026, 14:05 UTC",
// "02.03.2026, 14:05 UTC", "2026年3月2日 14:05 UTC".
func (l *Localizer) DateTime(t time.Time) string {
	layout, ok := dateLayouts[l.lang]
	if !ok {
		layout = defaultDateLayout
	}
	return t.UTC().Format(layout) + " UTC"
}

func digitsOnly(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
