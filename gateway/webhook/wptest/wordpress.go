package wptest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// wordpressShim loads WordPress's own formatting.php and kses.php and stubs the three functions of
// a running WordPress that sanitize_text_field reaches outside them (options, filters, charset
// names); it then sanitizes every NUL-NUL-separated text on standard input.
const wordpressShim = `<?php
function wp_load_alloptions() { return array('blog_charset' => 'UTF-8'); }
function get_option($name) { return $name === 'blog_charset' ? 'UTF-8' : ''; }
function apply_filters($hook, $value, ...$args) { return $value; }
function _canonical_charset($c) { return strtoupper($c) === 'UTF8' ? 'UTF-8' : $c; }
require getenv('WORDPRESS_DIR') . '/wp-includes/formatting.php';
require getenv('WORDPRESS_DIR') . '/wp-includes/kses.php';
$out = array();
foreach (explode("\0\0", stream_get_contents(STDIN)) as $s) { $out[] = sanitize_text_field($s); }
echo implode("\0\0", $out);
`

// WordPress returns a function that runs the real sanitize_text_field of the WordPress sources at
// WORDPRESS_DIR (`.ci/test` unpacks Debian's wordpress package there) with the php command, over
// many texts at once. Without php or the sources the test fails in CI (CI=true) and is skipped
// elsewhere. Texts must not contain two NUL bytes in a row.
func WordPress(t testing.TB) func(texts []string) []string {
	t.Helper()
	dir := os.Getenv("WORDPRESS_DIR")
	php, err := exec.LookPath("php")
	missing := ""
	switch {
	case err != nil:
		missing = "the php command"
	case dir == "":
		missing = "WORDPRESS_DIR"
	default:
		if _, err := os.Stat(filepath.Join(dir, "wp-includes", "formatting.php")); err != nil {
			missing = "WordPress's wp-includes/formatting.php under WORDPRESS_DIR"
		}
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing: .ci/test installs php-cli and unpacks Debian's wordpress package", missing)
		}
		t.Skipf("%s is missing (run the tests through make test, which sets them up)", missing)
	}
	return func(texts []string) []string {
		t.Helper()
		cmd := exec.Command(php, "-d", "display_errors=stderr", "-r", strings.TrimPrefix(wordpressShim, "<?php\n"))
		cmd.Env = append(os.Environ(), "WORDPRESS_DIR="+dir)
		cmd.Stdin = strings.NewReader(strings.Join(texts, "\x00\x00"))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("php: %v: %s", err, stderr.String())
		}
		got := strings.Split(string(out), "\x00\x00")
		if len(got) != len(texts) {
			t.Fatalf("php sanitized %d texts, want %d: %s", len(got), len(texts), stderr.String())
		}
		return got
	}
}
