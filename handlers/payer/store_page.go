package payer

import (
	"net/url"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/locales"
	"github.com/cryptocheckout/checkout/views"
)

// contactOf is the store's support as the page shows it; nil when the store gave none, and the
// page then names the store alone.
func contactOf(sp gateway.PageSettings, store string, loc *locales.Localizer) *views.Contact {
	email, _ := gateway.ParseSupportEmail(sp.SupportEmail)
	link := httpURL(sp.SupportURL)
	if email == "" && link == "" {
		return nil
	}
	c := &views.Contact{Label: loc.T("screen.contact", "Store", store), Email: email, URL: link}
	if u, err := url.Parse(link); err == nil && link != "" {
		c.URLLabel = strings.TrimSuffix(u.Host+u.EscapedPath(), "/")
	}
	return c
}

// brandCSS is the URL of the stylesheet with the store's colours, "" for the house colours.
func brandCSS(sp gateway.PageSettings) string {
	c, err := gateway.ParseBrandColor(sp.BrandColor)
	if err != nil || c == "" {
		return ""
	}
	return brandPrefix + strings.TrimPrefix(c, "#") + ".css"
}

// logoURL is where the page finds the store's logo on this origin, "" for none.
func logoURL(sp gateway.PageSettings) string {
	if !plainAddress(sp.LogoHash) || len(sp.LogoHash) > 64 {
		return ""
	}
	return logoPrefix + sp.LogoHash + ".png"
}

// Where brand stylesheets and logos are served; both are named by their content, so they are
// cached for a year.
const (
	brandPrefix = "/brand/"
	logoPrefix  = "/logo/"
)
