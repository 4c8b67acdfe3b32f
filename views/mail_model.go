package views

import (
	"regexp"
	"strconv"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/mail"
	"github.com/cryptocheckout/checkout/locales"
)

// MailView is one e-mail to a payer, shaped like the message: both the HTML and the text body are
// written from it, so they always say the same.
type MailView struct {
	Lang, Dir string
	Subject   string
	Preheader string // the line mail clients show beside the subject
	Brand     string // a validated #rrggbb colour
	LogoCID   string // "" without a logo
	Store     string
	Test      string // the test-store note; "" for live stores
	Heading   string
	Greeting  string
	Intro     []string
	Rows      []MailRow
	Address   *MailAddress // the address to pay to, with its QR code
	Button    *MailLink
	TxHeading string
	Txs       []MailTx
	Support   string
	Contacts  []MailLink // the store's support e-mail and page
	Footer    string
}

// MailRow is one line of a table of facts: a label and its value. LTR values (amounts, ids,
// dates) keep their left-to-right order inside right-to-left text.
type MailRow struct {
	Label, Value string
	LTR          bool
}

// MailAddress is the deposit address block.
type MailAddress struct {
	Label   string
	Address string
	Network string // "Network: TRON"
	Warning string
	QRCID   string // "" without a QR image
	QRAlt   string
	Scan    string
}

// MailLink is a link or button.
type MailLink struct {
	Label, URL string
}

// MailTx is one transaction in an e-mail.
type MailTx struct {
	Amount string
	State  string
	Hash   string
	URL    string // explorer link; "" for emulated or unknown
}

// houseBrand is the colour of e-mails of stores that chose none; white text on it meets 4.5:1.
const houseBrand = "#1f5fbf"

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// brandColor is the store's colour when it is a plain #rrggbb (it goes into inline CSS), else the house one.
func brandColor(c string) string {
	if hexColor.MatchString(c) {
		return c
	}
	return houseBrand
}

// MailModel builds the e-mail of notice n in its language (the payer's when it is one of ours,
// else the reference language).
func MailModel(cat *locales.Catalog, n mail.Notice, images mail.Inline) MailView {
	lang, ok := cat.Supported(n.Lang)
	if !ok {
		lang = locales.Reference
	}
	loc := cat.Localizer(lang)
	store := n.Store.Name
	if store == "" {
		store = loc.T("page.store_fallback")
	}
	v := MailView{
		Lang: loc.Lang(), Dir: loc.Dir(), Brand: brandColor(n.Store.BrandColor), LogoCID: images.Logo, Store: n.Store.Name,
		Greeting: loc.T("mail.greeting_anonymous"),
		Footer:   loc.T("mail.footer", "Store", store),
	}
	if name := mail.HeaderText(n.Name, 100); name != "" {
		v.Greeting = loc.T("mail.greeting", "Name", name)
	}
	if n.Store.IsTest {
		v.Test = loc.T("mail.test")
	}
	switch {
	case n.Kind == mail.KindDedicate && n.Dedicate != nil:
		dedicateMail(&v, loc, store, *n.Dedicate, images)
	case n.Payment != nil:
		paymentMail(&v, loc, store, n, images)
	}
	v.Support, v.Contacts = support(loc, store, n.Store)
	return v
}

func dedicateMail(v *MailView, loc *locales.Localizer, store string, d gateway.Dedicate, images mail.Inline) {
	asset, _ := gateway.LookupAsset(d.AssetID)
	label := asset.Label()
	v.Subject = loc.T("mail.dedicate.subject", "Asset", label, "Store", store)
	v.Heading = loc.T("mail.dedicate.heading", "Asset", label)
	v.Preheader = loc.T("mail.dedicate.intro", "Store", store, "Asset", label)
	v.Intro = []string{v.Preheader}
	if d.DedicateType != gateway.DedicateAssign { // an ASSIGN address takes the store's payments, each with its amount
		v.Intro = append(v.Intro, loc.T("mail.dedicate.any_amount"))
	}
	if d.Description != "" {
		v.Rows = append(v.Rows, MailRow{Label: loc.T("mail.description"), Value: d.Description})
	}
	v.Address = &MailAddress{
		Label: loc.T("mail.dedicate.address_label"), Address: d.Address,
		Network: loc.T("pay.network_label") + ": " + asset.CryptoNetworkName,
		Warning: loc.T("pay.network_warning", "Asset", label, "Network", asset.CryptoNetworkName),
		QRCID:   images.QR, QRAlt: loc.T("mail.qr_alt"), Scan: loc.T("pay.scan"),
	}
	if u := httpLink(d.PaymentURL); u != "" {
		v.Button = &MailLink{Label: loc.T("mail.dedicate.open_page"), URL: u}
	}
}

