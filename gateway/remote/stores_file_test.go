package remote

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pngBytes is a 1×1 PNG.
var pngBytes, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")

func writeFile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// A full file: two stores, secrets inline and from files (relative to the stores file), every page
// setting, and comments.
func TestLoadStoresFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "secret-b", []byte("secret-of-b\n"))
	writeFile(t, dir, "hook-b", []byte("  hook-of-b  "))
	writeFile(t, dir, "logo.png", pngBytes)
	writeFile(t, dir, "stores.toml", []byte(`# two merchants
[[store]]
id = "B6282B7F-F790-4ACC-AB76-26ACA5CF1F99"   # the store_id in the gateway
api_key = "key-a"
api_secret = "secret-a"
webhook_secret = "hook-a"
frame_ancestors = ["https://shop.example", "https://*.shop.example:8443"]
support_email = "help@shop.example"
support_url = "https://shop.example/help"
brand_color = "#0A7"
logo_file = "logo.png"
payer_emails = true

[[store]]
id = "daee91ff-d4b7-4bb1-8c4a-855f57f9af6b"
api_key = "key-b"
api_secret_file = "secret-b"
webhook_secret_file = "hook-b"
`))
	stores, err := LoadStoresFile(filepath.Join(dir, "stores.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(stores), 2; got != want {
		t.Fatalf("stores = %d, want %d", got, want)
	}
	a, b := stores[0], stores[1]
	for _, c := range []struct{ name, got, want string }{
		{"a.ID (lower-cased)", a.ID, "b6282b7f-f790-4acc-ab76-26aca5cf1f99"},
		{"a.APIKey", a.APIKey, "key-a"},
		{"a.APISecret", a.APISecret, "secret-a"},
		{"a.WebhookSecret", a.WebhookSecret, "hook-a"},
		{"a.FrameAncestors", strings.Join(a.FrameAncestors, " "), "https://shop.example https://*.shop.example:8443"},
		{"a.SupportEmail", a.Page.SupportEmail, "help@shop.example"},
		{"a.SupportURL", a.Page.SupportURL, "https://shop.example/help"},
		{"a.BrandColor", a.Page.BrandColor, "#00aa77"},
		{"a.LogoType", a.Page.LogoType, "image/png"},
		{"b.APISecret (file, trimmed)", b.APISecret, "secret-of-b"},
		{"b.WebhookSecret (file, trimmed)", b.WebhookSecret, "hook-of-b"},
		{"b.BrandColor", b.Page.BrandColor, ""},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !bytes.Equal(a.Page.Logo, pngBytes) || !a.Page.PayerEmails || b.Page.PayerEmails || b.Page.Logo != nil {
		t.Errorf("logo/payer_emails: a=%d bytes %v, b=%d bytes %v", len(a.Page.Logo), a.Page.PayerEmails, len(b.Page.Logo), b.Page.PayerEmails)
	}
	if a.Line != 2 || b.Line != 14 {
		t.Errorf("lines = %d, %d, want 2, 14", a.Line, b.Line)
	}
}

// Every bad file is refused with the line of the problem.
func TestParseStoresRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "empty-secret", []byte("\n"))
	writeFile(t, dir, "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`))
	writeFile(t, dir, "huge.png", append(append([]byte{}, pngBytes...), make([]byte, 300<<10)...))
	const a = "[[store]]\nid = \"b6282b7f-f790-4acc-ab76-26aca5cf1f99\"\napi_key = \"k\"\napi_secret = \"s\"\n"
	const b = "[[store]]\nid = \"daee91ff-d4b7-4bb1-8c4a-855f57f9af6b\"\napi_key = \"k2\"\napi_secret = \"s2\"\n"
	for _, c := range []struct {
		name, file string
		line       int
		says       string
	}{
		{"not TOML", a + "api_key = \n", 5, "not valid TOML"},
		{"duplicate key in a table", a + "api_key = \"again\"\n", 5, "not valid TOML"},
		{"empty file", "", 1, "no [[store]] table"},
		{"only comments", "# nothing\n", 1, "no [[store]] table"},
		{"unknown top-level key", "gateway = \"x\"\n" + a, 1, `unknown key "gateway"`},
		{"store as a table", "[store]\nid = \"x\"\n", 1, "no [[store]] table"},
		{"unknown key", a + "suport_email = \"x@y.z\"\n", 5, `unknown key "suport_email"`},
		{"missing id", "[[store]]\napi_key = \"k\"\napi_secret = \"s\"\n", 1, "needs id"},
		{"id not a UUID", "[[store]]\nid = \"main\"\napi_key = \"k\"\napi_secret = \"s\"\n", 2, "UUID"},
		{"id a number", "[[store]]\nid = 7\napi_key = \"k\"\napi_secret = \"s\"\n", 2, "id must be a string, not a number"},
		{"missing api_key", "[[store]]\nid = \"b6282b7f-f790-4acc-ab76-26aca5cf1f99\"\napi_secret = \"s\"\n", 1, "needs api_key"},
		{"missing secret", "[[store]]\nid = \"b6282b7f-f790-4acc-ab76-26aca5cf1f99\"\napi_key = \"k\"\n", 1, "needs api_secret or api_secret_file"},
		{"both secrets", a + "api_secret_file = \"x\"\n", 5, "not both"},
		{"secret file missing", "[[store]]\nid = \"b6282b7f-f790-4acc-ab76-26aca5cf1f99\"\napi_key = \"k\"\napi_secret_file = \"nope\"\n", 4, "api_secret_file"},
		{"secret file empty", "[[store]]\nid = \"b6282b7f-f790-4acc-ab76-26aca5cf1f99\"\napi_key = \"k\"\napi_secret_file = \"empty-secret\"\n", 4, "is empty"},
		{"empty webhook secret", a + "webhook_secret = \" \"\n", 5, "webhook_secret is empty"},
		{"both webhook secrets", a + "webhook_secret = \"x\"\nwebhook_secret_file = \"y\"\n", 6, "not both"},
		{"frame_ancestors a string", a + "frame_ancestors = \"https://a.example\"\n", 5, "must be a array"},
		{"frame_ancestors with a path", a + "frame_ancestors = [\"https://a.example/shop\"]\n", 5, "scheme://host"},
		{"frame_ancestors two in one", a + "frame_ancestors = [\"https://a.example https://b.example\"]\n", 5, "one origin per string"},
		{"frame_ancestors not http", a + "frame_ancestors = [\"javascript:alert(1)\"]\n", 5, "scheme://host"},
		{"support_email with a name", a + "support_email = \"Help <help@shop.example>\"\n", 5, "plain e-mail"},
		{"support_email not one", a + "support_email = \"help\"\n", 5, "plain e-mail"},
		{"support_url relative", a + "support_url = \"/help\"\n", 5, "absolute http(s)"},
		{"support_url javascript", a + "support_url = \"javascript:alert(1)\"\n", 5, "absolute http(s)"},
		{"brand_color a name", a + "brand_color = \"red\"\n", 5, "#rrggbb"},
		{"brand_color injected", a + "brand_color = \"#fff;}body{\"\n", 5, "#rrggbb"},
		{"logo SVG", a + "logo_file = \"logo.svg\"\n", 5, "not a PNG, JPEG or WebP"},
		{"logo too large", a + "logo_file = \"huge.png\"\n", 5, "larger than 256 KB"},
		{"logo missing", a + "logo_file = \"none.png\"\n", 5, "logo_file none.png"},
		{"payer_emails a string", a + "payer_emails = \"yes\"\n", 5, "payer_emails must be a bool"},
		{"duplicate store id", a + "\n" + a, 7, "already configured at line 1"},
		{"duplicate api_key", a + "\n" + strings.Replace(b, "\"k2\"", "\"k\"", 1), 8, "already the key of the store at line 1"},
		{"second store bad", a + "\n" + b + "brand_color = \"blue\"\n", 10, "#rrggbb"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseStores([]byte(c.file), dir)
			if err == nil {
				t.Fatalf("accepted:\n%s", c.file)
			}
			le, ok := err.(*lineError)
			if !ok {
				t.Fatalf("error %T %v has no line", err, err)
			}
			if le.line != c.line || !strings.Contains(le.msg, c.says) {
				t.Errorf("got line %d %q, want line %d saying %q", le.line, le.msg, c.line, c.says)
			}
		})
	}
}

