package server_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// lowLimitProcess runs the binary with RLIMIT_NOFILE lowered to limit (soft and hard, so that Go's
// start-up raise cannot undo it) and env on top of a fresh data directory. It returns the base URL
// once the server listens, and a channel of its log lines.
func lowLimitProcess(t *testing.T, bin string, limit string, env ...string) (string, <-chan string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command("sh", "-c", `ulimit -n "$0" && exec "$1"`, limit, bin)
	cmd.Env = append(os.Environ(), append([]string{
		"DATA_DIR=" + t.TempDir(), "LISTEN_ADDR=127.0.0.1:0", "LOG_LEVEL=info",
		"STORE_API_KEY=" + restartKey, "STORE_API_SECRET=" + restartSecret,
	}, env...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1024)
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
			select {
			case lines <- sc.Text():
			default:
			}
		}
		close(lines)
	}()
	select {
	case a := <-addr:
		return "http://" + a, lines, cmd
	case <-time.After(60 * time.Second):
		t.Fatal("the binary did not start listening")
		return "", nil, nil
	}
}

// waitLog waits for a log line containing want; the deadline only bounds a broken run.
func waitLog(t *testing.T, lines <-chan string, want string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the process ended before logging %q", want)
			}
			if strings.Contains(l, want) {
				return
			}
		case <-deadline:
			t.Fatalf("no log line with %q", want)
		}
	}
}

// flood opens n idle connections from src to the server at base and returns them.
func flood(t *testing.T, base, src string, n int) []net.Conn {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}, Timeout: 5 * time.Second}
	host := strings.TrimPrefix(base, "http://")
	var conns []net.Conn
	for range n {
		c, err := d.Dial("tcp", host)
		if err != nil {
			break // the backlog is full: the server holds as many as it can
		}
		conns = append(conns, c)
	}
	return conns
}

// healthzFrom asks /healthz from the local address src on a fresh connection.
func healthzFrom(src, base string) (int, error) {
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{
		DialContext:       (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}).DialContext,
		DisableKeepAlives: true,
	}}
	resp, err := client.Get(base + "/healthz")
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// Issue 11 finding 1: at ulimit -n 1024, 1,100 idle connections stopped the server for good
// (fasthttp gives up on EMFILE) while the process lived on. Here the caps are off, so the
// descriptors really run out; once the connections close, the server answers again.
func TestServerSurvivesDescriptorExhaustion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t, t.TempDir())
	base, lines, cmd := lowLimitProcess(t, bin, "128", "MAX_CONNS=0", "MAX_CONNS_PER_IP=0")
	if status, err := healthzFrom("127.0.0.1", base); err != nil || status != http.StatusOK {
		t.Fatalf("/healthz before the flood: %d %v", status, err)
	}
	conns := flood(t, base, "127.0.0.1", 400)
	waitLog(t, lines, "out of file descriptors")
	for _, c := range conns {
		c.Close()
	}
	status, err := healthzFrom("127.0.0.1", base)
	if err != nil || status != http.StatusOK {
		t.Fatalf("/healthz once the connections closed: %d %v (the server stopped for good)", status, err)
	}
	if cmd.ProcessState != nil {
		t.Fatalf("the process exited: %v", cmd.ProcessState)
	}
}

// With the caps on, one address cannot take the descriptors: another client is answered while it
// holds all it may.
func TestPerIPCapKeepsOthersServed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t, t.TempDir())
	base, lines, _ := lowLimitProcess(t, bin, "256", "MAX_CONNS_PER_IP=50") // MAX_CONNS auto: 256 − reserve
	conns := flood(t, base, "127.0.0.1", 400)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	waitLog(t, lines, "cap=per_ip")
	status, err := healthzFrom("127.0.0.2", base)
	if err != nil || status != http.StatusOK {
		t.Fatalf("/healthz from another address while one holds its cap: %d %v", status, err)
	}
}
