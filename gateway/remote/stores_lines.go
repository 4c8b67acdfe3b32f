package remote

import (
	"bytes"
	"strings"
)

// fileLines says where things are in a stores file, so that a message can name the line: the TOML
// decoder gives positions of syntax errors only, not of the values it decoded.
type fileLines struct {
	top    map[string]int // top-level key or table name → its first line
	tables []tableLines   // the [[store]] tables, in order
}

// tableLines is one [[store]] table: the line of its header and of each of its keys.
type tableLines struct {
	start int
	keys  map[string]int
}

// key is the line of key in the table, the table's header line when the key is not written
// there (or for a problem with the table as a whole, key "").
func (t tableLines) key(key string) int {
	if l, ok := t.keys[key]; ok {
		return l
	}
	return max(t.start, 1)
}

// of is table i, an empty one when the file wrote its stores another way (an inline array).
func (f fileLines) of(i int) tableLines {
	if i < len(f.tables) {
		return f.tables[i]
	}
	return tableLines{start: f.top["store"]}
}

// indexLines scans the file's lines for table headers and "key =" lines. It does not parse
// TOML (the decoder did that); multi-line strings could fool it only into a wrong line number.
func indexLines(data []byte) fileLines {
	f := fileLines{top: map[string]int{}}
	inStore, inOther := false, false
	for n, raw := range bytes.Split(data, []byte("\n")) {
		line, num := strings.TrimSpace(string(raw)), n+1
		switch {
		case strings.HasPrefix(line, "[["):
			name := strings.TrimSpace(strings.Trim(strings.SplitN(line, "]]", 2)[0], "[ "))
			inStore, inOther = name == "store", name != "store"
			if inStore {
				f.tables = append(f.tables, tableLines{start: num, keys: map[string]int{}})
			}
			if _, seen := f.top[name]; !seen {
				f.top[name] = num
			}
		case strings.HasPrefix(line, "["):
			name := strings.TrimSpace(strings.Trim(strings.SplitN(line, "]", 2)[0], "[ "))
			inStore, inOther = false, true
			if _, seen := f.top[name]; !seen {
				f.top[name] = num
			}
		default:
			key, _, ok := strings.Cut(line, "=")
			if !ok || strings.HasPrefix(line, "#") {
				continue
			}
			key = strings.Trim(strings.TrimSpace(key), `"'`)
			switch {
			case inStore:
				t := &f.tables[len(f.tables)-1]
				if _, seen := t.keys[key]; !seen {
					t.keys[key] = num
				}
			case !inOther:
				if _, seen := f.top[key]; !seen {
					f.top[key] = num
				}
			}
		}
	}
	return f
}
