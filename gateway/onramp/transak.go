package onramp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// transak creates Transak's widget URL through its API, as Transak now requires (docs.transak.com,
// "Mandatory Migration to API-Based Widget URL"; query parameters on the widget URL are no longer
// accepted):
//  1. POST {api}/partners/api/v2/refresh-token, header api-secret, body {"apiKey"} →
//     {"data":{"accessToken","expiresAt"}}. The token is kept until it expires: asking again
//     invalidates the previous one.
//  2. POST {gateway}/api/v2/auth/session, header access-token, body {"widgetParams":{…}} →
//     {"data":{"widgetUrl"}}, a single-use URL valid for five minutes: one per click.
type transak struct {
	cfg Config

	mu      sync.Mutex
	token   string
	expires time.Time
}

func newTransak(cfg Config) *transak { return &transak{cfg: cfg} }

func (t *transak) apiBase() string {
	switch {
	case t.cfg.TransakAPIBase != "":
		return t.cfg.TransakAPIBase
	case t.cfg.Sandbox:
		return "https://api-stg.transak.com"
	}
	return "https://api.transak.com"
}

func (t *transak) gatewayBase() string {
	switch {
	case t.cfg.TransakGatewayBase != "":
		return t.cfg.TransakGatewayBase
	case t.cfg.Sandbox:
		return "https://api-gateway-stg.transak.com"
	}
	return "https://api-gateway.transak.com"
}

func (t *transak) widgetHost() string {
	if t.cfg.Sandbox {
		return "global-stg.transak.com"
	}
	return "global.transak.com"
}

func (t *transak) configured() string {
	if t.cfg.TransakAPIKey == "" {
		return "ONRAMP_TRANSAK_API_KEY and ONRAMP_TRANSAK_API_SECRET are not set"
	}
	if t.cfg.ReferrerDomain == "" {
		return "Transak needs this checkout's domain (PUBLIC_URL) as referrerDomain"
	}
	return ""
}

func (t *transak) supports(asset, fiat string) bool {
	_, ok := transakCoins[asset]
	return ok && anyFiat[fiat]
}

func (t *transak) allowed(u *url.URL) bool { return hostIs(u, t.widgetHost()) }

// transakWidgetParams are the widget parameters sent to auth/session.
type transakWidgetParams struct {
	APIKey                   string `json:"apiKey"`
	ReferrerDomain           string `json:"referrerDomain"`
	ProductsAvailed          string `json:"productsAvailed"`
	CryptoCurrencyCode       string `json:"cryptoCurrencyCode"`
	Network                  string `json:"network"`
	WalletAddress            string `json:"walletAddress"`
	DisableWalletAddressForm bool   `json:"disableWalletAddressForm"`
	FiatCurrency             string `json:"fiatCurrency"`
	FiatAmount               string `json:"fiatAmount"`
	PartnerOrderID           string `json:"partnerOrderId"`
	RedirectURL              string `json:"redirectURL,omitempty"`
	Email                    string `json:"email,omitempty"`
}

func (t *transak) link(ctx context.Context, o Order) (Link, error) {
	c := transakCoins[o.AssetID]
	params := transakWidgetParams{
		APIKey: t.cfg.TransakAPIKey, ReferrerDomain: t.cfg.ReferrerDomain, ProductsAvailed: "BUY",
		CryptoCurrencyCode: c.code, Network: c.network, WalletAddress: o.Address, DisableWalletAddressForm: true,
		FiatCurrency: o.FiatAssetID, FiatAmount: decimalString(o.FiatAmount), PartnerOrderID: o.PaymentID,
		RedirectURL: o.ReturnURL, Email: o.Email,
	}
	for attempt := 0; ; attempt++ {
		token, err := t.accessToken(ctx)
		if err != nil {
			return Link{}, err
		}
		var out struct {
			Data struct {
				WidgetURL string `json:"widgetUrl"`
			} `json:"data"`
		}
		status, err := postJSON(ctx, t.cfg, t.gatewayBase()+"/api/v2/auth/session",
			map[string]string{"access-token": token}, map[string]any{"widgetParams": params}, &out)
		if status == http.StatusUnauthorized && attempt == 0 {
			t.forget(token) // revoked or expired early: one fresh token, then give up
			continue
		}
		if err != nil {
			return Link{}, fmt.Errorf("auth/session: %w", err)
		}
		if out.Data.WidgetURL == "" {
			return Link{}, errors.New("auth/session answered no widgetUrl")
		}
		return Link{URL: out.Data.WidgetURL}, nil
	}
}

// accessToken returns the partner access token, asking for a new one a minute before it expires.
func (t *transak) accessToken(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && t.cfg.Now().Add(time.Minute).Before(t.expires) {
		return t.token, nil
	}
	var out struct {
		Data struct {
			AccessToken string `json:"accessToken"`
			ExpiresAt   int64  `json:"expiresAt"`
		} `json:"data"`
	}
	if _, err := postJSON(ctx, t.cfg, t.apiBase()+"/partners/api/v2/refresh-token",
		map[string]string{"api-secret": t.cfg.TransakAPISecret}, map[string]string{"apiKey": t.cfg.TransakAPIKey}, &out); err != nil {
		return "", fmt.Errorf("refresh-token: %w", err)
	}
	if out.Data.AccessToken == "" {
		return "", errors.New("refresh-token answered no accessToken")
	}
	t.token, t.expires = out.Data.AccessToken, time.Unix(out.Data.ExpiresAt, 0)
	return t.token, nil
}

func (t *transak) forget(token string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token == token {
		t.token = ""
	}
}

// postJSON posts body as JSON with headers and decodes a 2xx answer into out. It returns the
// status for the caller's retry decisions; the answer's body never reaches an error message beyond
// a short excerpt (it may echo credentials).
func postJSON(ctx context.Context, cfg Config, endpoint string, headers map[string]string, body, out any) (int, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(b))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := cfg.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return resp.StatusCode, fmt.Errorf("unreadable answer: %w", err)
	}
	return resp.StatusCode, nil
}
