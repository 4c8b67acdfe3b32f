// Package wptest holds what tests need to stand in for a WordPress merchant: a Go port of
// WordPress's sanitize_text_field, which the WooCommerce plugin for this API runs on a webhook's
// raw body before it checks the body's HMAC.
package wptest

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	whiteRun   = regexp.MustCompile(`[\r\n\t ]+`)
	percentHex = regexp.MustCompile(`(?i)%[a-f0-9]{2}`)
	spaceRun   = regexp.MustCompile(` +`)
)

// phpTrimSet is what PHP's trim() removes from both ends by default.
const phpTrimSet = " \t\n\r\x00\x0B"

// SanitizeTextField ports _sanitize_text_fields($str, false) of wp-includes/formatting.php, step by step:
//  1. wp_check_invalid_utf8: invalid UTF-8 gives "";
//  2. a '<' runs wp_pre_kses_less_than and wp_strip_all_tags: a lone '<' becomes "&lt;", a tag is
//     removed; either way a text with '<' never comes back as it was, so it is reported changed by
//     returning it with every '<' replaced by "&lt;" (the lone-'<' case, the mildest of the two);
//  3. every run of \r, \n, \t and space becomes one space;
//  4. trim();
//  5. every %XX (hex, any case) is removed, again until none is left (a removal can join a new
//     one), then runs of spaces are collapsed and the text trimmed once more.
func SanitizeTextField(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	if strings.Contains(s, "<") {
		s = strings.ReplaceAll(s, "<", "&lt;")
	}
	s = whiteRun.ReplaceAllString(s, " ")
	s = strings.Trim(s, phpTrimSet)
	found := false
	for {
		m := percentHex.FindString(s)
		if m == "" {
			break
		}
		s = strings.ReplaceAll(s, m, "") // str_replace: every occurrence of that match
		found = true
	}
	if found {
		s = strings.Trim(spaceRun.ReplaceAllString(s, " "), phpTrimSet)
	}
	return s
}