// The message of a bad file reads file:line: problem, as compilers write it.
func TestLoadStoresFileNamesFileAndLine(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "stores.toml")
	writeFile(t, dir, "stores.toml", []byte("[[store]]\nid = \"b6282b7f-f790-4acc-ab76-26aca5cf1f99\"\napi_key = \"k\"\napi_secret = \"s\"\nbrand_color = \"red\"\n"))
	_, err := LoadStoresFile(path)
	if err == nil {
		t.Fatal("accepted a bad brand_color")
	}
	if got, want := err.Error(), "GATEWAY_STORES_FILE "+path+":5: store b6282b7f-f790-4acc-ab76-26aca5cf1f99: brand_color must be #rrggbb or #rgb, got \"red\""; got != want {
		t.Errorf("message = %q\nwant      %q", got, want)
	}
	if _, err := LoadStoresFile(filepath.Join(dir, "missing.toml")); err == nil || !strings.Contains(err.Error(), "GATEWAY_STORES_FILE") {
		t.Errorf("missing file: %v", err)
	}
}

func FuzzParseStores(f *testing.F) {
	f.Add([]byte("[[store]]\nid = \"b6282b7f-f790-4acc-ab76-26aca5cf1f99\"\napi_key = \"k\"\napi_secret = \"s\"\nframe_ancestors = [\"https://a.example\"]\n"))
	f.Add([]byte("[[store]]\n[[store]]\nx = 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		stores, err := ParseStores(data, "")
		if err == nil && len(stores) == 0 {
			t.Fatal("no error and no store")
		}
		if err != nil {
			if le, ok := err.(*lineError); ok && le.line < 1 {
				t.Fatalf("line %d in %v", le.line, err)
			}
		}
	})
}
