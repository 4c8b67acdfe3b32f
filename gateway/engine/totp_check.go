package engine

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/totp"
)

// checkTOTP verifies a withdrawal's TOTP code against the store's secret inside the write
// transaction, and remembers its time step so the same code cannot be used twice (RFC 6238 §5.2).
// The step is only kept if the withdrawal commits.
func (e *Engine) checkTOTP(ctx context.Context, tx *sql.Tx, storeID, code string) error {
	if code == "" {
		return gateway.FieldError(gateway.ErrCodeRequiredField, "totp_code", "totp_code is required: this store confirms withdrawals with a TOTP code.")
	}
	var secret string
	var last int64
	if err := tx.QueryRowContext(ctx, `SELECT totp_secret, totp_last_step FROM stores WHERE id = ?`, storeID).Scan(&secret, &last); err != nil {
		return fmt.Errorf("engine: totp secret: %w", err)
	}
	step, ok := totp.Verify(secret, code, e.now())
	if !ok {
		return gateway.FieldError(gateway.ErrCodeInvalidTOTP, "totp_code", "totp_code is wrong or expired.")
	}
	if step <= last {
		return gateway.FieldError(gateway.ErrCodeInvalidTOTP, "totp_code", "totp_code was already used: wait for the next code.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE stores SET totp_last_step = ? WHERE id = ?`, step, storeID); err != nil {
		return fmt.Errorf("engine: totp step: %w", err)
	}
	return nil
}

// TOTPSecret returns a store's TOTP secret (base32) for enrolling an authenticator app.
func (e *Engine) TOTPSecret(ctx context.Context, storeID string) (string, error) {
	var secret string
	err := e.db.read.QueryRowContext(ctx, `SELECT totp_secret FROM stores WHERE id = ?`, storeID).Scan(&secret)
	return found(secret, err, "totp secret", func() error { return gateway.NoStore(storeID) })
}
