package payer

import (
	"strings"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

func payPanel(p gateway.Payment, asset gateway.Asset, links paymentURLs, loc *locales.Localizer, now time.Time) *views.PayPanel {
	due := amountDue(p)
	pp := &views.PayPanel{
		Currency:   asset.Currency,
		AssetLabel: assetLabel(asset),
		Network:    asset.CryptoNetworkName,
		Fiat:       fiatEquivalent(p, due, loc),
		Address:    p.Address,
		QRURL:      links.path("/qr.png") + "&v=" + shortHash(gateway.QRContent(asset, p.Address, due)),
		Countdown:  countdown(p.EndDate.Time, now, loc),
	}
	if due.IsPositive() {
		pp.Amount = due.String()
	}
	pp.QRAlt = qrAlt(asset, pp.Amount != "", loc)
	pp.Guidance = guidance(asset, pp.Amount, loc)
	pp.Rate = rateLine(p, asset, loc)
	// TRON has no wallet URI scheme (its QR code is the bare address), and a link is only offered
	// for an address that cannot smuggle anything into the URI.
	if asset.CryptoNetwork != gateway.NetworkTron && plainAddress(p.Address) {
		pp.WalletURI = gateway.WalletURI(asset, p.Address, due)
	}
	return pp
}

// qrAlt says what the QR code holds: the address alone (TRON's codes, open amounts) or the address
// with the amount.
func qrAlt(asset gateway.Asset, withAmount bool, loc *locales.Localizer) string {
	if withAmount && asset.CryptoNetwork != gateway.NetworkTron {
		return loc.T("pay.qr_alt")
	}
	return loc.T("screen.qr_alt_address")
}

// guidance is the advice that keeps payers from losing money: an exchange takes its withdrawal fee
// from what it sends, and a token moves only if the wallet also holds the chain's coin for the fee.
func guidance(asset gateway.Asset, amount string, loc *locales.Localizer) []string {
	var out []string
	if amount != "" {
		out = append(out, loc.T("screen.exchange_fee", "Amount", amount+" "+asset.Currency))
	}
	if coin := feeCoin(asset); coin != "" {
		out = append(out, loc.T("screen.token_fee", "Asset", assetLabel(asset), "Coin", coin))
	}
	return out
}

// feeCoin is the coin that pays a token's network fee (ETH, TRX, POL: the asset's own fee asset),
// "" for a coin, which pays its fee itself.
func feeCoin(asset gateway.Asset) string {
	if !asset.IsToken() || asset.FeeAssetID == "" || asset.FeeAssetID == asset.AssetID {
		return ""
	}
	if coin, ok := gateway.LookupAsset(asset.FeeAssetID); ok {
		return coin.Currency
	}
	return ""
}

// rateLine is "1 BTC = 96,412.35 USD, fixed until …": the rate the price was converted at, and
// how long the amount holds. Empty when the price was not in fiat.
func rateLine(p gateway.Payment, asset gateway.Asset, loc *locales.Localizer) string {
	rate := unitPrice(p, asset, loc)
	if rate == "" {
		return ""
	}
	return loc.T("screen.rate", "Rate", rate, "Time", loc.DateTime(p.EndDate.Time))
}

// unitPrice is "1 BTC = 96,412.35 USD" at the payment's rate (crypto per unit of the price's
// asset), "" when the price was not in fiat.
func unitPrice(p gateway.Payment, asset gateway.Asset, loc *locales.Localizer) string {
	priced, ok := gateway.LookupAsset(p.AssetID)
	if !ok || priced.IsCrypto() || p.Rate.IsZero() || !p.Rate.Decimal().IsPositive() {
		return ""
	}
	one := gateway.AmountFromInt(1).Decimal()
	value := one.DivRound(p.Rate.Decimal(), priced.Precision)
	return "1 " + asset.Currency + " = " + loc.Money(value.StringFixed(priced.Precision), priced.Currency)
}

// fiatEquivalent is "About 100.00 USD": the price while nothing arrived, what remains at the
// payment's own rate after a partial payment. Empty when the price is not in fiat.
func fiatEquivalent(p gateway.Payment, due gateway.Amount, loc *locales.Localizer) string {
	priced, ok := gateway.LookupAsset(p.AssetID)
	if !ok || priced.IsCrypto() || !due.IsPositive() || !p.Amount.IsPositive() {
		return ""
	}
	value := p.Amount
	if p.IPAmount.IsPositive() {
		value = gateway.PaidAmount(due, p.Rate, priced.Precision)
	}
	return loc.T("pay.fiat", "Amount", loc.Money(value.Decimal().StringFixed(priced.Precision), priced.Currency))
}

func countdown(end, now time.Time, loc *locales.Localizer) views.Countdown {
	c := views.Countdown{
		EndISO:  end.UTC().Format(time.RFC3339),
		EndUnix: end.Unix(),
		Forms:   loc.PluralForms("countdown.minutes"),
		Seconds: loc.PluralForms("countdown.seconds"),
		Over:    loc.T("countdown.over"),
	}
	// The time goes into the sentence as a marker, so the page can put it in a <time> element
	// wherever the language places it.
	const marker = "\uE000"
	c.DeadlineBefore, c.DeadlineAfter, _ = strings.Cut(loc.T("countdown.deadline", "Time", marker), marker)
	c.DeadlineText = loc.DateTime(end)
	switch left := end.Sub(now); {
	case left <= 0:
		c.Text = c.Over
	case left < time.Minute:
		c.Text = loc.N("countdown.seconds", int((left+time.Second-1)/time.Second))
	default:
		c.Text = loc.N("countdown.minutes", int(left/time.Minute))
	}
	return c
}
