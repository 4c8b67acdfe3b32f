package wptest

import "testing"

// The port's own cases, from what WordPress documents and does for each step.
func TestSanitizeTextField(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":"b"}`, `{"a":"b"}`},
		{"  padded\t", "padded"},
		{"two  spaces", "two spaces"},
		{"tab\tand\nnewline\r\nend", "tab and newline end"},
		{"a%20b", "ab"},
		{"a %2F b", "a b"},
		{"%2%20520", "20"}, // removing %20 joins a new %25, which is removed in turn
		{"x%%2020y", "xy"}, // likewise: "x%%2020y" → "x%20y" → "xy"
		{"%2%2525", "5"},   // "%2%2525" → "%225" → "5"
		{"100%", "100%"},
		{"<b>bold</b>", "&lt;b>bold&lt;/b>"},
		{"\xff", ""},
	}
	for _, tt := range tests {
		if got := SanitizeTextField(tt.in); got != tt.want {
			t.Errorf("SanitizeTextField(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
