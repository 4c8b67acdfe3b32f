package server

import (
	"net/url"

	"github.com/cryptocheckout/checkout/gateway/onramp"
)

// onramps is the card on-ramp service of the ONRAMP_* configuration (validated by LoadConfig), or
// nil when it cannot be built. The start-up log names the providers that are offered, so an
// operator sees at once that a credential is missing.
func (m *Main) onramps() *onramp.Service {
	cfg := m.Config.Onramp
	cfg.Log = m.Log
	if u, err := url.Parse(m.Config.PublicURL); err == nil {
		cfg.ReferrerDomain = u.Hostname()
	}
	s, err := onramp.New(cfg)
	if err != nil {
		m.Log.Error("card on-ramps disabled", "err", err)
		return nil
	}
	names := []string{}
	for _, p := range s.Configured() {
		names = append(names, string(p))
	}
	m.Log.Info("card on-ramps", "offered", names, "sandbox", cfg.Sandbox)
	return s
}
