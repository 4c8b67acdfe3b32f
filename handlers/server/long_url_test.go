package server

import (
	"net/http"
	"strings"
	"testing"
)

// A link longer than the server reads (fasthttp's 4 KB request buffer) is answered by the server
// itself with 431, never a 5xx or a dropped connection; the payer pages' fuzz test stops at that
// limit because such a request never reaches them.
func TestOverlongLinkIsRefusedWith431(t *testing.T) {
	m := openTestMain(t, Config{})
	defer m.Close()
	for _, target := range []string{
		"/payment/6aa01046-2b3d-4249-9990-7541c22fc575?code=" + strings.Repeat("%86", 2000),
		"/dedicate/6aa01046-2b3d-4249-9990-7541c22fc575?amount=1&asset_id=" + strings.Repeat("U", 5000),
	} {
		resp, _ := send(t, http.DefaultClient, http.MethodGet, m.URL()+target, "", "")
		if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("GET %s…: %d, want 431", target[:40], resp.StatusCode)
		}
	}
}
