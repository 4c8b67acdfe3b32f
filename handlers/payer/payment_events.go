package payer

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
)

// paymentEvents answers GET /payment/{id}/events?code=… with a Server-Sent Events stream (stream.go):
// one event with the whole state at once and after every change of the payment, a comment line as
// heartbeat. All streams of a payment share its feed.
func (h *Handler) paymentEvents(c *fiber.Ctx) error {
	// The stream outlives the handler, and fasthttp reuses the request's memory after it: every
	// string the stream keeps is copied out of it.
	id, code := param(c, "id"), query(c, "code")
	v, seed, err := h.streamPayment(c, id, code)
	if err != nil {
		return err
	}
	variant := eventVariant{loc: h.language(c, v.Payment.PayerLang), lang: strings.Clone(h.chosenLanguage(c))}
	open := !gateway.IsFinal(v.Payment.Status)
	return h.startStream(c, live.PaymentTopic(id), variant, func() feedSource {
		return &paymentSource{h: h, id: id, code: code, open: open}
	}, seed)
}

// streamPayment reads the payment a stream opens on. A payment already watched in this process is
// known to its feed: with the right code (compared in constant time) no read is needed, which spares
// the gateway the crowd that reconnects after a restart. Otherwise it is read on the read pool,
// after subscribing to it, so that the read can also start the payment's feed (see feedSeed).
func (h *Handler) streamPayment(c *fiber.Ctx, id, code string) (gateway.PaymentView, *feedSeed, error) {
	topic := live.PaymentTopic(id)
	if st, ok := h.watched(topic).(paymentState); ok && st.view.Payment.Code != "" &&
		subtle.ConstantTimeCompare([]byte(code), []byte(st.view.Payment.Code)) == 1 {
		return st.view, nil, nil
	}
	seed := h.seedFeed(topic)
	ctx, cancel := h.callContext(c)
	defer cancel()
	var v gateway.PaymentView
	var err error
	if perr := h.reads.do(ctx, func(ctx context.Context) { v, err = h.gw.PaymentView(ctx, id, code) }); perr != nil {
		err = fmt.Errorf("payer: stream: %w", perr)
	}
	if err != nil {
		seed.drop()
		return v, nil, err
	}
	seed.state = paymentState{h: h, view: v}
	return v, seed, nil
}

// paymentSource reads a payment for its feed.
type paymentSource struct {
	h        *Handler
	id, code string
	open     bool // the payment was OPEN or CLOSING when its first stream began: worth polling
}

func (p *paymentSource) read(ctx context.Context) (feedState, error) {
	v, err := p.h.gw.PaymentView(ctx, p.id, p.code)
	if err != nil {
		return nil, err
	}
	return paymentState{h: p.h, view: v}, nil
}

// watch has the shared poller of remote mode read the payment while it is watched; it stops by
// itself once the payment is final.
func (p *paymentSource) watch() func() {
	if p.h.cfg.Watcher == nil || !p.open {
		return func() {}
	}
	return p.h.cfg.Watcher.Watch(p.id)
}

type paymentState struct {
	h    *Handler
	view gateway.PaymentView
}

func (s paymentState) encode(v eventVariant) ([]byte, error) {
	return encodeEvent(s.h.paymentPage(s.view, v.loc, v.lang))
}
