package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// The test store's fixed credentials (STORE_API_KEY/SECRET), so the tests can call /int.
const (
	storeAPIKey    = "e2e-store-key"
	storeAPISecret = "e2e-store-secret-0123456789abcdef"
	// The test store's page settings (STORE_SUPPORT_EMAIL/URL, STORE_BRAND_COLOR).
	storeSupportEmail = "help@shop.example"
	storeSupportURL   = "https://shop.example/help"
	storeBrandColor   = "#0b6e4f"
)

// repoRoot is the module's root: the package directory's nearest ancestor holding go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// buildBinary builds the checkout once into dir. It builds with -race when the tests do, so both
// share the build cache (and the race detector watches the real program too).
func buildBinary(dir string) (string, error) {
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	gobin, err := exec.LookPath("go")
	if err != nil {
		gobin = "/usr/local/go/bin/go" // where .ci/run looks too when go is not on PATH
	}
	bin := filepath.Join(dir, "checkout")
	args := []string{"build", "-o", bin}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command(gobin, append(args, ".")...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

// process is the running checkout binary.
type process struct {
	cmd  *exec.Cmd
	url  string // http://127.0.0.1:port, also its PUBLIC_URL
	log  string // its stdout and stderr
	done chan error
}

// startProcess runs the binary with its own data directory on a free loopback port. A port taken
// between choosing and binding it is retried with another.
func startProcess(bin, dir, frameAncestors string) (*process, error) {
	var last error
	for range 3 {
		p, err := tryStart(bin, dir, frameAncestors)
		if err == nil {
			return p, nil
		}
		last = err
	}
	return nil, last
}

func tryStart(bin, dir, frameAncestors string) (*process, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	url := "http://127.0.0.1:" + port
	logPath := filepath.Join(dir, "checkout-"+port+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(bin)
	// A clean environment: nothing of the developer's (REDIS_URL, GATEWAY_URL…) leaks in.
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"LISTEN_ADDR=127.0.0.1:" + port,
		"PUBLIC_URL=" + url,
		"DATA_DIR=" + filepath.Join(dir, "data-"+port),
		"LOG_LEVEL=warn",
		"STORE_API_KEY=" + storeAPIKey,
		"STORE_API_SECRET=" + storeAPISecret,
		"STORE_FRAME_ANCESTORS=" + frameAncestors,
		// Branding on, as a merchant would have it: every page is tested with the store's colour
		// and support contact.
		"STORE_SUPPORT_EMAIL=" + storeSupportEmail,
		"STORE_SUPPORT_URL=" + storeSupportURL,
		"STORE_BRAND_COLOR=" + storeBrandColor,
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start checkout: %w", err)
	}
	p := &process{cmd: cmd, url: url, log: logPath, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	if err := p.waitHealthy(30 * time.Second); err != nil {
		p.stop()
		return nil, fmt.Errorf("%w\n%s", err, p.logTail())
	}
	return p, nil
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	_, port, err := net.SplitHostPort(ln.Addr().String())
	return port, err
}

func (p *process) waitHealthy(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case err := <-p.done:
			p.done <- err
			return fmt.Errorf("checkout exited at start: %v", err)
		default:
		}
		if resp, err := client.Get(p.url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("checkout not healthy at %s after %s", p.url, limit)
}

// stop asks the process to shut down (SIGTERM, as an orchestrator would) and kills it if it does
// not within 15 s. A clean shutdown is checked: a non-zero exit is an error.
func (p *process) stop() error {
	if p.cmd.Process == nil {
		return nil
	}
	select {
	case err := <-p.done:
		return err
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	select {
	case err := <-p.done:
		if err != nil {
			return fmt.Errorf("checkout exit: %w\n%s", err, p.logTail())
		}
		return nil
	case <-ctx.Done():
		_ = p.cmd.Process.Kill()
		<-p.done
		return errors.New("checkout did not stop within 15 s of SIGTERM")
	}
}

// logTail is the end of the program's log, for failure messages.
func (p *process) logTail() string {
	b, _ := os.ReadFile(p.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return "checkout log:\n" + strings.TrimSpace(string(bytes.ToValidUTF8(b, nil)))
}
