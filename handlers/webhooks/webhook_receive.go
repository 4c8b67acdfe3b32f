package webhooks

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway/live"
	"github.com/cryptocheckout/checkout/gateway/webhook"
)

// receive answers POST /webhooks/gateway: 413 for a body too large, 401 for a missing or wrong
// signature, else 200 at once (a duplicate too), the refresh running after the answer.
func (h *Handler) receive(c *fiber.Ctx) error {
	body := c.Body()
	if len(body) > h.cfg.MaxBody {
		h.failed(ReasonTooLarge)
		return tooLarge(c)
	}
	n, named := parseNotification(body) // unverified until signed says so
	if !h.signed(body, n.StoreID, c.Get(SignatureHeader)) {
		h.failed(ReasonSignature)
		// Debug, not warn: anyone can post here; the refusals are counted in the metrics.
		h.cfg.Log.Debug("webhook refused: missing or wrong signature", "ip", c.IP())
		return c.Status(fiber.StatusUnauthorized).JSON(fiber.Map{"error": "missing or wrong " + SignatureHeader})
	}
	sum := sha256.Sum256(body)
	first, err := h.cfg.Dedupe.SetNX(c.UserContext(), "webhook:"+hex.EncodeToString(sum[:]), []byte{'1'}, h.cfg.DedupeTTL)
	if err != nil {
		first = true // cannot tell: a second refresh costs little, a missed one leaves a page stale
	}
	if !first {
		h.delivered(KindDuplicate)
		return c.JSON(fiber.Map{"status": "duplicate"})
	}
	if !named {
		h.delivered(KindIgnored)
		h.cfg.Log.Warn("signed webhook names no payment or dedicated address; ignored", "bytes", len(body))
		return c.JSON(fiber.Map{"status": "ignored"})
	}
	h.delivered(KindAccepted)
	h.wg.Add(1)
	go h.refresh(n) // n holds copies: the request's buffers are reused once we return
	return c.JSON(fiber.Map{"status": "ok"})
}

// signed checks the signature of body with the one verifier the gateway's sender pairs with
// (hex HMAC-SHA256, constant time), keyed by the secret of the store the body names (the
// shorthand's one secret verifies every body). A body naming a store without a secret here is
// refused: nobody could have signed it for us.
func (h *Handler) signed(body []byte, storeID, header string) bool {
	key := h.secret
	if key == "" {
		key = h.secrets[storeID]
	}
	return key != "" && webhook.Verify(key, body, header)
}

// refresh drops the cached copies and tells the pages, which re-read from the gateway.
func (h *Handler) refresh(n notification) {
	defer h.wg.Done()
	ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
	defer cancel()
	if h.cfg.Learner != nil && n.StoreID != "" {
		if n.PaymentID != "" {
			h.cfg.Learner.Learn(ctx, "payment", n.PaymentID, n.StoreID)
		}
		if n.DedicateID != "" {
			h.cfg.Learner.Learn(ctx, "dedicate", n.DedicateID, n.StoreID)
		}
	}
	if n.PaymentID != "" {
		if err := h.cfg.Cache.InvalidatePayment(ctx, n.PaymentID); err != nil {
			h.cfg.Log.Debug("webhook: cache invalidation failed", "payment_id", n.PaymentID, "err", err)
		}
		h.cfg.Hub.Publish(live.PaymentTopic(n.PaymentID))
	}
	if n.DedicateID != "" {
		if err := h.cfg.Cache.InvalidateDedicate(ctx, n.DedicateID); err != nil {
			h.cfg.Log.Debug("webhook: cache invalidation failed", "dedicate_id", n.DedicateID, "err", err)
		}
		h.cfg.Hub.Publish(live.DedicateTopic(n.DedicateID))
	}
}
