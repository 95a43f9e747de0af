package funnel

import (
	"fmt"
	"strings"
	"unicode"
)

// NameKey is the form in which names given by a user (--target, --by,
// --features, --filter, the config's columns) meet headers and roles:
// letters and digits only, lower case, so that "Won_At", "won at" and
// "WON-AT" are one name.
func NameKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// KeyHasAny reports whether key (a NameKey) holds one of words (NameKeys
// too): the rule by which an activity type's name says what it is
// ("webinar_attended" holds "webinar").
func KeyHasAny(key string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(key, w) {
			return true
		}
	}
	return false
}

// SameName reports whether a and b are one name by NameKey.
func SameName(a, b string) bool { return NameKey(a) == NameKey(b) }

// Matcher tells the rows of a table whose value in one of its columns is
// one of a list of names (by NameKey: "Sales Call" matches "sales_call"),
// with the verdict cached per Dict code, so that a row costs a lookup.
type Matcher struct {
	t     *Table
	cols  []*Column
	names map[string]bool
	seen  []int8 // per Dict code: 0 not yet, 1 a match, 2 none
}

// NewMatcher is the Matcher of names in the text columns cols (nil
// entries and other kinds never match) of t.
func NewMatcher(t *Table, cols []*Column, names []string) *Matcher {
	m := &Matcher{t: t, cols: cols, names: map[string]bool{}, seen: make([]int8, t.Dict.Len())}
	for _, n := range names {
		m.names[NameKey(n)] = true
	}
	return m
}

// Match reports whether row i holds one of the names in one of the
// columns.
func (m *Matcher) Match(i int) bool {
	if len(m.names) == 0 {
		return false
	}
	for _, c := range m.cols {
		if c == nil || c.Kind != KindText || c.Codes[i] == NA {
			continue
		}
		d := c.Codes[i]
		if m.seen[d] == 0 {
			m.seen[d] = 2
			if m.names[NameKey(m.t.Dict.String(d))] {
				m.seen[d] = 1
			}
		}
		if m.seen[d] == 1 {
			return true
		}
	}
	return false
}

// Headers lists the table's headers (Header, else the columns' names),
// quoted and comma-separated ("none" for a table without columns), for an
// error that names a column the table lacks.
func (t *Table) Headers() string {
	names := t.Header
	if names == nil {
		for _, c := range t.Columns {
			names = append(names, c.Name)
		}
	}
	hs := make([]string, len(names))
	for i, h := range names {
		hs[i] = fmt.Sprintf("%q", h)
	}
	if len(hs) == 0 {
		return "none"
	}
	return strings.Join(hs, ", ")
}

// Closest returns the candidate nearest to name, for a "did you mean"
// hint: the one at the smallest edit distance (Levenshtein, over lower
// case runes; the first of equals), when that distance is at most 2, or
// at most a third of name's length for longer names; "" when none is that
// close, or when name is itself a candidate.
func Closest(name string, candidates []string) string {
	lower := []rune(strings.ToLower(name))
	limit := max(2, len(lower)/3)
	best, bestD := "", limit+1
	for _, c := range candidates {
		d := editDistance(lower, []rune(strings.ToLower(c)))
		if d == 0 {
			return ""
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b: the fewest
// insertions, deletions and substitutions that turn a into b.
func editDistance(a, b []rune) int {
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			next := min(row[j]+1, row[j-1]+1, diag+cost)
			diag, row[j] = row[j], next
		}
	}
	return row[len(b)]
}
