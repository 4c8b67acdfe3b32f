package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds one browser step; waits for the page to change poll up to waitTimeout.
const (
	stepTimeout = 20 * time.Second
	waitTimeout = 30 * time.Second
)

// browser is the one Chromium of the run; every test opens its own tab in it.
type browser struct {
	ctx    context.Context
	cancel func()
}

// chromiumPath finds Debian's Chromium (CHROMIUM overrides). Missing is an error with the fix.
func chromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found (install it: apt-get install -y chromium fonts-noto-core fonts-noto-cjk, " +
		"or set CHROMIUM to its path); the browser tests are part of the suite and do not skip")
}

func startBrowser(dir string) (*browser, error) {
	path, err := chromiumPath()
	if err != nil {
		return nil, err
	}
	profile := filepath.Join(dir, "chromium-profile")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile), // a fresh profile: no cookies, cache or settings of a previous run
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.WindowSize(1280, 900),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// The first Do starts the browser and binds it to the context it is given: ctx itself, not a
	// shorter-lived child (the allocator bounds the start by itself).
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		acancel()
		return nil, fmt.Errorf("starting Chromium at %s: %w", path, err)
	}
	return &browser{ctx: ctx, cancel: func() { cancel(); acancel() }}, nil
}

func (b *browser) close() { b.cancel() }

// tab is one browser tab of a test, with what its pages wrote to the console.
type tab struct {
	ctx context.Context
	mu  sync.Mutex
	log []chromedp.ConsoleMessage
}

// tab opens a new tab, closed when the test ends.
func (s *suite) tab(t *testing.T) *tab {
	t.Helper()
	// Its own browser context: a fresh cookie jar, as a new payer has (the pages remember a
	// picked language in a cookie, which would otherwise leak from one test into the next).
	ctx, cancel := chromedp.NewContext(s.browser.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tb := &tab{ctx: ctx}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.log = append(tb.log, m)
			tb.mu.Unlock()
		}
	}()
	return tb
}

// do runs steps, failing the test on the first error.
func (tb *tab) do(t *testing.T, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// open navigates to url and waits for the document to be ready.
func (tb *tab) open(t *testing.T, url string) {
	t.Helper()
	tb.do(t, chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("body")))
}

// eval evaluates a JavaScript expression in the tab's page.
func eval[T any](t *testing.T, tb *tab, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// evalPromise evaluates an expression that returns a promise and waits for its value.
func evalPromise[T any](t *testing.T, tb *tab, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds; on timeout it fails with what the page
// showed instead. This is how every timed assertion waits: no fixed sleeps. The loop is in Go so
// that it survives navigations (an evaluation cut by one is simply tried again).
func (tb *tab) waitFor(t *testing.T, what, cond string) {
	t.Helper()
	tb.waitWithin(t, waitTimeout, what, cond)
}

// waitWithin is waitFor with its own limit, for changes that take longer by design.
func (tb *tab) waitWithin(t *testing.T, limit time.Duration, what, cond string) {
	t.Helper()
	deadline := time.Now().Add(limit)
	var last error
	for {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")"))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		if time.Now().After(deadline) || tb.ctx.Err() != nil {
			t.Fatalf("waiting for %s: not true after %s (last error: %v)\npage: %s", what, limit, last, tb.describe())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// becomes reports whether cond holds within limit, for waits whose failure the test handles itself.
func (tb *tab) becomes(limit time.Duration, cond string) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && tb.ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")"))
		cancel()
		if err == nil && ok {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// describe is what the page shows, for failure messages.
func (tb *tab) describe() string {
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " | state=" +
		((document.getElementById("checkout") || {dataset: {}}).dataset.state) + " | " +
		(document.body ? document.body.innerText.replace(/\s+/g, " ").slice(0, 600) : "")`))
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	return s
}

// scriptOff disables JavaScript in the tab, as a payer with scripts blocked.
func (tb *tab) scriptOff(t *testing.T) {
	t.Helper()
	tb.do(t, chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
}

// consoleProblems are errors, exceptions and CSP reports the pages of the tab logged.
func (tb *tab) consoleProblems() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var out []string
	for _, m := range tb.log {
		if m.Type == chromedp.ConsoleError || m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
			out = append(out, m.String())
		}
	}
	return out
}

// consoleText is everything the tab's pages logged.
func (tb *tab) consoleText() string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var b strings.Builder
	for _, m := range tb.log {
		b.WriteString(m.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// quote makes a Go string a JavaScript string literal (JSON strings are JavaScript strings).
func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// clickSelector clicks the first element matching a CSS selector, once it is visible.
func clickSelector(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
