package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// apiCall sends an authenticated /int request to base and decodes its answer into out. It reports
// a failure with t.Errorf and false, so that goroutines may call it (t.FailNow may not run there).
func apiCall(t *testing.T, base, key, secret, method, path, body string, out any) bool {
	t.Helper()
	req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
	req.SetBasicAuth(key, secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return false
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
		return false
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Errorf("%s %s: %v", method, path, err)
			return false
		}
	}
	return true
}
