// Package onramp sends payers who have no crypto to a card on-ramp provider, which buys the crypto
// and delivers it to the payment's address: the seed's fiat payments (fiat_provider). It builds each
// provider's link exactly as the provider documents it, on the server, from the payment and the
// operator's partner credentials (process-wide: the partner accounts belong to whoever runs the
// checkout), and it only ever answers with a URL on the provider's documented host.
//
// It knows nothing of HTTP handlers or pages: the payer pages ask it whether a provider is offered
// and, when the payer clicks, for the link.
package onramp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cryptocheckout/checkout/gateway"
)

// Provider names an on-ramp provider.
type Provider string

// The providers the seed's fiat_provider codes name.
const (
	MoonPay    Provider = "moonpay"
	Banxa      Provider = "banxa"
	Transak    Provider = "transak"
	Guardarian Provider = "guardarian"
	Wert       Provider = "wert"
	Kado       Provider = "kado"
)

// Title is the provider's name as payers know it.
func (p Provider) Title() string {
	switch p {
	case MoonPay:
		return "MoonPay"
	case Banxa:
		return "Banxa"
	case Transak:
		return "Transak"
	case Guardarian:
		return "Guardarian"
	case Wert:
		return "Wert"
	case Kado:
		return "Kado"
	}
	return string(p)
}

// ProviderOf maps a seed fiat_provider code to its provider. The seed spells Guardarian both
// "sguardarian" (its list) and "sguardian" (its example), and Transak "cransak".
func ProviderOf(code string) (Provider, bool) {
	switch code {
	case "sguardarian", "sguardian":
		return Guardarian, true
	case "cmoonpay":
		return MoonPay, true
	case "cbanxa":
		return Banxa, true
	case "cwert":
		return Wert, true
	case "cransak":
		return Transak, true
	case "ckado":
		return Kado, true
	}
	return "", false
}

// Order is what a provider's link is built from: always the payment's own values, never the
// payer's query.
type Order struct {
	PaymentID    string         // the partner's order reference at the provider
	AssetID      string         // the crypto asset to deliver (payment_asset_id)
	Address      string         // where to deliver it
	CryptoAmount gateway.Amount // what remains to pay, in AssetID
	FiatAssetID  string         // the currency the payer pays in (fiat_asset_id)
	FiatAmount   gateway.Amount // CryptoAmount's price in FiatAssetID, rounded up
	ReturnURL    string         // success_url; empty when the payment has none
	Email        string         // payer_email, to prefill where the provider takes it
	PayerIP      string         // forwarded where the provider asks for the customer's IP
}

// Link is where a payer goes to pay by card.
type Link struct {
	URL string
	// Framed: the provider's widget is shown in a frame on a page of ours rather than opened by a
	// redirect (Wert's documented integration is a widget embedded in the partner's page).
	Framed bool
}

// ErrNotOffered is returned for a provider that cannot take this order (no credentials, an
// asset or currency it does not sell); the page offers crypto only.
var ErrNotOffered = errors.New("onramp: provider not offered")

// Config is the operator's on-ramp configuration (the ONRAMP_* variables).
type Config struct {
	MoonPayAPIKey, MoonPaySecretKey    string
	BanxaPartner                       string
	TransakAPIKey, TransakAPISecret    string
	GuardarianAPIKey                   string
	WertPartnerID                      string
	KadoAPIKey                         string // refused: Kado documents no partner API (see Validate)
	Sandbox                            bool   // use each provider's documented sandbox host
	ReferrerDomain                     string // this checkout's host, which Transak requires as referrerDomain
	HTTP                               *http.Client
	Log                                *slog.Logger
	Now                                func() time.Time
	TransakAPIBase, TransakGatewayBase string // tests only: the fakes' URLs instead of Transak's hosts
	GuardarianAPIBase                  string // tests only
}

