package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/cryptocheckout/checkout/gateway/cache/redistest"
)

// Issue 10's "done when": two stores in a stores file behind two replicas sharing Redis. For each
// store, the payment page (with that store's frame-ancestors), its QR code decoded, the live
// stream on the other replica following a test transaction made on the gateway, and the
// dedicated-address page with a live deposit. Store A sends its webhooks to replica 1; store B
// sends none (its merchant keeps them), so its pages follow by the shared polling alone.
func TestTwoStoresTwoReplicasEveryFeature(t *testing.T) {
	s := startTwoStores(t, "")
	env := map[string]string{"REDIS_URL": redistest.URL(t), "REDIS_PREFIX": redistest.Prefix(t), "POLL_INTERVAL": "1s"}
	r1, r2 := s.replica(t, env), s.replica(t, env)
	webhookURL := r1.URL() + "/webhooks/gateway"

	for _, st := range []struct {
		name, key, secret, frameAncestors, webhook string
	}{
		{"store A, webhooks to replica 1", gwKey, gwSecret, "frame-ancestors 'self' https://shop-a.example", webhookURL},
		{"store B, no webhooks", keyB, secretB, "frame-ancestors 'self' https://shop-b.example https://*.shop-b.example", ""},
	} {
		t.Run(st.name, func(t *testing.T) {
			hook := ""
			if st.webhook != "" {
				hook = `, "webhook_url": "` + st.webhook + `"`
			}
			var p struct {
				createdPayment
				Address       string `json:"address"`
				PaymentAmount string `json:"payment_amount"`
			}
			callAs(t, s.gw, st.key, st.secret, http.MethodPost, "/payment", `{"amount": "30", "asset_id": "USD", "payment_asset_id": "BTC"`+hook+`}`, &p)
			page := "/payment/" + p.PaymentID + "?code=" + p.code(t)

			// The page, on replica 1, framed only by the store's own shops.
			status, h, body := get(t, r1.URL()+page)
			if status != http.StatusOK || !strings.Contains(body, `data-state="waiting"`) {
				t.Fatalf("page: %d\n%s", status, body)
			}
			if got := h.Get("Content-Security-Policy"); !strings.HasSuffix(got, st.frameAncestors) {
				t.Errorf("CSP %q, want it to end in %q", got, st.frameAncestors)
			}
			// The QR code, on replica 2, decoded: the BIP-21 URI of the amount to send.
			if got, want := decodeQRAt(t, r2.URL()+"/payment/"+p.PaymentID+"/qr.png?code="+p.code(t)), "bitcoin:"+strings.ToUpper(p.Address)+"?amount="+p.PaymentAmount; got != want {
				t.Errorf("QR code %q, want %q", got, want)
			}

			// Live: a test transaction on the gateway reaches replica 2's stream.
			events := openEvents(t, r2.URL()+"/payment/"+p.PaymentID+"/events?code="+p.code(t))
			events.waitState(t, "replica 2", "waiting", 10*time.Second)
			callAs(t, s.gw, st.key, st.secret, http.MethodPost, "/test/payment/"+p.PaymentID+"/tx", `{"amount": "`+p.PaymentAmount+`"}`, nil)
			events.waitState(t, "replica 2", "confirming", 10*time.Second)

			// The dedicated address: its page on replica 1, a deposit seen live on replica 2.
			var d struct {
				DedicateID string `json:"dedicate_id"`
				Address    string `json:"address"`
			}
			callAs(t, s.gw, st.key, st.secret, http.MethodPost, "/dedicate", `{"asset_id": "ETH", "dedicate_type": "USES", "address_alloc": "NEW"`+hook+`}`, &d)
			status, h, body = get(t, r1.URL()+"/dedicate/"+d.DedicateID)
			if status != http.StatusOK || !strings.Contains(body, d.Address) {
				t.Fatalf("dedicated address page: %d", status)
			}
			if got := h.Get("Content-Security-Policy"); !strings.HasSuffix(got, st.frameAncestors) {
				t.Errorf("dedicated address CSP %q, want it to end in %q", got, st.frameAncestors)
			}
			versions := openDedicateEvents(t, r2.URL()+"/dedicate/"+d.DedicateID+"/events")
			first := versions.next(t, 10*time.Second)
			callAs(t, s.gw, st.key, st.secret, http.MethodPost, "/test/dedicate/"+d.DedicateID+"/tx", `{"amount": "0.25"}`, nil)
			if v := versions.next(t, 10*time.Second); v == first {
				t.Fatalf("the dedicated address's stream sent version %q again after the deposit", v)
			}
			if _, _, body := get(t, r2.URL()+"/dedicate/"+d.DedicateID); !strings.Contains(body, "0.25 ETH") {
				t.Error("the deposit is not on the dedicated address's page")
			}
		})
	}
	// Store A's webhooks reached replica 1 (store B sent none: it followed by polling).
	_, _, metrics := get(t, "http://"+r1.MetricsAddr()+"/metrics")
	if !regexp.MustCompile(`checkout_webhook_deliveries_total\{kind="accepted"\} [1-9]`).MatchString(metrics) {
		t.Error("replica 1 accepted no webhook of store A")
	}
}

// decodeQRAt fetches a PNG QR code and returns its text.
func decodeQRAt(t *testing.T, target string) string {
	t.Helper()
	resp, err := http.Get(target)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("%s: %d %s", target, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("%s: not a readable QR code: %v", target, err)
	}
	return res.GetText()
}

// dedicateEvents is a dedicated address's live stream: the versions its events carry.
type dedicateEvents chan string

func openDedicateEvents(t *testing.T, target string) dedicateEvents {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	resp, err := (&http.Client{Transport: tr}).Get(target)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", target, resp.StatusCode)
	}
	t.Cleanup(func() { resp.Body.Close(); tr.CloseIdleConnections() })
	ch := make(dedicateEvents, 16)
	go func() {
		defer close(ch)
		r := bufio.NewReader(resp.Body)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if data, ok := strings.CutPrefix(strings.TrimSpace(line), "data: "); ok {
				var ev struct {
					Version string `json:"version"`
				}
				json.Unmarshal([]byte(data), &ev)
				ch <- ev.Version
			}
		}
	}()
	return ch
}

func (d dedicateEvents) next(t *testing.T, within time.Duration) string {
	t.Helper()
	select {
	case v, ok := <-d:
		if !ok {
			t.Fatal("the dedicated address's stream ended")
		}
		return v
	case <-time.After(within):
		t.Fatalf("no dedicated address event within %s", within)
	}
	return ""
}
