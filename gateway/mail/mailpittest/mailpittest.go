// Package mailpittest gives tests a real SMTP server: the Mailpit that .ci/test starts
// (MAILPIT_SMTP host:port, MAILPIT_API base URL), read back through its HTTP API. Every test
// writes to addresses of its own (Inbox), so tests running side by side never see each other's
// mail.
package mailpittest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running Mailpit.
type Server struct {
	SMTP string // host:port of its SMTP listener
	API  string // base URL of its HTTP API
}

// Start returns the Mailpit of MAILPIT_SMTP and MAILPIT_API. Without them the test fails under
// CI=true (CI must provide Mailpit) and is skipped otherwise, with how to start one.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{SMTP: os.Getenv("MAILPIT_SMTP"), API: strings.TrimRight(os.Getenv("MAILPIT_API"), "/")}
	if s.SMTP == "" || s.API == "" {
		msg := "MAILPIT_SMTP and MAILPIT_API are not set: run the tests through .ci/test, or start Mailpit yourself " +
			"(go install github.com/axllent/mailpit@v1.33.1; mailpit --smtp 127.0.0.1:1025 --listen 127.0.0.1:8025 --disable-version-check) " +
			"and export MAILPIT_SMTP=127.0.0.1:1025 MAILPIT_API=http://127.0.0.1:8025"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	// The message list, not /api/v1/info: the info asks GitHub for the latest release.
	var list struct{ Total int }
	if err := s.get("/api/v1/messages?limit=1", &list); err != nil {
		t.Fatalf("Mailpit at %s does not answer: %v", s.API, err)
	}
	return s
}

// SMTPURL is the SMTP_URL of the server (plain SMTP on loopback: Mailpit has no certificate).
func (s *Server) SMTPURL() string { return "smtp://" + s.SMTP + "?starttls=off" }

// Inbox returns an address no other test writes to.
func Inbox(t testing.TB) string {
	var b [6]byte
	rand.Read(b[:])
	return "payer-" + hex.EncodeToString(b[:]) + "@example.test"
}

// Address is an address as Mailpit reports it.
type Address struct {
	Name    string
	Address string
}

// Summary is a message in a list.
type Summary struct {
	ID        string
	MessageID string
	From      Address
	To        []Address
	Cc        []Address
	Bcc       []Address
	Subject   string
}

// Part is an inline image or attachment.
type Part struct {
	PartID      string
	FileName    string
	ContentType string
	ContentID   string
	Size        int
}

// Message is one message, parsed by Mailpit.
type Message struct {
	Summary
	Text        string
	HTML        string
	Inline      []Part
	Attachments []Part
}

// To lists the messages sent to address, newest first.
func (s *Server) To(t testing.TB, address string) []Summary {
	t.Helper()
	var out struct{ Messages []Summary }
	if err := s.get("/api/v1/search?limit=500&query="+url.QueryEscape("to:"+address), &out); err != nil {
		t.Fatalf("mailpit search: %v", err)
	}
	return out.Messages
}

// Wait polls until at least n messages were sent to address and returns them, failing after
// timeout. It waits on a real server across a network, so it polls; what the test asserts is
// the count and content, never the time it took.
func (s *Server) Wait(t testing.TB, address string, n int, timeout time.Duration) []Summary {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		got := s.To(t, address)
		if len(got) >= n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d message(s) to %s after %v, want %d", len(got), address, timeout, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Message reads one message.
func (s *Server) Message(t testing.TB, id string) Message {
	t.Helper()
	var m Message
	if err := s.get("/api/v1/message/"+url.PathEscape(id), &m); err != nil {
		t.Fatalf("mailpit message %s: %v", id, err)
	}
	return m
}

// Raw reads a message's source as received.
func (s *Server) Raw(t testing.TB, id string) []byte {
	t.Helper()
	return s.bytes(t, "/api/v1/message/"+url.PathEscape(id)+"/raw")
}

// PartData reads one part's decoded bytes.
func (s *Server) PartData(t testing.TB, id, partID string) []byte {
	t.Helper()
	return s.bytes(t, "/api/v1/message/"+url.PathEscape(id)+"/part/"+url.PathEscape(partID))
}

func (s *Server) bytes(t testing.TB, path string) []byte {
	t.Helper()
	resp, err := http.Get(s.API + path)
	if err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("mailpit %s: %d %v", path, resp.StatusCode, err)
	}
	return b
}

func (s *Server) get(path string, out any) error {
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(s.API + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d", path, resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// Relay is a TCP forwarder to the SMTP server that a test can stop and start: an SMTP server
// that is down, then back on the same address.
type Relay struct {
	target string
	Addr   string

	mu    sync.Mutex
	ln    net.Listener
	conns []net.Conn
}

// NewRelay reserves an address for a relay to s, stopped until Start.
func (s *Server) NewRelay(t testing.TB) *Relay {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &Relay{target: s.SMTP, Addr: ln.Addr().String()}
	ln.Close()
	t.Cleanup(r.Stop)
	return r
}

// URL is the SMTP_URL of the relay.
func (r *Relay) URL() string { return "smtp://" + r.Addr + "?starttls=off" }

// Start listens on the relay's address and forwards every connection.
func (r *Relay) Start(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", r.Addr)
	if err != nil {
		t.Fatalf("relay: %v", err)
	}
	r.mu.Lock()
	r.ln = ln
	r.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", r.target)
			if err != nil {
				c.Close()
				continue
			}
			r.mu.Lock()
			r.conns = append(r.conns, c, up)
			r.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
}

// Stop closes the listener and every connection: the server is down.
func (r *Relay) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln != nil {
		r.ln.Close()
		r.ln = nil
	}
	for _, c := range r.conns {
		c.Close()
	}
	r.conns = nil
}

// StartOwn starts a Mailpit of the test's own from MAILPIT_BIN with extra flags (TLS, AUTH) on
// free ports, stopped when the test ends. Without MAILPIT_BIN the test fails under CI=true and is
// skipped otherwise.
func StartOwn(t testing.TB, flags ...string) *Server {
	t.Helper()
	bin := os.Getenv("MAILPIT_BIN")
	if bin == "" {
		msg := "MAILPIT_BIN is not set: run the tests through .ci/test, or point it at a mailpit binary"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	smtp, api := freeAddr(t), freeAddr(t)
	args := append([]string{"--smtp", smtp, "--listen", api, "--database", t.TempDir() + "/mailpit.db", "--smtp-disable-rdns",
		"--disable-version-check"}, flags...)
	cmd := exec.Command(bin, args...)
	var log strings.Builder
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	s := &Server{SMTP: smtp, API: "http://" + api}
	deadline := time.Now().Add(15 * time.Second)
	for {
		var list struct{ Total int }
		if err := s.get("/api/v1/messages?limit=1", &list); err == nil {
			if c, err := net.Dial("tcp", smtp); err == nil {
				c.Close()
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit %v did not start:\n%s", args, log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
