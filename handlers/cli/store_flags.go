package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

// settingFlags are the flags create and set share; each remembers whether it was given.
type settingFlags struct {
	values map[string]*string
	given  map[string]bool
}

var settingNames = []string{"name", "currency", "owner", "webhook-url", "markup", "underpayment-percent",
	"underpayment-amount", "frame-ancestors", "require-totp", "support-email", "support-url", "brand-color", "logo",
	"payer-emails"}

func (s *settingFlags) register(fs interface {
	Func(name, usage string, fn func(string) error)
}) {
	s.values, s.given = map[string]*string{}, map[string]bool{}
	for _, name := range settingNames {
		v := new(string)
		s.values[name] = v
		fs.Func(name, name, func(x string) error { *v = x; s.given[name] = true; return nil })
	}
}

func (s *settingFlags) get(name string) (string, bool) { return *s.values[name], s.given[name] }

// change turns the given flags into a StoreChange, validating each.
func (s *settingFlags) change() (engine.StoreChange, error) {
	var c engine.StoreChange
	if v, ok := s.get("name"); ok {
		c.Name = &v
	}
	if v, ok := s.get("currency"); ok {
		c.Currency = &v
	}
	if v, ok := s.get("owner"); ok {
		c.OwnerID = &v
	}
	if v, ok := s.get("webhook-url"); ok {
		c.WebhookURL = &v
	}
	if v, ok := s.get("markup"); ok {
		m, err := gateway.ParseMarkups(v)
		if err != nil {
			return c, fmt.Errorf("--markup: %w", err)
		}
		c.Markups = m
	}
	if v, ok := s.get("underpayment-percent"); ok {
		a, err := gateway.ParseOptionalAmount(v, 4)
		if err != nil {
			return c, fmt.Errorf("--underpayment-percent: %w", err)
		}
		c.UnderpayPercent = &a
	}
	if v, ok := s.get("underpayment-amount"); ok {
		a, err := gateway.ParseOptionalAmount(v, 2)
		if err != nil {
			return c, fmt.Errorf("--underpayment-amount: %w", err)
		}
		c.UnderpayAmount = &a
	}
	if v, ok := s.get("frame-ancestors"); ok {
		o, err := gateway.ParseOrigins(v)
		if err != nil {
			return c, fmt.Errorf("--frame-ancestors: %w", err)
		}
		c.FrameAncestors = &o
	}
	if v, ok := s.get("require-totp"); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("--require-totp must be true or false")
		}
		c.RequireTOTP = &b
	}
	if v, ok := s.get("support-email"); ok {
		c.Page.SupportEmail = &v
	}
	if v, ok := s.get("support-url"); ok {
		c.Page.SupportURL = &v
	}
	if v, ok := s.get("brand-color"); ok {
		c.Page.BrandColor = &v
	}
	if v, ok := s.get("logo"); ok {
		logo, err := readLogo(v)
		if err != nil {
			return c, fmt.Errorf("--logo: %w", err)
		}
		c.Page.Logo = &logo
	}
	if v, ok := s.get("payer-emails"); ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("--payer-emails must be true or false")
		}
		c.Page.PayerEmails = &b
	}
	return c, nil
}

// readLogo reads and re-encodes a logo file; "" removes the logo. At most one byte beyond the limit
// is read, so a huge file is refused without being loaded.
func readLogo(path string) (gateway.Logo, error) {
	if path == "" {
		return gateway.Logo{}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return gateway.Logo{}, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, gateway.MaxLogoBytes+1))
	if err != nil {
		return gateway.Logo{}, err
	}
	return gateway.NormalizeLogo(b)
}

func setStore(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error {
	if len(args) == 0 || len(args[0]) == 0 || args[0][0] == '-' {
		return fmt.Errorf("set needs a STORE_ID first")
	}
	fs := newFlagSet("set", out)
	var s settingFlags
	s.register(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	c, err := s.change()
	if err != nil {
		return err
	}
	st, err := eng.UpdateStore(ctx, args[0], c)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Store %s (%s) updated.\n", st.StoreID, st.Name)
	return nil
}

func createStore(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error {
	fs := newFlagSet("create", out)
	var s settingFlags
	s.register(fs)
	live := fs.Bool("live", false, "a live store (default: test)")
	apiKey := fs.String("api-key", "", "API key (generated when empty)")
	apiSecret := fs.String("api-secret", "", "API secret (generated when empty)")
	webhookSecret := fs.String("webhook-secret", "", "webhook secret (generated when empty)")
	seed := fs.String("seed-phrase", "", "BIP-39 seed phrase (generated when empty)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c, err := s.change()
	if err != nil {
		return err
	}
	n := engine.NewStore{IsTest: !*live, APIKey: *apiKey, APISecret: *apiSecret, WebhookSecret: *webhookSecret, SeedPhrase: *seed}
	applyChange(&n, c)
	st, creds, err := eng.CreateStore(ctx, n)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Store %s (%s) created. Keep these values: the API secret is not shown again.\n", st.StoreID, st.Name)
	fmt.Fprintf(out, "  API key:         %s\n  API secret:      %s\n  webhook secret:  %s\n", creds.APIKey, creds.APISecret, creds.WebhookSecret)
	if creds.SeedPhraseGenerated {
		fmt.Fprintf(out, "  seed phrase:     %s\n  (only its public keys are kept: write it down now)\n", creds.SeedPhrase)
	}
	return nil
}

// applyChange copies the settings of a change into a new store.
func applyChange(n *engine.NewStore, c engine.StoreChange) {
	if c.Name != nil {
		n.Name = *c.Name
	}
	if c.Currency != nil {
		n.Currency = *c.Currency
	}
	if c.OwnerID != nil {
		n.OwnerID = *c.OwnerID
	}
	if c.WebhookURL != nil {
		n.WebhookURL = *c.WebhookURL
	}
	n.Markups = c.Markups
	if c.UnderpayPercent != nil {
		n.UnderpayPercent = *c.UnderpayPercent
	}
	if c.UnderpayAmount != nil {
		n.UnderpayAmount = *c.UnderpayAmount
	}
	if c.FrameAncestors != nil {
		n.FrameAncestors = *c.FrameAncestors
	}
	if c.RequireTOTP != nil {
		n.RequireTOTP = *c.RequireTOTP
	}
	n.Page = c.Page
}
