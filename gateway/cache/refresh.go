package cache

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
)

// Refresh reads payment id and its transactions straight from the upstream, stores both, and
// reports whether what a payer sees changed since it was last read (status, amounts received and
// confirmed, transactions and their confirmations) and whether the payment is final. Nothing known
// counts as changed. The shared poller calls it; a change is then published to the pages.
//
// Transactions are only fetched once something was received: ip_amount is the sum of the
// transactions seen, so a payment still waiting costs one upstream read per refresh, not two.
func (v *Views) Refresh(ctx context.Context, id string) (changed, final bool, err error) {
	pk, tk := paymentKey(cleanID(id)), transactionsKey(cleanID(id))
	before, known := v.lastPrint(ctx, id, pk, tk)

	p, err := v.up.Payment(ctx, id)
	if err != nil {
		return false, false, err
	}
	txs := []gateway.Transaction{}
	if !p.IPAmount.IsZero() {
		if txs, err = v.up.Transactions(ctx, id); err != nil {
			return false, false, err
		}
	}
	now := paymentPrint(p) + "#" + transactionsPrint(txs)
	v.prints.Set(ctx, id, []byte(now), v.ttl.FinalTTL)

	// What was just read is the newest state: loads that started earlier must not overwrite it.
	for _, k := range []string{pk, tk} {
		v.gens.bump(k)
		v.group.Forget(k)
	}
	ttl := v.stateTTL(p.Status)
	v.put(ctx, pk, p, ttl)
	v.put(ctx, tk, txs, ttl)
	changed = !known || before != now
	if changed { // the last copies, for pages shown while the gateway is down (see load)
		v.put(ctx, lastKey(pk), p, v.ttl.LastTTL)
		v.put(ctx, lastKey(tk), txs, v.ttl.LastTTL)
	}
	return changed, gateway.IsFinal(p.Status), nil
}

// lastPrint is what the pages last saw of payment id: the shared cached copy when the store has
// it, else what this process's last Refresh read (the store may be down: without this every poll
// would count as a change and send every page to the gateway).
func (v *Views) lastPrint(ctx context.Context, id, pk, tk string) (string, bool) {
	var p gateway.Payment
	var txs []gateway.Transaction
	if v.cached(ctx, pk, &p) && (v.cached(ctx, tk, &txs) || p.IPAmount.IsZero()) {
		return paymentPrint(p) + "#" + transactionsPrint(txs), true // nothing received: no transactions
	}
	if b, err := v.prints.Get(ctx, id); err == nil {
		return string(b), true
	}
	return "", false
}

// cached decodes key into out and reports whether it could.
func (v *Views) cached(ctx context.Context, key string, out any) bool {
	b, err := v.store.Get(ctx, key)
	return err == nil && json.Unmarshal(b, out) == nil
}

// paymentPrint is what of a payment the page shows live.
func paymentPrint(p gateway.Payment) string {
	return p.Status + "|" + p.IPAmount.String() + "|" + p.ConfirmedAmount.String() + "|" + p.RemainAmount.String()
}

// transactionsPrint is what of the transactions the page shows live.
func transactionsPrint(txs []gateway.Transaction) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(txs)))
	for _, t := range txs {
		b.WriteString("|" + t.TrxHash + ":" + t.Status + ":" + strconv.Itoa(t.Confirmations) + ":" + t.Amount.String())
	}
	return b.String()
}
