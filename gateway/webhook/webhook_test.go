package webhook

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSignKnownVector(t *testing.T) {
	// HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), the common published vector.
	got := Sign("key", []byte("The quick brown fox jumps over the lazy dog"))
	if want := "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"; got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"type":"notification"}`)
	sig := Sign("s3cret", body)
	tests := []struct {
		name, secret, sig string
		body              []byte
		want              bool
	}{
		{"right", "s3cret", sig, body, true},
		{"upper-case hex", "s3cret", strings.ToUpper(sig), body, true},
		{"other secret", "other", sig, body, false},
		{"one byte more", "s3cret", sig, append(append([]byte(nil), body...), ' '), false},
		{"not hex", "s3cret", "zz" + sig[2:], body, false},
		{"empty", "s3cret", "", body, false},
	}
	for _, tt := range tests {
		if got := Verify(tt.secret, tt.body, tt.sig); got != tt.want {
			t.Errorf("%s: Verify = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		in      string
		want    []time.Duration
		wantErr bool
	}{
		{"", DefaultSchedule, false},
		{"10ms, 1s,2m", []time.Duration{10 * time.Millisecond, time.Second, 2 * time.Minute}, false},
		{"5", nil, true},
		{"1s,-1s", nil, true},
		{"0s", nil, true},
		{"25h", nil, true},
		{"1s,,2s", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseSchedule(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseSchedule(%q) err = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseSchedule(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseSchedule(%q)[%d] = %v, want %v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
	if got, want := len(DefaultSchedule), 10; got != want {
		t.Errorf("default retries = %d, want %d", got, want)
	}
}

func TestForbidden(t *testing.T) {
	tests := []struct {
		ip   string
		want bool
	}{
		{"127.0.0.1", true}, {"127.8.9.10", true}, {"::1", true},
		{"10.1.2.3", true}, {"172.16.0.1", true}, {"192.168.1.1", true}, {"fd00::1", true},
		{"169.254.169.254", true}, {"fe80::1", true},
		{"0.0.0.0", true}, {"::", true}, {"100.64.0.1", true}, {"224.0.0.1", true},
		{"::ffff:127.0.0.1", true}, {"::ffff:10.0.0.1", true},
		{"93.184.216.34", false}, {"8.8.8.8", false}, {"2606:4700:4700::1111", false}, {"172.32.0.1", false},

		// Reserved IPv4: class E, limited broadcast, documentation, 6to4 relay anycast.
		{"240.0.0.1", true}, {"250.1.2.3", true}, {"255.255.255.254", true}, {"255.255.255.255", true},
		{"192.0.2.1", true}, {"198.51.100.7", true}, {"203.0.113.9", true}, {"192.88.99.1", true},
		{"239.255.255.255", true}, {"223.255.255.255", false},
		// Reserved IPv6: documentation, discard-only, benchmarking, ORCHID, deprecated site-local,
		// IPv4-compatible.
		{"2001:db8::1", true}, {"100::1", true}, {"2001:2::1", true}, {"2001:10::1", true}, {"2001:20::1", true},
		{"fec0::1", true}, {"::127.0.0.1", true}, {"::8.8.8.8", true},
		// NAT64 64:ff9b::/96: the last 32 bits are the IPv4 address reached.
		{"64:ff9b::127.0.0.1", true}, {"64:ff9b::10.0.0.1", true}, {"64:ff9b::a9fe:a9fe", true},
		{"64:ff9b::240.0.0.1", true}, {"64:ff9b::8.8.8.8", false},
		// 6to4 2002:AABB:CCDD::/48 tunnels to AA.BB.CC.DD.
		{"2002:7f00:1::1", true}, {"2002:a00:1::", true}, {"2002:c0a8:101::1", true}, {"2002:a9fe:a9fe::1", true},
		{"2002:808:808::1", false},
		// Teredo 2001:0:SSSS:SSSS:FLAGS:PORT:CCCC:CCCC: server IPv4 in clear, client IPv4 inverted.
		{"2001:0:4136:e378:8000:63bf:80ff:fffe", true},  // client 127.0.0.1
		{"2001:0:4136:e378:8000:63bf:f5ff:fffe", true},  // client 10.0.0.1
		{"2001:0:7f00:1:8000:63bf:f7f7:f7f7", true},     // server 127.0.0.1
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", true},  // client 192.0.2.45 (documentation)
		{"2001:0:4136:e378:8000:63bf:f7f7:f7f7", false}, // client 8.8.8.8, server 65.54.227.120
	}
	for _, tt := range tests {
		if got := Forbidden(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("Forbidden(%s) = %v, want %v", tt.ip, got, tt.want)
		}
	}
}

// receiver records what it is sent and answers with the status of the moment.
type receiver struct {
	mu      sync.Mutex
	status  int
	bodies  [][]byte
	headers []http.Header
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	b, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	r.bodies = append(r.bodies, b)
	r.headers = append(r.headers, req.Header.Clone())
	status := r.status
	r.mu.Unlock()
	w.WriteHeader(status)
}

func TestSendSignsExactBytes(t *testing.T) {
	rc := &receiver{status: http.StatusOK}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	s := NewSender(time.Second, 0, PrivateForTest)
	body := []byte(`{"type":"notification","event":"payment.open","payment":{"amount":"1.50"}}`)
	res := s.Send(context.Background(), srv.URL, body, "whsec", false)
	if !res.Delivered() || res.Status != 200 {
		t.Fatalf("Send = %+v, want delivered 200", res)
	}
	if got := string(rc.bodies[0]); got != string(body) {
		t.Errorf("body = %s, want the exact bytes %s", got, body)
	}
	h := rc.headers[0]
	if got, want := h.Get(SignatureHeader), Sign("whsec", body); got != want {
		t.Errorf("signature = %q, want %q", got, want)
	}
	if got := h.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q", got)
	}
}

func TestSendWithoutSecretHasNoSignature(t *testing.T) {
	rc := &receiver{status: http.StatusNoContent}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	res := NewSender(time.Second, 0, PrivateForTest).Send(context.Background(), srv.URL, []byte(`{}`), "", false)
	if !res.Delivered() {
		t.Fatalf("204 not taken as delivered: %+v", res)
	}
	if _, ok := rc.headers[0][http.CanonicalHeaderKey(SignatureHeader)]; ok {
		t.Error("a signature header was sent without a secret")
	}
}

func TestSendStatuses(t *testing.T) {
	tests := []struct {
		status    int
		delivered bool
	}{
		{200, true}, {201, true}, {202, true}, {299, true},
		{302, false}, {400, false}, {404, false}, {500, false}, {503, false},
	}
	for _, tt := range tests {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if tt.status == 302 {
				w.Header().Set("Location", "/elsewhere")
			}
			w.WriteHeader(tt.status)
		}))
		res := NewSender(time.Second, 0, PrivateForTest).Send(context.Background(), srv.URL, []byte(`{}`), "k", false)
		srv.Close()
		if res.Delivered() != tt.delivered || res.Status != tt.status {
			t.Errorf("answer %d: delivered=%v status=%d, want delivered=%v", tt.status, res.Delivered(), res.Status, tt.delivered)
		}
	}
}

func TestSendTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer srv.Close()
	defer close(release)
	res := NewSender(200*time.Millisecond, time.Minute, PrivateForTest).Send(context.Background(), srv.URL, []byte(`{}`), "k", false)
	if res.Delivered() || !errors.Is(res.Err, context.DeadlineExceeded) || !res.TimedOut() {
		t.Fatalf("Send to a hanging receiver = %+v, want the attempt's deadline", res)
	}
	if got := Describe(res.Err); got != "timed out" {
		t.Errorf("Describe = %q", got)
	}
}

// A private target is reached only as WEBHOOK_ALLOW_PRIVATE says: by test stores under "test" (the
// default), by everybody under "true", by nobody under "false" (hosted sandboxes, where anyone may hold
// a test store's key). The check runs on the resolved address at dial time, so a host name that
// resolves to loopback is refused like the IP literal.
func TestSendPrivateTargets(t *testing.T) {
	rc := &receiver{status: http.StatusOK}
	srv := httptest.NewServer(rc)
	defer srv.Close()
	byName := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	tests := []struct {
		name      string
		url       string
		private   PrivateTargets
		live      bool
		delivered bool
	}{
		{"default: live, IP literal", srv.URL, PrivateForTest, true, false},
		{"default: live, name resolving to loopback", byName, PrivateForTest, true, false},
		{"default: test store", srv.URL, PrivateForTest, false, true},
		{"default: test store, by name", byName, PrivateForTest, false, true},
		{"true: live", srv.URL, PrivateForAll, true, true},
		{"true: test store", srv.URL, PrivateForAll, false, true},
		{"false: live", srv.URL, PrivateForNone, true, false},
		{"false: test store", srv.URL, PrivateForNone, false, false},
		{"false: test store, by name", byName, PrivateForNone, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc.mu.Lock()
			before := len(rc.bodies)
			rc.mu.Unlock()
			res := NewSender(time.Second, 0, tt.private).Send(context.Background(), tt.url, []byte(`{}`), "k", tt.live)
			if res.Delivered() != tt.delivered {
				t.Fatalf("delivered = %v (%v), want %v", res.Delivered(), res.Err, tt.delivered)
			}
			rc.mu.Lock()
			got := len(rc.bodies) - before
			rc.mu.Unlock()
			if !tt.delivered {
				if !errors.Is(res.Err, ErrForbiddenAddress) {
					t.Errorf("err = %v, want ErrForbiddenAddress", res.Err)
				}
				if got != 0 {
					t.Errorf("the receiver got %d requests, want none", got)
				}
			} else if got != 1 {
				t.Errorf("the receiver got %d requests, want 1", got)
			}
		})
	}
}

func TestParsePrivateTargets(t *testing.T) {
	tests := []struct {
		in   string
		want PrivateTargets
	}{
		{"", PrivateForTest}, {"test", PrivateForTest}, {"TEST", PrivateForTest},
		{"true", PrivateForAll}, {"1", PrivateForAll}, {"yes", PrivateForAll},
		{"false", PrivateForNone}, {"0", PrivateForNone}, {"no", PrivateForNone},
	}
	for _, tt := range tests {
		got, err := ParsePrivateTargets(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParsePrivateTargets(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if again, _ := ParsePrivateTargets(got.String()); again != got {
			t.Errorf("%v does not read back from %q", got, got.String())
		}
	}
	if _, err := ParsePrivateTargets("sometimes"); err == nil || !strings.Contains(err.Error(), "WEBHOOK_ALLOW_PRIVATE") {
		t.Errorf("ParsePrivateTargets(sometimes) error = %v, want one naming the variable", err)
	}
}

// An endpoint that takes the request and never starts answering is given up after the first-byte
// limit, not the whole attempt's (a minute here): the error is the transport's header timeout.
func TestSendFirstByteLimit(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	res := NewSender(time.Minute, 50*time.Millisecond, PrivateForTest).Send(context.Background(), srv.URL, []byte(`{}`), "k", false)
	if res.Delivered() || !res.TimedOut() {
		t.Fatalf("Send to a silent receiver = %+v, want a timeout", res)
	}
	if !strings.Contains(res.Err.Error(), "awaiting response headers") {
		t.Errorf("err = %v, want the first-byte limit's, not the attempt's deadline", res.Err)
	}
	if got := Describe(res.Err); got != "timed out" {
		t.Errorf("Describe = %q", got)
	}
}
