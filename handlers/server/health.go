package server

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/cryptocheckout/checkout/gateway/cache"
	"github.com/cryptocheckout/checkout/gateway/remote"
)

// healthz says the process is alive.
func (m *Main) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(fiber.Map{"status": "ok"})
}

type readiness struct {
	Status string            `json:"status"` // ready, degraded or unavailable
	Checks map[string]string `json:"checks"`
	// Stores says, in remote mode, of each configured store (by id) whether the gateway accepts its
	// credentials: ok, refused (wrong api_key/api_secret) or unavailable.
	Stores map[string]string `json:"stores,omitempty"`
}

// Readiness statuses.
const (
	statusReady       = "ready"
	statusDegraded    = "degraded"
	statusUnavailable = "unavailable"
)

// readyz says whether the process can serve. What it cannot serve without makes it 503: the
// database (embedded) or the remote gateway (remote mode: no store answered). One store whose
// credentials are refused or that cannot be reached only makes it "degraded": the other stores'
// pages work, and taking the replica out of rotation would stop them too. Redis only makes it "degraded" (still
// 200): pages then read the gateway directly and live streams see only this replica's updates, so
// taking the replica out of rotation would help nobody. Internal errors are not shown: the checks
// say ok, degraded or unavailable, and the log has the cause.
func (m *Main) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	r := readiness{Status: statusReady, Checks: map[string]string{}}
	if m.Engine != nil {
		if err := m.Engine.Ping(ctx); err != nil {
			m.Log.Warn("readyz: database", "err", err)
			r.Status, r.Checks["database"] = statusUnavailable, statusUnavailable
		} else {
			r.Checks["database"] = "ok"
		}
	}
	if len(m.remotes) > 0 {
		r.Stores = m.pingStores(ctx)
		r.Checks["gateway"] = statusUnavailable
		for _, st := range r.Stores {
			if st == "ok" {
				r.Checks["gateway"] = "ok"
			} else if r.Status == statusReady {
				r.Status = statusDegraded
			}
		}
		if r.Checks["gateway"] != "ok" {
			r.Status = statusUnavailable
		}
	}
	if m.Config.RedisURL != "" {
		r.Checks["redis"] = "ok"
		health := m.store.Health()
		hubErr := m.redisHub.Health()
		if health.Status != cache.StatusOK || hubErr != nil {
			m.Log.Debug("readyz: redis", "cache", health.Detail, "hub", hubErr)
			r.Checks["redis"] = statusDegraded
			if r.Status == statusReady {
				r.Status = statusDegraded
			}
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if r.Status == statusUnavailable {
		return c.Status(fiber.StatusServiceUnavailable).JSON(r)
	}
	return c.JSON(r)
}

// storePings bounds the stores /readyz checks at once.
const storePings = 8

// pingStores checks every configured store's credentials against the gateway, a few at a time.
func (m *Main) pingStores(ctx context.Context) map[string]string {
	out := make(map[string]string, len(m.remotes))
	var mu sync.Mutex
	slots := make(chan struct{}, storePings)
	var wg sync.WaitGroup
	for _, s := range m.remotes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			status := "ok"
			if err := s.client.Ping(ctx); err != nil {
				status = statusUnavailable
				if errors.Is(err, remote.ErrMisconfigured) {
					status = "refused"
				}
				m.Log.Warn("readyz: remote gateway", "store", s.config.Name(), "err", err)
			}
			name := s.config.ID
			if name == "" {
				name = "GATEWAY_API_KEY"
			}
			mu.Lock()
			out[name] = status
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}
