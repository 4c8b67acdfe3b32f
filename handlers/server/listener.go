package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"syscall"
	"time"
)

// ConnObserver counts what the listener did that an operator should see (handlers/metrics does).
type ConnObserver interface {
	ConnRefused(reason string) // ConnCapTotal or ConnCapPerIP
	AcceptRetried()            // accept failed for want of descriptors and was retried
}

// Reasons a connection is refused.
const (
	ConnCapTotal = "total"
	ConnCapPerIP = "per_ip"
)

// Accept's backoff when the process or the system is out of descriptors (as net/http does).
const (
	acceptRetryMin = 5 * time.Millisecond
	acceptRetryMax = time.Second
)

// guardedListener is the public listener as fasthttp sees it. fasthttp gives up for good on an
// accept error that is not a timeout, so running out of descriptors (EMFILE) once stopped the server
// for ever while the process lived on (issue 11). Here such errors are retried with backoff until
// connections close and free descriptors. It also caps open connections in total and per client
// address, so that one client cannot take every descriptor: a connection over a cap is closed at once.
type guardedListener struct {
	net.Listener
	maxTotal, maxPerIP int // 0: no cap
	log                *slog.Logger
	obs                ConnObserver
	sleep              func(time.Duration)

	mu    sync.Mutex
	total int
	perIP map[netip.Addr]int
	// lastLog spaces out the log lines of a burst of refusals or retries.
	lastLog time.Time
}

func newGuardedListener(ln net.Listener, maxTotal, maxPerIP int, log *slog.Logger, obs ConnObserver) *guardedListener {
	return &guardedListener{Listener: ln, maxTotal: maxTotal, maxPerIP: maxPerIP, log: log, obs: obs,
		sleep: time.Sleep, perIP: map[netip.Addr]int{}}
}

// Accept returns the next connection within the caps. It returns an error only when the listener
// is closed or fails in a way waiting cannot mend.
func (l *guardedListener) Accept() (net.Conn, error) {
	var delay time.Duration
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			if !retryable(err) {
				return nil, err
			}
			delay = min(max(2*delay, acceptRetryMin), acceptRetryMax)
			l.obs.AcceptRetried()
			l.note(slog.LevelWarn, "accept: out of file descriptors; retrying (raise LimitNOFILE or lower MAX_CONNS)", "err", err, "retry_in", delay)
			l.sleep(delay)
			continue
		}
		delay = 0
		if conn, ok := l.admit(c); ok {
			return conn, nil
		}
	}
}

// retryable reports whether an accept error passes once descriptors are freed or the peer is gone.
func retryable(err error) bool {
	return errors.Is(err, syscall.EMFILE) || errors.Is(err, syscall.ENFILE) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.ENOBUFS) || errors.Is(err, syscall.ENOMEM)
}

// admit counts c against the caps, or closes it when it is over one.
func (l *guardedListener) admit(c net.Conn) (net.Conn, bool) {
	ip := remoteAddr(c)
	l.mu.Lock()
	reason := ""
	switch {
	case l.maxTotal > 0 && l.total >= l.maxTotal:
		reason = ConnCapTotal
	case l.maxPerIP > 0 && ip.IsValid() && l.perIP[ip] >= l.maxPerIP:
		reason = ConnCapPerIP
	default:
		l.total++
		if ip.IsValid() {
			l.perIP[ip]++
		}
	}
	l.mu.Unlock()
	if reason != "" {
		c.Close()
		l.obs.ConnRefused(reason)
		l.note(slog.LevelWarn, "connection refused: over the cap", "cap", reason, "ip", ip.String(),
			"max_conns", l.maxTotal, "max_conns_per_ip", l.maxPerIP)
		return nil, false
	}
	return &countedConn{Conn: c, release: func() { l.release(ip) }}, true
}

func (l *guardedListener) release(ip netip.Addr) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if ip.IsValid() {
		if l.perIP[ip]--; l.perIP[ip] <= 0 {
			delete(l.perIP, ip)
		}
	}
}

// note logs at most one line per second: a flood must not also flood the log.
func (l *guardedListener) note(level slog.Level, msg string, args ...any) {
	l.mu.Lock()
	now := time.Now()
	quiet := now.Sub(l.lastLog) < time.Second
	if !quiet {
		l.lastLog = now
	}
	l.mu.Unlock()
	if !quiet {
		l.log.Log(context.Background(), level, msg, args...)
	}
}

// remoteAddr is the peer's address without port, IPv4-mapped IPv6 unmapped so that both forms of
// one client count together.
func remoteAddr(c net.Conn) netip.Addr {
	if a, ok := c.RemoteAddr().(*net.TCPAddr); ok {
		ip, _ := netip.AddrFromSlice(a.IP)
		return ip.Unmap()
	}
	return netip.Addr{}
}

// countedConn gives its slot back when closed, once however often Close is called.
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
