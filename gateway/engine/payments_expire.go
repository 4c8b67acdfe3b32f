package engine

import (
	"context"

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
func (s *payments) expireBatch(ctx context.Context, tx paymentTx, topics []string) ([]string, []string, error) {
	now := s.now()
	ids, err := tx.DuePayments(ctx, now.Unix(), expiryBatch)
	if err != nil {
		return nil, topics, err
	}
	topics, err = s.settleAll(ctx, tx, ids, now, topics)
	return ids, topics, err
}