func paymentMail(v *MailView, loc *locales.Localizer, store string, n mail.Notice, images mail.Inline) {
	p := *n.Payment
	crypto, _ := gateway.LookupAsset(p.PaymentAssetID)
	total := cryptoAmount(p.PaymentAmount, crypto)
	received := cryptoAmount(p.IPAmount, crypto)
	remaining := cryptoAmount(p.RemainAmount, crypto)
	number := loc.T("page.payment_number", "Number", p.PaymentNum)
	switch n.Kind {
	case mail.KindReceipt:
		v.Subject = loc.T("mail.receipt.subject", "Store", store, "Number", p.PaymentNum)
		v.Heading = loc.T("mail.receipt.heading")
		v.Preheader = loc.T("mail.receipt.intro", "Store", store)
		v.Intro = []string{v.Preheader}
		v.Rows = receiptRows(loc, p, crypto)
		// The printable receipt page where the gateway has one, else the payment page, whose
		// paid screen is a receipt too.
		if u := httpLink(n.ReceiptURL); u != "" {
			v.Button = &MailLink{Label: loc.T("mail.receipt.view"), URL: u}
		} else if u := httpLink(p.PaymentURL); u != "" {
			v.Button = &MailLink{Label: loc.T("mail.open_page"), URL: u}
		}
	case mail.KindPartial:
		deadline := loc.DateTime(p.EndDate.Time)
		v.Subject = loc.T("mail.partial.subject", "Store", store, "Remaining", remaining)
		v.Heading = loc.T("mail.partial.heading")
		v.Preheader = loc.T("mail.partial.intro", "Received", received, "Total", total, "Remaining", remaining, "Time", deadline)
		v.Intro = []string{v.Preheader}
		v.Rows = []MailRow{
			{Label: number, Value: p.PaymentID, LTR: true},
			{Label: loc.T("progress.total"), Value: total, LTR: true},
			{Label: loc.T("progress.received"), Value: received, LTR: true},
			{Label: loc.T("progress.remaining"), Value: remaining, LTR: true},
			{Label: loc.T("mail.deadline"), Value: deadline, LTR: true},
		}
		label := crypto.Label()
		v.Address = &MailAddress{
			Label: loc.T("pay.address_label"), Address: p.Address,
			Network: loc.T("pay.network_label") + ": " + crypto.CryptoNetworkName,
			Warning: loc.T("pay.network_warning", "Asset", label, "Network", crypto.CryptoNetworkName),
			QRCID:   images.QR, QRAlt: loc.T("mail.qr_alt_amount"), Scan: loc.T("pay.scan"),
		}
		if u := httpLink(p.PaymentURL); u != "" {
			v.Button = &MailLink{Label: loc.T("mail.open_page"), URL: u}
		}
	case mail.KindExpiredPartial:
		v.Subject = loc.T("mail.expired.subject", "Store", store)
		v.Heading = loc.T("mail.expired.heading")
		v.Preheader = loc.T("mail.expired.intro", "Received", received, "Total", total, "Time", loc.DateTime(p.EndDate.Time))
		v.Intro = []string{v.Preheader, loc.T("mail.expired.what_now", "Store", store)}
		v.Rows = []MailRow{
			{Label: number, Value: p.PaymentID, LTR: true},
			{Label: loc.T("progress.total"), Value: total, LTR: true},
			{Label: loc.T("progress.received"), Value: received, LTR: true},
		}
		if u := httpLink(p.PaymentURL); u != "" {
			v.Button = &MailLink{Label: loc.T("mail.open_page"), URL: u}
		}
	}
	if p.Description != "" {
		v.Rows = append([]MailRow{{Label: loc.T("mail.description"), Value: p.Description}}, v.Rows...)
	}
	if len(n.Txs) > 0 {
		v.TxHeading = loc.N("mail.tx_count", len(n.Txs))
		for _, t := range n.Txs {
			v.Txs = append(v.Txs, mailTx(loc, t, crypto, p.IsTest))
		}
	}
}

