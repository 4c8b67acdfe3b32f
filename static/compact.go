package static

import (
	"bytes"
	"regexp"
)

// compact drops what only a reader of the source needs from the stylesheet and the script: the
// comments and the indentation (the first load of a page must stay small). It is deliberately
// simple, so it cannot change meaning: in CSS it removes /* … */ comments (no string of ours holds
// "/*"); in JavaScript only whole lines that are // comments, and every line's leading and
// trailing blanks (the script has no multi-line strings), keeping the line breaks for automatic
// semicolon insertion. Anything else is served as it is.
func compact(ext string, body []byte) []byte {
	switch ext {
	case ".css":
		body = cssComment.ReplaceAll(body, nil)
	case ".js":
	default:
		return body
	}
	var out bytes.Buffer
	for _, line := range bytes.Split(body, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 || ext == ".js" && bytes.HasPrefix(line, []byte("//")) {
			continue
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
