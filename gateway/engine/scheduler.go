package engine

import (
	"context"
	"time"

	"github.com/cryptocheckout/checkout/gateway/store"
)

// expiryBatch bounds how many payments one expiry pass decides in one transaction, so a backlog
// after downtime is worked off without holding the write lock for long.
const expiryBatch = 200

// ExpireDue decides every OPEN payment whose end_date has passed: CANCEL, or CLOSING while its
// transactions confirm. It returns how many payments it decided.
func (e *Engine) ExpireDue(ctx context.Context) (int, error) { return e.payments.expireDue(ctx) }

func (s *payments) expireDue(ctx context.Context) (int, error) {
	total := 0
	for {
		var ids, topics []string
		err := s.db.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			ids, topics, err = s.expireBatch(ctx, tx, topics[:0])
			return err
		})
		if err != nil {
			return total, err
		}
		if len(topics) > 0 {
			s.publish(topics...)
		}
		total += len(ids)
		if len(ids) < expiryBatch {
			return total, nil
		}
	}
}

// expireBatch settles a batch of due payments, appending their live topics to topics.
func (s *payments) expireBatch(ctx context.Context, tx paymentTx, topics []string) (ids, _ []string, err error) {
	now := s.now()
	if ids, err = tx.DuePayments(ctx, now.Unix(), expiryBatch); err != nil {
		return nil, topics, err
	}
	topics, err = s.settleAll(ctx, tx, ids, now, topics)
	return ids, topics, err
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
