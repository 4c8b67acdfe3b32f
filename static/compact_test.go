package static

import (
	"bytes"
	"strings"
	"testing"
)

// The served stylesheet and script are the sources without comments and indentation, and every
// rule and statement of the sources survives.
func TestCompact(t *testing.T) {
	css := compact(".css", []byte("/* a\n   comment */\n.a { color: red; }\n  .b::after { content: \" ▾\"; } /* end */\n"))
	if got, want := string(css), ".a { color: red; }\n.b::after { content: \" ▾\"; }\n"; got != want {
		t.Errorf("css = %q, want %q", got, want)
	}
	js := compact(".js", []byte("// why\n  var a = 1; // kept: not a whole line\n\n  if (/^https?:\\/\\//.test(u)) go();\n"))
	if got, want := string(js), "var a = 1; // kept: not a whole line\nif (/^https?:\\/\\//.test(u)) go();\n"; got != want {
		t.Errorf("js = %q, want %q", got, want)
	}
	if svg := []byte("<svg>  </svg>"); !bytes.Equal(compact(".svg", svg), svg) {
		t.Error("an SVG was changed")
	}
	for _, name := range []string{"checkout.js", "checkout.css"} {
		src, _ := files.ReadFile(name)
		a, _ := ByName(name)
		if len(a.Body) >= len(src) || strings.Contains(string(a.Body), "\n  ") {
			t.Errorf("%s served as %d bytes of %d: not compacted", name, len(a.Body), len(src))
		}
	}
	// Nothing but comments and blanks went: the served script has every statement line.
	src, _ := files.ReadFile("checkout.js")
	a, _ := ByName("checkout.js")
	for _, line := range strings.Split(string(src), "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "//") && !strings.Contains(string(a.Body), l) {
			t.Errorf("line %q lost", l)
		}
	}
}
