package engine

import (
	"context"
	"time"

	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/store"
)

// ExpireHeld ends what holds something past its end_date: dedicated addresses (released after their
// ten years) and live stores' withdrawals still OPEN (cancelled, their hold released). It returns
// how many it ended.
func (e *Engine) ExpireHeld(ctx context.Context) (int, error) {
	var dedicates []string
	var withdrawals int
	err := e.db.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		dedicates, withdrawals, err = e.expireHeld(ctx, tx, e.now())
		return err
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

// heldTx is what ending held things reads and writes in its transaction.
type heldTx interface {
	withdrawTx
	ExpireDedicates(ctx context.Context, now int64) ([]string, error)
}

// expireHeld releases the due dedicated addresses and cancels the due withdrawals in one
// transaction.
func (e *Engine) expireHeld(ctx context.Context, tx heldTx, now time.Time) (dedicates []string, withdrawals int, err error) {
	if dedicates, err = tx.ExpireDedicates(ctx, now.Unix()); err != nil {
		return nil, 0, err
	}
	withdrawals, err = e.ledger.expireWithdrawals(ctx, tx, now)
	return dedicates, withdrawals, err
}