// receiptRows are the facts of a receipt: what was paid in crypto and in the price's currency, at
// which rate, when, and the payment's number and id.
func receiptRows(loc *locales.Localizer, p gateway.Payment, crypto gateway.Asset) []MailRow {
	priced, _ := gateway.LookupAsset(p.AssetID)
	rows := []MailRow{{Label: loc.T("mail.receipt.paid"), Value: cryptoAmount(p.IPAmount, crypto), LTR: true}}
	if p.AssetID != p.PaymentAssetID {
		rows = append(rows,
			MailRow{Label: loc.T("mail.receipt.price"), Value: priceAmount(loc, p.Amount, priced), LTR: true},
			MailRow{Label: loc.T("mail.receipt.value"), Value: priceAmount(loc, p.PaidAmount, priced), LTR: true},
			MailRow{Label: loc.T("mail.receipt.rate"), Value: "1 " + priced.Currency + " = " + p.Rate.String() + " " + crypto.Currency, LTR: true})
	}
	when := p.StartDate.Time
	if p.CompleteDate != nil {
		when = p.CompleteDate.Time
	}
	return append(rows,
		MailRow{Label: loc.T("mail.receipt.date"), Value: loc.DateTime(when), LTR: true},
		MailRow{Label: loc.T("page.payment_number", "Number", p.PaymentNum), Value: p.PaymentID, LTR: true})
}

func mailTx(loc *locales.Localizer, t gateway.Transaction, crypto gateway.Asset, test bool) MailTx {
	out := MailTx{Amount: cryptoAmount(t.Amount, crypto), Hash: t.TrxHash}
	if t.Status == gateway.StatusComplete {
		out.State = loc.T("mail.tx_confirmed")
	} else {
		out.State = loc.N("progress.confirmations", t.Confirms, "Done", strconv.Itoa(t.Confirmations))
	}
	if !test {
		out.URL = httpsLink(t.TransactionLink)
	}
	return out
}

// support is the "contact the store" line and its links.
func support(loc *locales.Localizer, store string, s mail.Store) (string, []MailLink) {
	var links []MailLink
	if a, ok := mail.Recipient(s.SupportEmail); ok {
		links = append(links, MailLink{Label: a, URL: "mailto:" + a})
	}
	if u := httpLink(s.SupportURL); u != "" {
		links = append(links, MailLink{Label: u, URL: u})
	}
	if len(links) == 0 {
		return loc.T("mail.support_none", "Store", store), nil
	}
	return loc.T("mail.support", "Store", store), links
}

func cryptoAmount(a gateway.Amount, asset gateway.Asset) string {
	return a.String() + " " + asset.Currency
}

// priceAmount writes an amount in the price's asset: money for fiat, the amount and code for crypto.
func priceAmount(loc *locales.Localizer, a gateway.Amount, asset gateway.Asset) string {
	if asset.IsCrypto() {
		return cryptoAmount(a, asset)
	}
	return loc.Money(a.Decimal().StringFixed(asset.Precision), asset.Currency)
}

func httpLink(u string) string {
	if u == "" || gateway.CheckURL("url", u) != nil {
		return ""
	}
	return u
}

func httpsLink(u string) string {
	if len(u) < 8 || u[:8] != "https://" {
		return ""
	}
	return httpLink(u)
}
