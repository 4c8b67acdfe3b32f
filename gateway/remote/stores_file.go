package remote

import (
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/cryptocheckout/checkout/gateway"
)

// StoreConfig is one store the checkout serves in front of the remote gateway: its credentials,
// the secret of its webhooks, who may embed its pages, and its page settings.
type StoreConfig struct {
	// ID is the store_id in the gateway; "" only for the single store of the GATEWAY_API_*
	// shorthand, which serves every payment.
	ID            string
	APIKey        string
	APISecret     string
	WebhookSecret string // "" when the store's webhooks do not come to the checkout
	// FrameAncestors are the origins that may embed the store's pages (CSP frame-ancestors) and
	// receive their postMessage notices.
	FrameAncestors []string
	Page           gateway.PageSettings
	// Line is where the store's [[store]] table starts in the stores file (0 for the shorthand).
	Line int
}

// Name is how logs and messages name the store.
func (s StoreConfig) Name() string {
	if s.ID == "" {
		return "the GATEWAY_API_KEY store"
	}
	return "store " + s.ID
}

// storeKeys are the keys a [[store]] table may hold, with the TOML type each must have.
var storeKeys = map[string]string{
	"id": "string", "api_key": "string", "api_secret": "string", "api_secret_file": "string",
	"webhook_secret": "string", "webhook_secret_file": "string", "frame_ancestors": "array",
	"support_email": "string", "support_url": "string", "brand_color": "string", "logo_file": "string",
	"payer_emails": "bool",
}

// LoadStoresFile reads GATEWAY_STORES_FILE. Relative *_file paths are taken from the stores file's
// directory. Every problem is reported with the file and line it is on.
func LoadStoresFile(path string) ([]StoreConfig, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("GATEWAY_STORES_FILE: %w", err)
	}
	stores, err := ParseStores(data, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("GATEWAY_STORES_FILE %s:%w", path, err)
	}
	return stores, nil
}

// lineError is a problem on one line of the stores file; its text starts with the line number,
// so that "file:" + err reads as file:line: message.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("%d: %s", e.line, e.msg) }

// ParseStores reads the TOML of a stores file: one or more [[store]] tables. dir resolves relative
// secret and logo paths.
func ParseStores(data []byte, dir string) ([]StoreConfig, error) {
	var doc map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &lineError{max(pe.Position.Line, 1), "not valid TOML: " + pe.Message}
		}
		return nil, &lineError{1, "not valid TOML: " + err.Error()}
	}
	lines := indexLines(data)
	for _, k := range sortedKeys(doc) {
		if k != "store" {
			return nil, &lineError{max(lines.top[k], 1), fmt.Sprintf("unknown key %q: the file holds [[store]] tables only", k)}
		}
	}
	tables, ok := doc["store"].([]map[string]any)
	if !ok || len(tables) == 0 {
		return nil, &lineError{max(lines.top["store"], 1), "no [[store]] table: name at least one store"}
	}
	stores := make([]StoreConfig, 0, len(tables))
	ids, keys := map[string]int{}, map[string]int{}
	for i, t := range tables {
		s, err := parseStore(t, lines.of(i), dir)
		if err != nil {
			return nil, err
		}
		if first, dup := ids[s.ID]; dup {
			return nil, &lineError{lines.of(i).key("id"), fmt.Sprintf("store %s is already configured at line %d", s.ID, first)}
		}
		if first, dup := keys[s.APIKey]; dup {
			return nil, &lineError{lines.of(i).key("api_key"), fmt.Sprintf("this api_key is already the key of the store at line %d", first)}
		}
		ids[s.ID], keys[s.APIKey] = s.Line, s.Line
		stores = append(stores, s)
	}
	return stores, nil
}

// parseStore checks one [[store]] table.
func parseStore(t map[string]any, at tableLines, dir string) (StoreConfig, error) {
	s := StoreConfig{Line: at.start}
	// Once the id is known every message names the store.
	fail := func(key, format string, args ...any) error {
		msg := fmt.Sprintf(format, args...)
		if s.ID != "" {
			msg = "store " + s.ID + ": " + msg
		}
		return &lineError{at.key(key), msg}
	}
	for _, k := range sortedKeys(t) {
		want, known := storeKeys[k]
		if !known {
			return s, fail(k, "unknown key %q in [[store]]", k)
		}
		if got := tomlType(t[k]); got != want {
			return s, fail(k, "%s must be a %s, not a %s", k, want, got)
		}
	}
	str := func(k string) string { v, _ := t[k].(string); return strings.TrimSpace(v) }

	s.ID = str("id")
	switch {
	case s.ID == "":
		return s, fail("", "[[store]] needs id, the store_id in the gateway")
	case !gateway.IsUUID(s.ID):
		id := s.ID
		s.ID = ""
		return s, fail("id", "id must be the gateway's store_id (a UUID), got %q", truncate(id))
	}
	s.ID = strings.ToLower(s.ID)
	if s.APIKey = str("api_key"); s.APIKey == "" {
		return s, fail("", "needs api_key")
	}
	var err error
	if s.APISecret, err = secret(t, "api_secret", dir, true); err != nil {
		return s, fail(err.(*keyError).key, "%s", err.(*keyError).msg)
	}
	if s.WebhookSecret, err = secret(t, "webhook_secret", dir, false); err != nil {
		return s, fail(err.(*keyError).key, "%s", err.(*keyError).msg)
	}
	if raw, ok := t["frame_ancestors"].([]any); ok {
		origins := make([]string, 0, len(raw))
		for _, o := range raw {
			v, isStr := o.(string)
			if !isStr {
				return s, fail("frame_ancestors", "frame_ancestors must list origins as strings")
			}
			if strings.ContainsAny(v, ", ") {
				return s, fail("frame_ancestors", "frame_ancestors: one origin per string, got %q", truncate(v))
			}
			origins = append(origins, v)
		}
		if s.FrameAncestors, err = gateway.ParseOrigins(strings.Join(origins, " ")); err != nil {
			return s, fail("frame_ancestors", "frame_ancestors: %v", err)
		}
	}
	if s.Page, err = pageSettings(t, dir); err != nil {
		return s, fail(err.(*keyError).key, "%s", err.(*keyError).msg)
	}
	return s, nil
}

