package cache

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
)

// Refresh reads payment id and its transactions straight from the upstream, stores both, and
// reports whether what a payer sees changed since the cached copy (status, amount received and
// confirmed, transactions and their confirmations) and whether the payment is final. Nothing
// cached counts as changed. The shared poller calls it; a change is then published to the pages.
//
// Transactions are only fetched once something was received: ip_amount is the sum of the
// transactions seen, so a payment still waiting costs one upstream read per refresh, not two.
func (v *Views) Refresh(ctx context.Context, id string) (changed, final bool, err error) {
	pk, tk := paymentKey(cleanID(id)), transactionsKey(cleanID(id))
	var old gateway.Payment
	var oldTxs []gateway.Transaction
	hadOld := v.cached(ctx, pk, &old)
	hadOldTxs := v.cached(ctx, tk, &oldTxs)

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
	changed = !hadOld || paymentPrint(old) != paymentPrint(p) ||
		(hadOldTxs && transactionsPrint(oldTxs) != transactionsPrint(txs))

	// What was just read is the newest state: loads that started earlier must not overwrite it.
	for _, k := range []string{pk, tk} {
		v.gens.bump(k)
		v.group.Forget(k)
	}
	ttl := v.stateTTL(p.Status)
	v.put(ctx, pk, p, ttl)
	v.put(ctx, tk, txs, ttl)
	return changed, gateway.IsFinal(p.Status), nil
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
