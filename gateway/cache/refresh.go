package cache

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/cryptocheckout/checkout/gateway"
)

// Refreshed is what one refresh found.
type Refreshed struct {
	// Changed says what a payer sees changed since it was last read (nothing known counts as
	// changed); Final that the object can no longer change, so polling it can stop.
	Changed, Final bool
	// Calls is the number of upstream calls the refresh made (the poller's budget counts them).
	Calls int
	// DedicateID is the dedicated address a refreshed payment belongs to ("" for most): its page
	// shows the payment, so a change concerns it too.
	DedicateID string
	// Open lists, for a dedicated address, its payments that can still change: the poller
	// watches them as payments (they have their own transactions and confirmations).
	Open []string
}

// Refresh reads payment id straight from the upstream, stores it, and reports whether what a
// payer sees changed (status, amounts received and confirmed, transactions and their
// confirmations) and whether the payment is final. The shared poller calls it; a change is then
// published to the pages.
//
// The transactions (/txs) are read only when they can have changed: ip_amount is their sum, so
// while it stays the same no transaction came, and a transaction already as deep as it must be
// gains nothing more. A payment still waiting, or whose transactions are all confirmed, costs one
// upstream call per refresh, not two.
func (v *Views) Refresh(ctx context.Context, id string) (Refreshed, error) {
	pk, tk := paymentKey(cleanID(id)), transactionsKey(cleanID(id))
	var last gateway.Payment
	var lastTxs []gateway.Transaction
	cachedP := v.cached(ctx, pk, &last)
	cachedTxs := cachedP && v.cached(ctx, tk, &lastTxs)

	p, err := v.up.Payment(ctx, id)
	if err != nil {
		return Refreshed{Calls: 1}, err
	}
	r := Refreshed{Calls: 1, DedicateID: p.DedicateID, Final: gateway.IsFinal(p.Status)}
	txs := []gateway.Transaction{}
	switch {
	case p.IPAmount.IsZero():
	case cachedTxs && last.IPAmount.Equal(p.IPAmount) && last.Status == p.Status && settled(lastTxs):
		txs = lastTxs // nothing new can be in them
	default:
		r.Calls++
		if txs, err = v.up.Transactions(ctx, id); err != nil {
			return r, err
		}
	}
	now := paymentPrint(p) + "#" + transactionsPrint(txs)
	before, known := "", false
	switch {
	case cachedP && (cachedTxs || last.IPAmount.IsZero()):
		before, known = paymentPrint(last)+"#"+transactionsPrint(lastTxs), true
	default:
		// The store may be down: without what this process saw last, every poll would count as a
		// change and send every page to the gateway.
		if b, err := v.prints.Get(ctx, id); err == nil {
			before, known = string(b), true
		}
	}
	v.prints.Set(ctx, id, []byte(now), v.ttl.FinalTTL)
	r.Changed = !known || before != now

	// What was just read is the newest state: loads that started earlier must not overwrite it.
	for _, k := range []string{pk, tk} {
		v.gens.bump(k)
		v.group.Forget(k)
	}
	ttl := v.stateTTL(p.Status)
	v.put(ctx, pk, p, ttl)
	v.put(ctx, tk, txs, ttl)
	if r.Changed { // the last copies, for pages shown while the gateway is down (see load)
		v.put(ctx, lastKey(pk), p, v.ttl.LastTTL)
		v.put(ctx, lastKey(tk), txs, v.ttl.LastTTL)
	}
	if r.Changed && p.DedicateID != "" {
		// The address's list of payments holds the old state: its page must read it again.
		v.invalidate(ctx, dedicatePaymentsKey(cleanID(p.DedicateID)))
	}
	return r, nil
}

// settled reports whether no transaction can gain a confirmation any more: each is as deep as
// its asset needs, or final. A gateway that does not say how deep a transaction must be
// (confirms 0) is settled only once the transaction is final.
func settled(txs []gateway.Transaction) bool {
	for _, t := range txs {
		if gateway.IsFinal(t.Status) || (t.Confirms > 0 && t.Confirmations >= t.Confirms) {
			continue
		}
		return false
	}
	return true
}

// RefreshDedicate reads dedicated address id and the list of its payments straight from the
// upstream, stores both, and reports whether its page changed (the address's status, a new
// payment, a payment's status or amounts) and which of its payments can still change. Final is
// set once the address is released and every payment of it is final.
func (v *Views) RefreshDedicate(ctx context.Context, id string) (Refreshed, error) {
	dk, lk := dedicateKey(cleanID(id)), dedicatePaymentsKey(cleanID(id))
	d, err := v.up.Dedicate(ctx, id)
	if err != nil {
		return Refreshed{Calls: 1}, err
	}
	ps, err := v.up.DedicatePayments(ctx, d.DedicateID, d.StartDate.Time, v.now())
	if err != nil {
		return Refreshed{Calls: 2}, err
	}
	r := Refreshed{Calls: 2, Final: gateway.IsFinal(d.Status)}
	var cd struct {
		Status string `json:"status"`
	}
	var cps []gateway.Payment
	haveCached := v.cached(ctx, dk, &cd) && v.cached(ctx, lk, &cps)
	was := map[string]string{}
	for _, p := range cps {
		was[p.PaymentID] = paymentPrint(p)
	}
	var b strings.Builder
	b.WriteString(d.Status)
	for _, p := range ps {
		print := paymentPrint(p)
		b.WriteString("#" + p.PaymentID + "|" + print)
		if !gateway.IsFinal(p.Status) {
			r.Open, r.Final = append(r.Open, p.PaymentID), false
		}
		if before, seen := was[p.PaymentID]; seen && before != print {
			// The payment changed (say it completed) since the page read it: its cached copy and
			// transactions are older than this list, and the page must read them again.
			v.invalidate(ctx, paymentKey(cleanID(p.PaymentID)), transactionsKey(cleanID(p.PaymentID)))
		}
	}
	defer func() {
		if !r.Changed {
			return
		}
		// What the page shows changed: the cached copies of its payments may be older than this
		// list even where the cached list already agrees with it (a page read it meanwhile), and
		// once a payment is final nothing would read its transactions again. Changes are rare.
		for _, p := range ps {
			v.invalidate(ctx, paymentKey(cleanID(p.PaymentID)), transactionsKey(cleanID(p.PaymentID)))
		}
	}()
	now := b.String()
	printKey := "dedicate:" + id
	before, err := v.prints.Get(ctx, printKey)
	if err != nil && haveCached {
		// First look from this process: compare with what the pages read from the shared cache.
		var c strings.Builder
		c.WriteString(cd.Status)
		for _, p := range cps {
			c.WriteString("#" + p.PaymentID + "|" + paymentPrint(p))
		}
		before, err = []byte(c.String()), nil
	}
	v.prints.Set(ctx, printKey, []byte(now), v.ttl.FinalTTL)
	r.Changed = err != nil || string(before) != now

	for _, k := range []string{dk, lk} {
		v.gens.bump(k)
		v.group.Forget(k)
	}
	ttl := v.stateTTL(d.Status)
	v.put(ctx, dk, d, ttl)
	v.put(ctx, lk, ps, v.ttl.LiveTTL)
	if r.Changed {
		v.put(ctx, lastKey(dk), d, v.ttl.LastTTL)
		v.put(ctx, lastKey(lk), ps, v.ttl.LastTTL)
	}
	return r, nil
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
