package server_test

import (
	"bytes"
	"encoding/json"
	"image/png"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/cryptocheckout/checkout/gateway/mail/mailpittest"
)

const (
	mailKey    = "mail-key"
	mailSecret = "mail-secret-0123456789"
	mailWait   = 20 * time.Second
)

// startMailing runs the binary on dataDir with e-mails to payers on and SMTP_URL smtpURL.
func startMailing(t *testing.T, bin, dataDir, smtpURL string) *exec.Cmd {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mailMetrics = "http://" + ln.Addr().String() + "/metrics"
	ln.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "DATA_DIR="+dataDir, "LISTEN_ADDR=127.0.0.1:0", "LOG_LEVEL=info",
		"METRICS_ADDR="+strings.TrimSuffix(strings.TrimPrefix(mailMetrics, "http://"), "/metrics"),
		"PUBLIC_URL=https://pay.example", "STORE_API_KEY="+mailKey, "STORE_API_SECRET="+mailSecret,
		"STORE_PAYER_EMAILS=true", "STORE_SUPPORT_EMAIL=help@shop.example", "STORE_BRAND_COLOR=#1a6b3c", "SMTP_URL="+smtpURL, "MAIL_FROM=Café Shop <noreply@shop.example>",
		"MAIL_RETRY_SCHEDULE=1s,1s,1s,1s,1s,1s,1s,1s,1s,1s")
	mailBase = listen(t, cmd)
	return cmd
}

// mailBase and mailMetrics are the running binary's base URL and its /metrics (METRICS_ADDR).
var mailBase, mailMetrics string

// api calls the /int API of the running binary and decodes its answer into out.
func api(t *testing.T, method, path, body string, out any) {
	t.Helper()
	if !apiCall(t, mailBase, mailKey, mailSecret, method, path, body, out) {
		t.FailNow()
	}
}

type created struct {
	DedicateID    string `json:"dedicate_id"`
	PaymentID     string `json:"payment_id"`
	Address       string `json:"address"`
	PaymentURL    string `json:"payment_url"`
	PaymentAmount string `json:"payment_amount"`
}

func qrText(t *testing.T, b []byte) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("inline QR: %v", err)
	}
	return res.GetText()
}

