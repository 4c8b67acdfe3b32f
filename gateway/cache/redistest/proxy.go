package redistest

import (
	"io"
	"net"
	"net/url"
	"sync"
	"testing"
)

// Proxy stands between a client and the real Redis so that a test can make Redis fail under a
// running client: Blackhole keeps every connection open and silent (a hung Redis), Stop closes
// everything and refuses new connections (a stopped Redis), Restart brings it back on the same
// address.
type Proxy struct {
	t      testing.TB
	target string // host:port of the real Redis
	db     string

	mu        sync.Mutex
	addr      string
	ln        net.Listener
	blackhole bool
	conns     []net.Conn
}

// NewProxy starts a forwarding proxy in front of URL(t).
func NewProxy(t testing.TB) *Proxy {
	t.Helper()
	u, err := url.Parse(URL(t))
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	p := &Proxy{t: t, target: u.Host, db: u.Path}
	p.listen("127.0.0.1:0")
	t.Cleanup(p.Stop)
	return p
}

// URL is the Redis URL of the proxy (same database as REDIS_URL).
func (p *Proxy) URL() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return "redis://" + p.addr + p.db
}

// Blackhole stops answering: connections stay open, nothing comes back.
func (p *Proxy) Blackhole() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.blackhole = true
	for _, c := range p.conns {
		if c.LocalAddr().String() != p.addr { // an upstream connection: cut it, keep clients hanging
			c.Close()
		}
	}
}

// Stop closes the listener and every connection: new connections are refused.
func (p *Proxy) Stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// Restart forwards again, on the same address.
func (p *Proxy) Restart() {
	p.Stop()
	p.mu.Lock()
	addr := p.addr
	p.blackhole = false
	p.mu.Unlock()
	p.listen(addr)
}

func (p *Proxy) listen(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatalf("proxy listen %s: %v", addr, err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go p.accept(ln)
}

func (p *Proxy) accept(ln net.Listener) {
	for {
		client, err := ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		p.conns = append(p.conns, client)
		hole := p.blackhole
		p.mu.Unlock()
		if hole {
			continue // accepted, never answered
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, server)
		p.mu.Unlock()
		go io.Copy(server, client)
		go io.Copy(client, server)
	}
}
