package e2e

import (
	"html/template"
	"net/http"
	"net/http/httptest"
)

// merchantSite is a merchant's own web site on another local origin (another port): it frames the
// checkout and is where success_url and cancel_url lead.
type merchantSite struct{ srv *httptest.Server }

// framePage frames the checkout and keeps every message it receives, with the sender's origin,
// in window.got, as a merchant's page would listen (EMBEDDING.md).
var framePage = template.Must(template.New("frame").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script>window.got = [];
addEventListener("message", function (e) { window.got.push({origin: e.origin, data: e.data}); });</script>
</head><body><h1>Shop</h1>
<iframe id="checkout-frame" title="Payment" src="{{.}}" width="420" height="900"></iframe>
</body></html>`))

func newMerchantSite() *merchantSite {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /frame", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		framePage.Execute(w, r.URL.Query().Get("src"))
	})
	mux.HandleFunc("GET /back", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html lang="en"><title>Shop</title><h1 id="back">Back at the shop</h1></html>`))
	})
	return &merchantSite{srv: httptest.NewServer(mux)}
}

func (m *merchantSite) origin() string { return m.srv.URL }
func (m *merchantSite) close()         { m.srv.Close() }
