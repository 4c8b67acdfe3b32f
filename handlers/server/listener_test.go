package server

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"
)

type countingObserver struct {
	mu      sync.Mutex
	refused map[string]int
	retries int
}

func (o *countingObserver) ConnRefused(reason string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.refused == nil {
		o.refused = map[string]int{}
	}
	o.refused[reason]++
}

func (o *countingObserver) AcceptRetried() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.retries++
}

// failingListener fails Accept with errs in turn, then hands out conns.
type failingListener struct {
	net.Listener
	errs []error
}

func (l *failingListener) Accept() (net.Conn, error) {
	if len(l.errs) > 0 {
		err := l.errs[0]
		l.errs = l.errs[1:]
		return nil, err
	}
	return l.Listener.Accept()
}

func acceptErr(errno syscall.Errno) error {
	return &net.OpError{Op: "accept", Net: "tcp", Err: os.NewSyscallError("accept4", errno)}
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// The finding itself: accept failing with EMFILE stopped fasthttp for good. The guarded listener
// waits, longer each time up to a second, and then accepts.
func TestListenerRetriesWhenOutOfDescriptors(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer inner.Close()
	errs := []error{acceptErr(syscall.EMFILE), acceptErr(syscall.EMFILE), acceptErr(syscall.ENFILE), acceptErr(syscall.ECONNABORTED)}
	for range 10 {
		errs = append(errs, acceptErr(syscall.EMFILE))
	}
	obs := &countingObserver{}
	l := newGuardedListener(&failingListener{Listener: inner, errs: errs}, 0, 0, quiet, obs)
	var slept []time.Duration
	l.sleep = func(d time.Duration) { slept = append(slept, d) }

	client, err := net.Dial("tcp", inner.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	c, err := l.Accept()
	if err != nil {
		t.Fatalf("Accept after running out of descriptors: %v", err)
	}
	c.Close()
	if got, want := obs.retries, 14; got != want {
		t.Errorf("retries = %d, want %d", got, want)
	}
	if got, want := slept[0], acceptRetryMin; got != want {
		t.Errorf("first wait %v, want %v", got, want)
	}
	for i := 1; i < len(slept); i++ {
		if slept[i] < slept[i-1] || slept[i] > acceptRetryMax {
			t.Errorf("wait %d = %v after %v: want growing, at most %v", i, slept[i], slept[i-1], acceptRetryMax)
		}
	}
	if got := slept[len(slept)-1]; got != acceptRetryMax {
		t.Errorf("last wait %v, want the cap %v", got, acceptRetryMax)
	}
}

// Any other accept error ends Accept: the server stops, and Main reports that as a failure.
func TestListenerReturnsOtherErrors(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := newGuardedListener(inner, 0, 0, quiet, &countingObserver{})
	inner.Close()
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Accept on a closed listener = %v, want net.ErrClosed", err)
	}
}

// dialFrom connects to addr from the local address src (127.0.0.x: every loopback address works on Linux).
func dialFrom(t *testing.T, src, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// acceptAll accepts in the background and hands out what it accepted.
func acceptAll(l net.Listener) <-chan net.Conn {
	out := make(chan net.Conn, 100)
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				close(out)
				return
			}
			out <- c
		}
	}()
	return out
}

// refused reports whether the server closed c at once (a read sees EOF or a reset); the deadline
// only keeps a broken test from hanging.
func refused(t *testing.T, c net.Conn) bool {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err := c.Read(make([]byte, 1))
	var ne net.Error
	return err != nil && !(errors.As(err, &ne) && ne.Timeout())
}

// kept waits for the server side of the connection from c: Accept handed it out.
func kept(t *testing.T, accepted <-chan net.Conn, c net.Conn) net.Conn {
	t.Helper()
	select {
	case s := <-accepted:
		if s.RemoteAddr().String() != c.LocalAddr().String() {
			t.Fatalf("accepted %s, want %s", s.RemoteAddr(), c.LocalAddr())
		}
		return s
	case <-time.After(10 * time.Second):
		t.Fatalf("the connection from %s was not accepted", c.LocalAddr())
		return nil
	}
}

func TestListenerCapsConnectionsPerIPAndInTotal(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	obs := &countingObserver{}
	l := newGuardedListener(inner, 5, 3, quiet, obs)
	defer l.Close()
	accepted := acceptAll(l)
	addr := inner.Addr().String()

	var clients, servers []net.Conn
	dial := func(src string) net.Conn {
		c := dialFrom(t, src, addr)
		clients = append(clients, c)
		return c
	}
	for range 3 {
		servers = append(servers, kept(t, accepted, dial("127.0.0.1")))
	}
	if !refused(t, dial("127.0.0.1")) { // a fourth from the same address
		t.Error("a fourth connection from one address was kept, per-IP cap is 3")
	}
	servers = append(servers, kept(t, accepted, dial("127.0.0.2"))) // another client still gets in
	servers = append(servers, kept(t, accepted, dial("127.0.0.3")))
	if !refused(t, dial("127.0.0.4")) {
		t.Error("a sixth connection was kept, total cap is 5")
	}

	// A closed connection gives its slot back, once, however often it is closed.
	servers[0].Close()
	servers[0].Close()
	servers[0] = kept(t, accepted, dial("127.0.0.1"))
	if !refused(t, dial("127.0.0.5")) {
		t.Error("a double close gave back two slots")
	}
	obs.mu.Lock()
	if got := obs.refused[ConnCapPerIP]; got != 1 {
		t.Errorf("per-IP refusals = %d, want 1", got)
	}
	if got := obs.refused[ConnCapTotal]; got != 2 {
		t.Errorf("total refusals = %d, want 2", got)
	}
	obs.mu.Unlock()
	for _, c := range append(clients, servers...) {
		c.Close()
	}
}
