package engine

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/cryptocheckout/checkout/gateway/live"
)

// ExpireHeld ends what holds something past its end_date: dedicated addresses (released after their
// ten years) and live stores' withdrawals still OPEN (cancelled, their hold released). It returns
// how many it ended.
func (e *Engine) ExpireHeld(ctx context.Context) (int, error) {
	var dedicates []string
	var withdrawals int
	err := e.db.inTx(ctx, func(tx *sql.Tx) error {
		now := e.now()
		rows, err := tx.QueryContext(ctx, `UPDATE dedicates SET status = 'COMPLETE', complete_date = end_date
			WHERE status = 'OPEN' AND end_date <= ? RETURNING id`, now.Unix())
		if err != nil {
			return fmt.Errorf("engine: expire dedicates: %w", err)
		}
		if dedicates, err = scanStrings(rows); err != nil {
			return fmt.Errorf("engine: expire dedicates: %w", err)
		}
		wrows, err := tx.QueryContext(ctx, `SELECT `+withdrawColumns+withdrawFrom+` WHERE w.status = 'OPEN' AND w.end_date <= ?
			ORDER BY w.end_date LIMIT ?`+e.db.skipLocked("w"), now.Unix(), expiryBatch)
		if err != nil {
			return fmt.Errorf("engine: due withdrawals: %w", err)
		}
		var due []withdrawRecord
		for wrows.Next() {
			w, err := scanWithdraw(wrows)
			if err != nil {
				wrows.Close()
				return err
			}
			due = append(due, w)
		}
		wrows.Close()
		if err := wrows.Err(); err != nil {
			return err
		}
		for i := range due {
			if err := e.cancelWithdraw(ctx, tx, &due[i], now); err != nil {
				return err
			}
		}
		withdrawals = len(due)
		return nil
	})
	if err != nil {
		return 0, err
	}
	if len(dedicates)+withdrawals == 0 {
		return 0, nil
	}
	topics := make([]string, 0, len(dedicates))
	for _, id := range dedicates {
		topics = append(topics, live.DedicateTopic(id))
	}
	e.publish(topics...) // also wakes the deliverer for the withdraw.cancel webhooks
	return len(dedicates) + withdrawals, nil
}
