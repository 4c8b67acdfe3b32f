// Package metrics exposes the process's Prometheus metrics at /metrics: HTTP latency by route and
// status, open live streams, cache hits and misses, calls to the remote gateway, webhooks
// received, and webhooks the embedded gateway sent. Its Metrics value satisfies the small Observer interfaces of gateway/cache,
// gateway/remote and handlers/webhooks, which know nothing of Prometheus.
package metrics

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics holds the registry and the collectors.
type Metrics struct {
	Registry *prometheus.Registry

	requests          *prometheus.HistogramVec
	streams           prometheus.Gauge
	cacheHits         *prometheus.CounterVec
	cacheMisses       *prometheus.CounterVec
	upstreamCalls     *prometheus.CounterVec
	upstreamDuration  *prometheus.HistogramVec
	webhookDeliveries *prometheus.CounterVec
	webhookFailures   *prometheus.CounterVec
	webhookSends      *prometheus.CounterVec
	mailSends         *prometheus.CounterVec
	connsRefused      *prometheus.CounterVec
	acceptRetries     prometheus.Counter
}

const namespace = "checkout"

// New registers every collector, with the Go runtime's and the process's, in a new registry.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route pattern, method and status.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method", "status"}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: namespace, Name: "sse_streams_open",
			Help: "Live (Server-Sent Events) streams currently open.",
		}),
		cacheHits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "cache_hits_total",
			Help: "Reads answered from the cache, by view.",
		}, []string{"view"}),
		cacheMisses: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "cache_misses_total",
			Help: "Reads that went to the gateway, by view.",
		}, []string{"view"}),
		upstreamCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "upstream_calls_total",
			Help: "HTTP calls to the remote gateway, by call and outcome (ok, rejected, unknown, unavailable, misconfigured, undecodable).",
		}, []string{"method", "outcome"}),
		upstreamDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "upstream_call_duration_seconds",
			Help:    "Duration of HTTP calls to the remote gateway, by call.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method"}),
		webhookDeliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "webhook_deliveries_total",
			Help: "Signed webhooks received from the gateway, by kind (accepted, duplicate, ignored).",
		}, []string{"kind"}),
		webhookFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "webhook_failures_total",
			Help: "Webhook posts refused, by reason (signature, too_large).",
		}, []string{"reason"}),
		webhookSends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "webhook_sends_total",
			Help: "Webhooks sent by the embedded gateway to merchants, by attempt outcome (delivered, retry, failed).",
		}, []string{"outcome"}),
		mailSends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "mail_sends_total",
			Help: "Attempts to send e-mails to payers, by kind (dedicate, receipt, partial, expired_partial) and outcome (sent, retry, failed).",
		}, []string{"kind", "outcome"}),
		connsRefused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "connections_refused_total",
			Help: "Connections closed at accept for being over a cap, by cap (total: MAX_CONNS, per_ip: MAX_CONNS_PER_IP).",
		}, []string{"cap"}),
		acceptRetries: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "accept_retries_total",
			Help: "Accepts that failed for want of file descriptors (EMFILE, ENFILE) and were retried.",
		}),
	}
	m.Registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.streams, m.cacheHits, m.cacheMisses, m.upstreamCalls, m.upstreamDuration,
		m.webhookDeliveries, m.webhookFailures, m.webhookSends, m.mailSends, m.connsRefused, m.acceptRetries,
	)
	return m
}

// CacheHit counts a read answered by the cache (cache.Observer).
func (m *Metrics) CacheHit(view string) { m.cacheHits.WithLabelValues(view).Inc() }

// CacheMiss counts a read that went to the gateway (cache.Observer).
func (m *Metrics) CacheMiss(view string) { m.cacheMisses.WithLabelValues(view).Inc() }

// UpstreamCall counts one HTTP call to the gateway (remote.Observer).
func (m *Metrics) UpstreamCall(method, outcome string, d time.Duration) {
	m.upstreamCalls.WithLabelValues(method, outcome).Inc()
	m.upstreamDuration.WithLabelValues(method).Observe(d.Seconds())
}

// WebhookDelivered counts a webhook taken (webhooks.Observer).
func (m *Metrics) WebhookDelivered(kind string) { m.webhookDeliveries.WithLabelValues(kind).Inc() }

// WebhookFailed counts a webhook refused (webhooks.Observer).
func (m *Metrics) WebhookFailed(reason string) { m.webhookFailures.WithLabelValues(reason).Inc() }

// WebhookSent counts one attempt of the embedded gateway to deliver a webhook
// (engine.DeliveryObserver).
func (m *Metrics) WebhookSent(outcome string) { m.webhookSends.WithLabelValues(outcome).Inc() }

// MailSent counts one attempt to send an e-mail to a payer (mail.Observer).
func (m *Metrics) MailSent(kind, outcome string) { m.mailSends.WithLabelValues(kind, outcome).Inc() }

// ConnRefused counts a connection closed at accept for being over a cap (server.ConnObserver).
func (m *Metrics) ConnRefused(limit string) { m.connsRefused.WithLabelValues(limit).Inc() }

// AcceptRetried counts an accept retried for want of descriptors (server.ConnObserver).
func (m *Metrics) AcceptRetried() { m.acceptRetries.Inc() }

// StreamOpened counts an open live stream until the returned function is called (once).
func (m *Metrics) StreamOpened() (closed func()) {
	m.streams.Inc()
	var once sync.Once
	return func() { once.Do(m.streams.Dec) }
}
