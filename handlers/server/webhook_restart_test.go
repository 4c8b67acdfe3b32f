package server_test

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	restartKey     = "restart-key"
	restartSecret  = "restart-secret-0123456789"
	restartWebhook = "whsec-restart"
)

// merchant is a webhook endpoint written from the seed alone. While hang is set it holds every
// request open without answering (a slow merchant); otherwise it verifies the signature over the raw
// body and answers 200.
type merchant struct {
	mu        sync.Mutex
	hang      bool
	inFlight  int
	delivered map[string]int      // payment_id → accepted webhooks with a valid signature
	events    map[string][]string // payment_id → their events, in arrival order (when not nil)
	bad       int
}

func (m *merchant) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	m.mu.Lock()
	hang := m.hang
	if hang {
		m.inFlight++
	}
	m.mu.Unlock()
	if hang {
		<-r.Context().Done() // answered never: the connection dies with the process
		return
	}
	mac := hmac.New(sha256.New, []byte(restartWebhook))
	mac.Write(body)
	var msg struct {
		Type    string `json:"type"`
		Event   string `json:"event"`
		Payment struct {
			PaymentID string `json:"payment_id"`
		} `json:"payment"`
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if r.Header.Get("X-Webhook-HMAC-SHA256") != hex.EncodeToString(mac.Sum(nil)) || json.Unmarshal(body, &msg) != nil {
		m.bad++
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	m.delivered[msg.Payment.PaymentID]++
	if m.events != nil {
		m.events[msg.Payment.PaymentID] = append(m.events[msg.Payment.PaymentID], msg.Event)
	}
}

func (m *merchant) snapshot() (inFlight int, delivered map[string]int, bad int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]int{}
	for k, v := range m.delivered {
		out[k] = v
	}
	return m.inFlight, out, m.bad
}

// buildBinary builds the checkout command into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	bin := filepath.Join(dir, "checkout")
	cmd := exec.Command(goTool, "build", "-o", bin, "github.com/cryptocheckout/checkout")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

var listening = regexp.MustCompile(`msg=listening addr=(\S+)`)

// start runs the binary on dataDir and returns it with its base URL once it listens.
func start(t *testing.T, bin, dataDir, hookURL string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(),
		"DATA_DIR="+dataDir, "LISTEN_ADDR=127.0.0.1:0", "LOG_LEVEL=info",
		"STORE_API_KEY="+restartKey, "STORE_API_SECRET="+restartSecret,
		"STORE_WEBHOOK_URL="+hookURL, "STORE_WEBHOOK_SECRET="+restartWebhook,
		"WEBHOOK_RETRY_SCHEDULE=1s,1s,1s",
	)
	return cmd, listen(t, cmd)
}

// listen starts cmd, the binary, and returns its base URL once it logs that it listens; the
// process is killed when the test ends.
func listen(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case addr <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case a := <-addr:
		return "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatal("the binary did not start listening")
		return ""
	}
}

// cli runs a command of the binary on dataDir and returns its output.
func cli(t *testing.T, bin, dataDir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DATA_DIR="+dataDir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return string(out)
}

// storeID is the id of the one store, from "store list".
func storeID(t *testing.T, bin, dataDir string) string {
	t.Helper()
	lines := strings.Split(cli(t, bin, dataDir, "store", "list"), "\n")
	if len(lines) < 2 || len(strings.Fields(lines[1])) == 0 {
		t.Fatalf("store list: %q", lines)
	}
	return strings.Fields(lines[1])[0]
}

func createPayment(t *testing.T, base string) string {
	t.Helper()
	req, _ := http.NewRequest("POST", base+"/int/payment", strings.NewReader(`{"amount":100,"asset_id":"USD","payment_asset_id":"BTC"}`))
	req.SetBasicAuth(restartKey, restartSecret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p struct {
		PaymentID string `json:"payment_id"`
	}
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&p) != nil || p.PaymentID == "" {
		t.Fatalf("create payment: %d", resp.StatusCode)
	}
	return p.PaymentID
}

func eventually(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// The process is killed (SIGKILL, no shutdown) while its webhooks are in flight to a merchant that
// has not answered; restarted on the same DATA_DIR, it delivers every one of them, signed.
func TestKilledProcessDeliversPendingWebhooksAfterRestart(t *testing.T) {
	tmp := t.TempDir()
	bin := buildBinary(t, tmp)
	dataDir := filepath.Join(tmp, "data")
	m := &merchant{hang: true, delivered: map[string]int{}}
	srv := httptest.NewServer(m)
	defer srv.Close()

	first, base := start(t, bin, dataDir, srv.URL+"/hook")
	var ids []string
	for range 3 {
		ids = append(ids, createPayment(t, base))
	}
	eventually(t, "the webhooks to be in flight", 10*time.Second, func() bool {
		n, _, _ := m.snapshot()
		return n >= 3
	})
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	first.Wait()
	// The CLI, on the same database, shows the three webhooks still pending.
	if got := strings.Count(cli(t, bin, dataDir, "store", "webhooks", storeID(t, bin, dataDir)), " pending "); got != 3 {
		t.Fatalf("pending webhooks after the kill = %d, want 3", got)
	}

	m.mu.Lock()
	m.hang = false
	m.mu.Unlock()
	restarted := time.Now()
	second, _ := start(t, bin, dataDir, srv.URL+"/hook")
	eventually(t, "every pending webhook after the restart", 15*time.Second, func() bool {
		_, got, _ := m.snapshot()
		for _, id := range ids {
			if got[id] == 0 {
				return false
			}
		}
		return true
	})
	t.Logf("pending webhooks delivered %v after the restart began", time.Since(restarted).Round(time.Millisecond))
	time.Sleep(1500 * time.Millisecond) // past a retry interval: no duplicates once accepted
	_, got, bad := m.snapshot()
	for _, id := range ids {
		if got[id] != 1 {
			t.Errorf("payment %s: %d accepted webhooks, want exactly 1", id, got[id])
		}
	}
	if bad != 0 {
		t.Errorf("%d webhooks failed signature verification", bad)
	}
	if err := second.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- second.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("graceful stop: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Error("the restarted process did not stop on SIGTERM")
	}
}