// keyError is a problem with one key of a table.
type keyError struct{ key, msg string }

func (e *keyError) Error() string { return e.key + ": " + e.msg }

func keyErr(key, format string, args ...any) error {
	return &keyError{key, fmt.Sprintf(format, args...)}
}

// secret reads name or name_file (exactly one of them when required, at most one otherwise).
func secret(t map[string]any, name, dir string, required bool) (string, error) {
	v, _ := t[name].(string)
	path, _ := t[name+"_file"].(string)
	_, hasValue := t[name]
	_, hasFile := t[name+"_file"]
	switch {
	case hasValue && hasFile:
		return "", keyErr(name+"_file", "set %s or %s_file, not both", name, name)
	case hasFile:
		b, err := os.ReadFile(resolve(dir, path))
		if err != nil {
			return "", keyErr(name+"_file", "%s_file: %v", name, err)
		}
		if v = strings.TrimSpace(string(b)); v == "" {
			return "", keyErr(name+"_file", "%s_file %s is empty", name, path)
		}
	case required && !hasValue:
		return "", keyErr("", "needs %s or %s_file", name, name)
	}
	v = strings.TrimSpace(v)
	if hasValue && v == "" {
		return "", keyErr(name, "%s is empty", name)
	}
	return v, nil
}

// pageSettings checks the optional page settings of a table.
func pageSettings(t map[string]any, dir string) (gateway.PageSettings, error) {
	var p gateway.PageSettings
	str := func(k string) string { v, _ := t[k].(string); return strings.TrimSpace(v) }
	if e := str("support_email"); e != "" {
		a, err := mail.ParseAddress(e)
		if err != nil || a.Address != e || a.Name != "" || len(e) > 254 {
			return p, keyErr("support_email", "support_email must be a plain e-mail address, got %q", truncate(e))
		}
		p.SupportEmail = e
	}
	if u := str("support_url"); u != "" {
		parsed, err := url.Parse(u)
		if err != nil || (parsed.Scheme != "https" && parsed.Scheme != "http") || parsed.Host == "" || len(u) > 2048 ||
			strings.ContainsAny(u, " \t\r\n\"'<>") {
			return p, keyErr("support_url", "support_url must be an absolute http(s) URL, got %q", truncate(u))
		}
		p.SupportURL = u
	}
	if c := str("brand_color"); c != "" {
		norm, ok := parseColor(c)
		if !ok {
			return p, keyErr("brand_color", "brand_color must be #rrggbb or #rgb, got %q", truncate(c))
		}
		p.BrandColor = norm
	}
	if f := str("logo_file"); f != "" {
		logo, kind, err := readLogo(resolve(dir, f))
		if err != nil {
			return p, keyErr("logo_file", "logo_file %s: %v", f, err)
		}
		p.Logo, p.LogoType = logo, kind
	}
	p.PayerEmails, _ = t["payer_emails"].(bool)
	return p, nil
}

// readLogo reads a logo: a PNG, JPEG or WebP (by content, whatever the file's name) of at most
// gateway.MaxLogoBytes. No SVG: it can carry script.
func readLogo(path string) ([]byte, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	b := make([]byte, gateway.MaxLogoBytes+1)
	n, _ := f.Read(b)
	for n < len(b) {
		k, err := f.Read(b[n:])
		n += k
		if err != nil {
			break
		}
	}
	switch {
	case n == 0:
		return nil, "", errors.New("the file is empty")
	case n > gateway.MaxLogoBytes:
		return nil, "", fmt.Errorf("larger than %d KB", gateway.MaxLogoBytes>>10)
	}
	kind := http.DetectContentType(b[:n])
	switch kind {
	case "image/png", "image/jpeg", "image/webp":
		return b[:n:n], kind, nil
	}
	return nil, "", fmt.Errorf("not a PNG, JPEG or WebP image (%s)", kind)
}

// parseColor reads #rrggbb or #rgb into lower-case #rrggbb.
func parseColor(c string) (string, bool) {
	hex := strings.TrimPrefix(c, "#")
	if hex == c || (len(hex) != 6 && len(hex) != 3) {
		return "", false
	}
	for _, r := range hex {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return "", false
		}
	}
	hex = strings.ToLower(hex)
	if len(hex) == 3 {
		hex = string([]byte{hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]})
	}
	return "#" + hex, true
}

func resolve(dir, path string) string {
	if filepath.IsAbs(path) || dir == "" {
		return path
	}
	return filepath.Join(dir, path)
}

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "bool"
	case []any, []map[string]any:
		return "array"
	case map[string]any:
		return "table"
	case int64, float64:
		return "number"
	}
	return "date"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func truncate(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
