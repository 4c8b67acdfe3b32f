package e2e

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// A merchant's page on an allowed origin frames the checkout and hears of every change of the
// payment; inside the frame the page never leaves for the store by itself.
func TestEmbeddedInAllowedOrigin(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *suite) {
		p := s.newPayment(t, "ETH", nil)
		tb := s.tab(t)
		tb.open(t, s.merchant.origin()+"/frame?src="+url.QueryEscape(p.PaymentURL))

		from := `m.origin === ` + quote(s.app.url)
		tb.waitFor(t, "the waiting status and the height from the frame", `window.got.some(m => `+from+` &&
		m.data.type === "checkout.status" && m.data.state === "waiting" && m.data.status === "OPEN" && m.data.payment_id === `+quote(p.PaymentID)+`) &&
		window.got.some(m => `+from+` && m.data.type === "checkout.resize" && m.data.height > 200)`)
		if frame := tb.childFrame(t); frame.URL != p.PaymentURL {
			t.Errorf("the frame shows %s, want the payment page", frame.URL)
		}

		s.send(t, p, p.PaymentAmount)
		tb.waitFor(t, "the confirming status", `window.got.some(m => `+from+` && m.data.type === "checkout.status" && m.data.state === "confirming" && m.data.status === "CLOSING")`)
		s.mine(t, p, 10)
		tb.waitFor(t, "the paid status", `window.got.some(m => `+from+` && m.data.type === "checkout.status" && m.data.state === "paid" && m.data.status === "COMPLETE")`)
		if got := eval[int](t, tb, `window.got.filter(m => m.origin !== `+quote(s.app.url)+`).length`); got != 0 {
			t.Errorf("%d messages from another origin", got)
		}

		// Inside a frame the parent decides what happens after payment: the page does not announce
		// nor schedule its return to the store.
		frame := tb.frameNode(t)
		ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
		defer cancel()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("checkout").dataset.state === "paid" &&
		document.getElementById("auto-return").hidden === true`, chromedp.WithPollingInFrame(frame))); err != nil {
			t.Errorf("inside the frame: %v", err)
		}
		if got, want := eval[string](t, tb, `location.href`), s.merchant.origin()+"/frame?src="+url.QueryEscape(p.PaymentURL); got != want {
			t.Errorf("the parent is at %s, want it to stay at %s", got, want)
		}
	})
}

// A page on an origin the store did not allow cannot frame the checkout (CSP frame-ancestors):
// the browser refuses to show it, and nothing reaches the parent.
func TestEmbeddingRefusedForOtherOrigin(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *suite) {
		p := s.newPayment(t, "ETH", nil)
		tb := s.tab(t)
		tb.open(t, s.stranger.origin()+"/frame?src="+url.QueryEscape(p.PaymentURL))
		frame := tb.loadedChildFrame(t)
		if !strings.HasPrefix(frame.URL, "chrome-error://") || frame.UnreachableURL != p.PaymentURL {
			t.Errorf("the frame shows %q (unreachable %q), want the browser's error page in place of the checkout", frame.URL, frame.UnreachableURL)
		}
		// Remote: the store's frame_ancestors in the replica's stores file, the same origin.
		if log := tb.consoleText(); !strings.Contains(log, "frame-ancestors 'self' "+s.merchant.origin()) {
			t.Errorf("the browser did not report the frame-ancestors refusal; console:\n%s", log)
		}
		if got := eval[int](t, tb, `window.got.length`); got != 0 {
			t.Errorf("the refused parent received %d messages", got)
		}
	})
}

// loadedChildFrame waits until the page's first frame has loaded something (the checkout or the
// browser's error page) and returns it.
func (tb *tab) loadedChildFrame(t *testing.T) *cdp.Frame {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		f := tb.childFrame(t)
		if f.URL != "" && f.URL != "about:blank" {
			return f
		}
		if time.Now().After(deadline) {
			t.Fatalf("the frame loaded nothing: %+v", f)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// childFrame is the first frame inside the tab's page, as the browser reports it.
func (tb *tab) childFrame(t *testing.T) *cdp.Frame {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	tree, err := chromedp.Run(ctx, chromedp.Action[*page.FrameTree](func(ctx context.Context, target *chromedp.Target) (*page.FrameTree, error) {
		r, err := cdp.Call(ctx, target, page.GetFrameTree, cdp.Empty{})
		return r.FrameTree, err
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(tree.ChildFrames) == 0 {
		t.Fatalf("the page has no frame: %s", tb.describe())
	}
	return tree.ChildFrames[0].Frame
}

// frameNode is the DOM node of the checkout's iframe, for evaluating inside it.
func (tb *tab) frameNode(t *testing.T) *chromedp.Node {
	t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, stepTimeout)
	defer cancel()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("#checkout-frame"), chromedp.NodeReady))
	if err != nil || len(nodes) == 0 {
		t.Fatalf("no iframe: %v", err)
	}
	return nodes[0]
}
