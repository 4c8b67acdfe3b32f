package engine

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// expiryBatch bounds how many payments one expiry pass decides in one transaction, so a backlog
// after downtime is worked off without holding the write lock for long.
const expiryBatch = 200

// settleAll settles each payment of ids in tx, appending their live topics to topics.
func (e *Engine) settleAll(ctx context.Context, tx *sql.Tx, ids []string, now time.Time, topics []string) ([]string, error) {
	for _, id := range ids {
		p, err := e.settle(ctx, tx, id, now)
		if err != nil {
			return topics, err
		}
		topics = append(topics, p.topics()...)
	}
	return topics, nil
}

// ExpireDue decides every OPEN payment whose end_date has passed: CANCEL, or CLOSING while its
// transactions confirm. It returns how many payments it decided.
func (e *Engine) ExpireDue(ctx context.Context) (int, error) {
	total := 0
	for {
		var ids, topics []string
		err := e.db.inTx(ctx, func(tx *sql.Tx) error {
			now := e.now()
			rows, err := tx.QueryContext(ctx, `SELECT id FROM payments WHERE status = 'OPEN' AND end_date <= ? ORDER BY end_date LIMIT ?`+e.db.skipLocked(),
				now.Unix(), expiryBatch)
			if err != nil {
				return fmt.Errorf("engine: due payments: %w", err)
			}
			if ids, err = scanStrings(rows); err != nil {
				return fmt.Errorf("engine: due payments: %w", err)
			}
			topics, err = e.settleAll(ctx, tx, ids, now, topics[:0])
			return err
		})
		if err != nil {
			return total, err
		}
		if len(topics) > 0 {
			e.publish(topics...)
		}
		total += len(ids)
		if len(ids) < expiryBatch {
			return total, nil
		}
	}
}

// RunScheduler expires due payments every interval until ctx ends. Errors are logged and retried
// on the next tick: a payment is never decided twice because deciding is transactional.
func (e *Engine) RunScheduler(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := e.ExpireDue(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("expiring payments", "err", err)
		} else if n > 0 {
			e.log.Info("payments expired", "count", n)
		}
		if _, err := e.ExpireHeld(ctx); err != nil && ctx.Err() == nil {
			e.log.Error("expiring dedicated addresses and withdrawals", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
