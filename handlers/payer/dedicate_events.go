package payer

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway"
	"github.com/cryptocheckout/checkout/gateway/live"
)

// dedicateEvent is one message of a dedicated address's live stream. The page has no figures that
// tick, so the event only says what changed; the script fetches the page again when the version
// differs from the one it shows.
type dedicateEvent struct {
	State    string `json:"state"`
	Headline string `json:"headline"`
	Version  string `json:"version"`
}

// dedicateEvents answers GET /dedicate/{id}/events with a Server-Sent Events stream (stream.go): an
// event now and after every change of the address or of one of its payments, a comment line as
// heartbeat.
func (h *Handler) dedicateEvents(c *fiber.Ctx) error {
	id := param(c, "id")                       // the stream outlives the request
	seed := h.seedFeed(live.DedicateTopic(id)) // before the read: see feedSeed
	ctx, cancel := h.callContext(c)
	var v gateway.DedicateView
	var err error
	if perr := h.reads.do(ctx, func(ctx context.Context) { v, err = h.gw.DedicateView(ctx, id) }); perr != nil {
		err = fmt.Errorf("payer: stream: %w", perr)
	}
	cancel()
	if err != nil {
		seed.drop()
		return err
	}
	seed.state = dedicateState{view: v}
	variant := eventVariant{loc: h.language(c, "")}
	return h.startStream(c, live.DedicateTopic(id), variant, func() feedSource {
		return &dedicateSource{h: h, id: id}
	}, seed)
}

// dedicateSource reads a dedicated address for its feed.
type dedicateSource struct {
	h  *Handler
	id string
}

func (d *dedicateSource) read(ctx context.Context) (feedState, error) {
	v, err := d.h.gw.DedicateView(ctx, d.id)
	if err != nil {
		return nil, err
	}
	return dedicateState{view: v}, nil
}

func (d *dedicateSource) watch() func() { return func() {} }

type dedicateState struct{ view gateway.DedicateView }

func (s dedicateState) encode(v eventVariant) ([]byte, error) {
	e := dedicateEvent{State: "open", Headline: v.loc.T("state.open.title"), Version: dedicateVersion(s.view)}
	if s.view.Released() {
		e.State, e.Headline = "released", v.loc.T("dedicate.released.title")
	}
	return json.Marshal(e)
}
