package engine

import (
	"context"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/totp"
)

// checkTOTP verifies a withdrawal's TOTP code against the store's secret inside the write
// transaction, and remembers its time step so the same code cannot be used twice (RFC 6238 §5.2).
// The step is only kept if the withdrawal commits.
func (l *ledger) checkTOTP(ctx context.Context, tx totpTx, storeID, code string) error {
	if code == "" {
		return gateway.FieldError(gateway.ErrCodeRequiredField, "totp_code", "totp_code is required: this store confirms withdrawals with a TOTP code.")
	}
	secret, last, err := tx.TOTPState(ctx, storeID)
	if err != nil {
		return err
	}
	step, ok := totp.Verify(secret, code, l.now())
	if !ok {
		return gateway.FieldError(gateway.ErrCodeInvalidTOTP, "totp_code", "totp_code is wrong or expired.")
	}
	if step <= last {
		return gateway.FieldError(gateway.ErrCodeInvalidTOTP, "totp_code", "totp_code was already used: wait for the next code.")
	}
	return tx.SetTOTPStep(ctx, storeID, step)
}

// totpTx is what checking a TOTP code reads and writes in the withdrawal's transaction.
type totpTx interface {
	TOTPState(ctx context.Context, storeID string) (secret string, lastStep int64, err error)
	SetTOTPStep(ctx context.Context, storeID string, step int64) error
}
