package engine

import (
	"context"
	"time"
)

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
