package server

import (
	"context"
	"fmt"
	"io"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/engine"
)

// NewStoreFromEnv turns the STORE_* variables into the first test store's settings.
func NewStoreFromEnv(b StoreBootstrap) (engine.NewStore, error) {
	n := engine.NewStore{
		Name: "Test store", IsTest: true, Currency: b.Currency,
		APIKey: b.APIKey, APISecret: b.APISecret, WebhookURL: b.WebhookURL, WebhookSecret: b.WebhookSecret,
		SeedPhrase: b.SeedPhrase,
	}
	var err error
	if n.Markups, err = gateway.ParseMarkups(b.Markup); err != nil {
		return n, fmt.Errorf("STORE_MARKUP: %w", err)
	}
	if n.UnderpayPercent, err = gateway.ParseOptionalAmount(b.UnderpaymentPercent, 4); err != nil {
		return n, fmt.Errorf("STORE_UNDERPAYMENT_PERCENT: %w", err)
	}
	if n.UnderpayAmount, err = gateway.ParseOptionalAmount(b.UnderpaymentAmount, 2); err != nil {
		return n, fmt.Errorf("STORE_UNDERPAYMENT_AMOUNT: %w", err)
	}
	if n.FrameAncestors, err = gateway.ParseOrigins(b.FrameAncestors); err != nil {
		return n, fmt.Errorf("STORE_FRAME_ANCESTORS: %w", err)
	}
	if _, err := gateway.ParseSupportEmail(b.SupportEmail); err != nil {
		return n, fmt.Errorf("STORE_SUPPORT_EMAIL: %w", err)
	}
	if _, err := gateway.ParseSupportURL(b.SupportURL); err != nil {
		return n, fmt.Errorf("STORE_SUPPORT_URL: %w", err)
	}
	if _, err := gateway.ParseBrandColor(b.BrandColor); err != nil {
		return n, fmt.Errorf("STORE_BRAND_COLOR: %w", err)
	}
	payerEmails, err := parseBool(b.PayerEmails)
	if err != nil {
		return n, fmt.Errorf("STORE_PAYER_EMAILS must be true or false, got %q", b.PayerEmails)
	}
	n.Page = engine.StorePageChange{SupportEmail: &b.SupportEmail, SupportURL: &b.SupportURL, BrandColor: &b.BrandColor,
		PayerEmails: &payerEmails}
	return n, nil
}

// bootstrapStore creates the first test store when the database has none, and prints its
// credentials to out: this is the one time the API secret and a generated seed phrase are shown.
func bootstrapStore(ctx context.Context, eng *engine.Engine, b StoreBootstrap, publicURL string, out io.Writer) error {
	n, err := eng.CountStores(ctx)
	if err != nil || n > 0 {
		return err
	}
	spec, err := NewStoreFromEnv(b)
	if err != nil {
		return err
	}
	_, creds, err := eng.CreateStore(ctx, spec)
	if err != nil {
		return fmt.Errorf("server: first test store: %w", err)
	}
	fmt.Fprintf(out, `
A test store was created. Keep these values: the API secret is stored hashed and not shown again.
  API URL:         %s/int
  store id:        %s
  API key:         %s
  API secret:      %s
  webhook secret:  %s
`, publicURL, creds.StoreID, creds.APIKey, creds.APISecret, creds.WebhookSecret)
	if creds.SeedPhraseGenerated {
		fmt.Fprintf(out, "  seed phrase:     %s\n  (only its public keys are kept: write it down now to control the addresses)\n", creds.SeedPhrase)
	}
	fmt.Fprintf(out, "Try it:  curl -u %s:%s %s/int/assets\n\n", creds.APIKey, creds.APISecret, publicURL)
	return nil
}
