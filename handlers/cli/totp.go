package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/cryptocheckout/checkout/gateway/engine"
	"github.com/cryptocheckout/checkout/gateway/totp"
)

// showTOTP prints a store's TOTP secret and the otpauth:// URI to enrol an authenticator app:
// `store totp STORE_ID`. Withdrawals ask for its codes once `set STORE_ID --require-totp true`.
func showTOTP(ctx context.Context, eng *engine.Engine, args []string, out io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("totp takes one STORE_ID")
	}
	st, err := eng.StoreByID(ctx, args[0])
	if err != nil {
		return err
	}
	secret, err := eng.TOTPSecret(ctx, st.StoreID)
	if err != nil {
		return err
	}
	required := "not required"
	if st.RequireTOTP {
		required = "required"
	}
	fmt.Fprintf(out, "TOTP for store %s (%s), %s for withdrawals:\n  secret:  %s\n  URI:     %s\n",
		st.StoreID, st.Name, required, secret, totp.URI("checkout", st.Name, secret))
	return nil
}