// Validate refuses a configuration that cannot work, with a message naming the variable.
func (c Config) Validate() error {
	if c.KadoAPIKey != "" {
		return errors.New("ONRAMP_KADO_API_KEY: Kado publishes no documented partner link or API that could be built " +
			"server-side (its developer documentation is gone), so it cannot be offered; unset it. Payments with " +
			"fiat_provider ckado are shown as crypto payments")
	}
	if (c.MoonPayAPIKey == "") != (c.MoonPaySecretKey == "") {
		return errors.New("ONRAMP_MOONPAY_API_KEY and ONRAMP_MOONPAY_SECRET_KEY go together: MoonPay links that carry a wallet address must be signed")
	}
	if (c.TransakAPIKey == "") != (c.TransakAPISecret == "") {
		return errors.New("ONRAMP_TRANSAK_API_KEY and ONRAMP_TRANSAK_API_SECRET go together: Transak widget URLs are created through its API")
	}
	if c.BanxaPartner != "" && !validLabel(c.BanxaPartner) {
		return fmt.Errorf("ONRAMP_BANXA_PARTNER must be your Banxa partner subdomain (letters, digits, -), got %q", c.BanxaPartner)
	}
	if c.WertPartnerID != "" && !validLabel(c.WertPartnerID) {
		return fmt.Errorf("ONRAMP_WERT_PARTNER_ID must be the partner id Wert gave you (letters and digits), got %q", c.WertPartnerID)
	}
	return nil
}

// validLabel reports whether s can stand as a DNS label or a path segment unescaped.
func validLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// provider is one on-ramp's link builder.
type provider interface {
	// configured says why the provider cannot be offered at all ("" when it can).
	configured() string
	// supports reports whether the provider sells asset for fiat (our asset ids).
	supports(asset, fiat string) bool
	// link builds the payer's link for o.
	link(ctx context.Context, o Order) (Link, error)
	// allowed reports whether u is on the provider's documented host.
	allowed(u *url.URL) bool
}

// Service builds the links of every provider.
type Service struct {
	cfg       Config
	providers map[Provider]provider
}

// New returns the on-ramp service of a validated configuration.
func New(cfg Config) (*Service, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 15 * time.Second}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Service{cfg: cfg, providers: map[Provider]provider{
		MoonPay:    &moonPay{cfg: cfg},
		Banxa:      &banxa{cfg: cfg},
		Transak:    newTransak(cfg),
		Guardarian: &guardarian{cfg: cfg},
		Wert:       &wert{cfg: cfg},
		Kado:       kado{},
	}}
	return s, nil
}

// Configured lists the providers with credentials, for the start-up log.
func (s *Service) Configured() []Provider {
	var out []Provider
	for _, p := range []Provider{MoonPay, Banxa, Transak, Guardarian, Wert, Kado} {
		if s.providers[p].configured() == "" {
			out = append(out, p)
		}
	}
	return out
}

// Offered reports whether p can take a payment of asset priced in fiat; when not, why (for the log,
// never for the payer).
func (s *Service) Offered(p Provider, asset, fiat string) (bool, string) {
	pr, ok := s.providers[p]
	if !ok {
		return false, "unknown provider"
	}
	if why := pr.configured(); why != "" {
		return false, why
	}
	if !pr.supports(asset, fiat) {
		return false, fmt.Sprintf("%s does not sell %s for %s", p.Title(), asset, fiat)
	}
	return true, ""
}

// Link builds the payer's link for o at p, and checks that it leads to p's documented host over
// https before handing it out.
func (s *Service) Link(ctx context.Context, p Provider, o Order) (Link, error) {
	if ok, why := s.Offered(p, o.AssetID, o.FiatAssetID); !ok {
		return Link{}, fmt.Errorf("%w: %s", ErrNotOffered, why)
	}
	if !o.CryptoAmount.IsPositive() || !o.FiatAmount.IsPositive() {
		return Link{}, fmt.Errorf("%w: nothing remains to pay", ErrNotOffered)
	}
	l, err := s.providers[p].link(ctx, o)
	if err != nil {
		return Link{}, fmt.Errorf("onramp: %s: %w", p.Title(), err)
	}
	u, err := url.Parse(l.URL)
	if err != nil || u.Scheme != "https" || u.User != nil || !s.providers[p].allowed(u) {
		return Link{}, fmt.Errorf("onramp: %s answered a link off its documented host: %q", p.Title(), l.URL)
	}
	return l, nil
}

// kado is refused at configuration (Config.Validate): no documented link exists to build.
type kado struct{}

func (kado) configured() string {
	return "Kado documents no partner link or API that could be built server-side"
}
func (kado) supports(string, string) bool              { return false }
func (kado) link(context.Context, Order) (Link, error) { return Link{}, ErrNotOffered }
func (kado) allowed(*url.URL) bool                     { return false }

// hostIs reports whether u's host is exactly host (no port, no user info).
func hostIs(u *url.URL, hosts ...string) bool {
	h := strings.ToLower(u.Host)
	for _, want := range hosts {
		if h == want {
			return true
		}
	}
	return false
}

// decimalString writes an amount the way providers read numbers: plain decimal, no exponent.
func decimalString(a gateway.Amount) string { return a.Decimal().String() }