// TestPayerEmailsOfTheRunningBinary is the "done when", against the real binary and a real
// SMTP server: a dedicated address with payer_lang=ar brings one Arabic, right-to-left e-mail with
// the page link, the address, the network and an inline QR code; a payer_name holding
// "\r\nBcc: …" adds no recipient; a payment paid with payer_lang=ja brings a Japanese receipt.
// Then the mail server goes down, an e-mail is queued, the process is killed (SIGKILL) and
// restarted with the server back: that e-mail arrives once and nothing is sent twice.
func TestPayerEmailsOfTheRunningBinary(t *testing.T) {
	mp := mailpittest.Start(t)
	tmp := t.TempDir()
	bin := buildBinary(t, tmp)
	dataDir := filepath.Join(tmp, "data")
	relay := mp.NewRelay(t)
	relay.Start(t)
	proc := startMailing(t, bin, dataDir, relay.URL())

	arabic, evil, japanese, later := mailpittest.Inbox(t), mailpittest.Inbox(t), mailpittest.Inbox(t), mailpittest.Inbox(t)
	var d created
	body, _ := json.Marshal(map[string]string{"asset_id": "USDT.TRC20", "payer_email": arabic, "payer_lang": "ar",
		"payer_name": "Ali\r\nBcc: " + evil, "description": "<b>Order 42</b>"})
	api(t, "POST", "/int/dedicate", string(body), &d)
	msg := mp.Message(t, mp.Wait(t, arabic, 1, mailWait)[0].ID)
	for _, s := range []string{`lang="ar"`, `dir="rtl"`, d.Address, "TRON", `src="cid:qr@checkout"`, d.PaymentURL, "&lt;b&gt;Order 42&lt;/b&gt;"} {
		if !strings.Contains(msg.HTML, s) {
			t.Errorf("the Arabic e-mail's HTML lacks %q", s)
		}
	}
	if !strings.Contains(msg.Text, "help@shop.example") || !strings.Contains(msg.HTML, "#1a6b3c") {
		t.Errorf("the e-mail does not carry the store's support e-mail and colour")
	}
	if !strings.Contains(msg.Text, d.PaymentURL) || !strings.Contains(msg.Text, d.Address) || !strings.Contains(msg.Subject, "إيداع") {
		t.Errorf("the Arabic e-mail: subject %q, text without the link or the address", msg.Subject)
	}
	if len(msg.Inline) != 1 || qrText(t, mp.PartData(t, msg.ID, msg.Inline[0].PartID)) != d.Address {
		t.Errorf("inline QR of the TRON address missing or wrong: %+v", msg.Inline)
	}
	if len(msg.To) != 1 || msg.To[0].Address != arabic || len(msg.Cc)+len(msg.Bcc) != 0 {
		t.Errorf("recipients To %v Cc %v Bcc %v, want only %s", msg.To, msg.Cc, msg.Bcc, arabic)
	}

	var p created
	body, _ = json.Marshal(map[string]string{"amount": "0.001", "asset_id": "BTC", "payment_asset_id": "BTC",
		"payer_email": japanese, "payer_lang": "ja", "payer_name": "山田"})
	api(t, "POST", "/int/payment", string(body), &p)
	api(t, "POST", "/int/test/payment/"+p.PaymentID+"/tx", `{"amount":"`+p.PaymentAmount+`"}`, nil)
	api(t, "POST", "/int/test/blocks", `{"crypto_network":"BITCOIN","count":6}`, nil)
	receipt := mp.Message(t, mp.Wait(t, japanese, 1, mailWait)[0].ID)
	if !strings.Contains(receipt.Subject, "領収書") || !strings.Contains(receipt.HTML, `lang="ja"`) ||
		!strings.Contains(receipt.HTML, p.PaymentID) || !strings.Contains(receipt.HTML, "0.001 BTC") {
		t.Errorf("the Japanese receipt: subject %q", receipt.Subject)
	}
	if link := regexp.MustCompile(`https://pay\.example(/payment/\S+/receipt\?code=\S+)`).FindStringSubmatch(receipt.Text); link == nil {
		t.Errorf("the receipt does not link the printable receipt page")
	} else if status, _, _ := getBody(t, mailBase+link[1]); status != http.StatusOK {
		t.Errorf("the receipt page the e-mail links answers %d", status)
	}

	// The exact message the outbox kept is what arrived.
	shown := cli(t, bin, dataDir, "mail", "show", "1")
	if raw := mp.Raw(t, msg.ID); !bytes.HasSuffix(bytes.TrimRight(raw, "\r\n"), bytes.TrimRight([]byte(shown), "\r\n")) {
		t.Errorf("checkout mail show 1 is not the message that arrived")
	}

	relay.Stop()
	body, _ = json.Marshal(map[string]string{"asset_id": "BTC", "payer_email": later, "payer_lang": "fr"})
	api(t, "POST", "/int/dedicate", string(body), &d)
	eventually(t, "a failed attempt", mailWait, func() bool {
		return strings.Contains(cli(t, bin, dataDir, "mail", "list"), "pending  1")
	})
	proc.Process.Signal(syscall.SIGKILL)
	proc.Wait()

	relay.Start(t)
	startMailing(t, bin, dataDir, relay.URL())
	mp.Wait(t, later, 1, mailWait)
	// The server records the delivery just after the SMTP server accepted it.
	eventually(t, "three e-mails recorded as sent", mailWait, func() bool {
		return strings.Count(cli(t, bin, dataDir, "mail", "list"), " sent ") == 3
	})
	if _, metrics, _ := getBody(t, mailMetrics); !strings.Contains(metrics, `checkout_mail_sends_total{kind="dedicate",outcome="sent"} 1`) {
		t.Errorf("/metrics does not count the e-mail the restarted process sent")
	}
	for _, to := range []string{arabic, japanese, later} {
		if n := len(mp.To(t, to)); n != 1 {
			t.Errorf("%s received %d e-mails, want exactly 1", to, n)
		}
	}
	for _, s := range mp.To(t, evil) {
		for _, a := range append(append(mp.Message(t, s.ID).To, mp.Message(t, s.ID).Cc...), mp.Message(t, s.ID).Bcc...) {
			if a.Address == evil {
				t.Errorf("the address injected through payer_name received an e-mail")
			}
		}
	}
}
