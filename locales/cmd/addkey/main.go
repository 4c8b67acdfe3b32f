// Command addkey adds a new message to every locale: the English text to en.json, and to each
// other language the same text behind locales.TodoMarker, which the completeness test reports
// until someone translates it. Run it through make:
//
//	make i18n-add KEY=pay.memo_warning TEXT="Add the memo, or the payment is lost."
//	make i18n-add KEY=dedicate.days ONE="{{.Count}} day" TEXT="{{.Count}} days"
//
// With ONE the message is counted: "one" and "other" forms; languages needing more forms (ru, ar…)
// are reported by the completeness test too.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/cryptocheckout/checkout/locales"
)

func main() {
	dir := flag.String("dir", "locales", "the directory of the locale files")
	// make i18n-add passes the values in the environment (I18N_KEY, I18N_TEXT, I18N_ONE).
	key := flag.String("key", os.Getenv("I18N_KEY"), "the new message's id, e.g. pay.memo_warning")
	text := flag.String("text", os.Getenv("I18N_TEXT"), "the English text (the \"other\" form of a counted message)")
	one := flag.String("one", os.Getenv("I18N_ONE"), "the English singular, for a counted message")
	flag.Parse()
	if err := addKey(*dir, *key, *text, *one); err != nil {
		fmt.Fprintln(os.Stderr, "addkey:", err)
		os.Exit(1)
	}
}

var validKey = regexp.MustCompile(`^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$`)

// addKey appends the message to every *.json file of dir. Files are edited as text, so their
// order, grouping and comments-free layout stay as people wrote them; each result is checked to
// still be valid JSON before anything is written.
func addKey(dir, key, text, one string) error {
	if !validKey.MatchString(key) {
		return fmt.Errorf("key %q: use dotted lowercase words, like pay.memo_warning", key)
	}
	if strings.TrimSpace(text) == "" {
		return errors.New("TEXT is empty")
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return fmt.Errorf("no locale files in %s", dir)
	}
	out := map[string][]byte{}
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		var existing map[string]json.RawMessage
		if err := json.Unmarshal(data, &existing); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if _, ok := existing[key]; ok {
			return fmt.Errorf("%s already has %q", name, key)
		}
		mark := locales.TodoMarker
		if strings.TrimSuffix(filepath.Base(name), ".json") == locales.Reference {
			mark = ""
		}
		value, err := encode(mark, text, one)
		if err != nil {
			return err
		}
		next, err := appendEntry(data, key, value)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		out[name] = next
	}
	for _, name := range names {
		if err := os.WriteFile(name, out[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}

// encode writes the message's JSON value: a string, or {"one", "other"} for a counted message.
func encode(mark, text, one string) ([]byte, error) {
	var v any = mark + text
	if one != "" {
		v = struct {
			One   string `json:"one"`
			Other string `json:"other"`
		}{mark + one, mark + text}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "<" and "&" stay readable for translators
	if one != "" {
		enc.SetIndent("  ", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// appendEntry adds "key": value as the last member of the JSON object in data.
func appendEntry(data []byte, key string, value []byte) ([]byte, error) {
	body := bytes.TrimRight(data, " \t\r\n")
	if !bytes.HasSuffix(body, []byte("}")) {
		return nil, errors.New("the file does not end with the object's closing brace")
	}
	body = bytes.TrimRight(body[:len(body)-1], " \t\r\n")
	k, _ := json.Marshal(key)
	var b bytes.Buffer
	b.Write(body)
	if !bytes.HasSuffix(body, []byte("{")) {
		b.WriteString(",")
	}
	b.WriteString("\n  ")
	b.Write(k)
	b.WriteString(": ")
	b.Write(value)
	b.WriteString("\n}\n")
	if !json.Valid(b.Bytes()) {
		return nil, errors.New("the result would not be valid JSON")
	}
	return b.Bytes(), nil
}
