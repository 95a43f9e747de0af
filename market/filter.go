package market

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// Filter is a parsed target definition such as "employees>=200" or
// "employees >= 200 and region = 'EMEA'": clauses joined by "and", "&&" or
// ",", all of which must hold. A clause is a column (header or role), one of
// the operators >= <= > < = == != and a value: a number, a date
// (2006-01-02) or a string, optionally quoted with ' or ". Text compares
// with = and != only, ignoring case and surrounding spaces; a missing value
// never matches. Quote a value that holds " and " or a comma.
type Filter struct {
	Source  string
	Clauses []Clause
}

// Clause is one comparison of a Filter.
type Clause struct {
	Column string
	Op     string // >=, <=, >, <, =, !=
	Value  string
}

var filterOps = []string{">=", "<=", "!=", "==", "=", ">", "<"}

// ParseFilter reads a filter expression; "" gives a nil Filter (no filter).
func ParseFilter(s string) (*Filter, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	f := &Filter{Source: s}
	for _, part := range splitClauses(s) {
		c, err := parseClause(part)
		if err != nil {
			return nil, fmt.Errorf("%w: %q: %v", ErrBadFilter, s, err)
		}
		f.Clauses = append(f.Clauses, c)
	}
	return f, nil
}

// splitClauses splits at "and", "&&" and "," outside quotes.
func splitClauses(s string) []string {
	var parts []string
	var quote rune
	start := 0
	for i := 0; i < len(s); i++ {
		c := rune(s[i])
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == ',':
			parts, start = append(parts, s[start:i]), i+1
		case strings.HasPrefix(s[i:], "&&"):
			parts, start = append(parts, s[start:i]), i+2
			i++
		case i > 0 && len(s) >= i+3 && isSpace(s[i-1]) && strings.EqualFold(s[i:i+3], "and") && (len(s) == i+3 || isSpace(s[i+3])):
			parts, start = append(parts, s[start:i]), i+3
			i += 2
		}
	}
	return append(parts, s[start:])
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' }

func parseClause(s string) (Clause, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Clause{}, fmt.Errorf("empty condition")
	}
	best, op := -1, ""
	for _, o := range filterOps {
		if i := strings.Index(s, o); i >= 0 && (best < 0 || i < best || (i == best && len(o) > len(op))) {
			best, op = i, o
		}
	}
	if best < 0 {
		return Clause{}, fmt.Errorf("condition %q has no operator (one of >= <= > < = !=)", s)
	}
	col := strings.TrimSpace(s[:best])
	val := strings.TrimSpace(s[best+len(op):])
	if op == "==" {
		op = "="
	}
	if col == "" {
		return Clause{}, fmt.Errorf("condition %q names no column", s)
	}
	if strings.HasPrefix(val, "=") || strings.HasPrefix(val, "<") || strings.HasPrefix(val, ">") {
		return Clause{}, fmt.Errorf("condition %q: unknown operator", s)
	}
	if n := len(val); n >= 2 && (val[0] == '\'' || val[0] == '"') {
		if val[n-1] != val[0] {
			return Clause{}, fmt.Errorf("condition %q: unbalanced quote", s)
		}
		val = val[1 : n-1]
	} else if val == "" {
		return Clause{}, fmt.Errorf("condition %q has no value", s)
	}
	return Clause{Column: col, Op: op, Value: val}, nil
}

// compare applies op to the sign of a comparison (-1, 0, 1).
func compare(op string, sign int) bool {
	switch op {
	case ">=":
		return sign >= 0
	case "<=":
		return sign <= 0
	case ">":
		return sign > 0
	case "<":
		return sign < 0
	case "=":
		return sign == 0
	}
	return sign != 0 // !=
}

// Compile binds the filter to table t: it returns whether row r passes.
// A nil Filter passes every row.
func (f *Filter) Compile(t *funnel.Table) (func(r int) bool, error) {
	if f == nil {
		return func(int) bool { return true }, nil
	}
	var tests []func(r int) bool
	for _, c := range f.Clauses {
		test, err := c.compile(t)
		if err != nil {
			return nil, fmt.Errorf("%w: %q: %v", ErrBadFilter, f.Source, err)
		}
		tests = append(tests, test)
	}
	return func(r int) bool {
		for _, test := range tests {
			if !test(r) {
				return false
			}
		}
		return true
	}, nil
}

func (c Clause) compile(t *funnel.Table) (func(r int) bool, error) {
	col := t.Named(c.Column)
	if col == nil {
		return nil, fmt.Errorf("%s has no column %q (columns: %s)", t.Source, c.Column, t.Headers())
	}
	switch col.Kind {
	case funnel.KindNumber:
		v, err := strconv.ParseFloat(c.Value, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%q is not a number (column %q holds numbers)", c.Value, col.Name)
		}
		return func(r int) bool {
			x := col.Nums[r]
			if math.IsNaN(x) {
				return false
			}
			return compare(c.Op, cmp.Compare(x, v))
		}, nil
	case funnel.KindTime:
		v, err := parseFilterTime(c.Value)
		if err != nil {
			return nil, fmt.Errorf("%q is not a date like 2026-01-31 (column %q holds dates)", c.Value, col.Name)
		}
		return func(r int) bool {
			x := col.Times[r]
			return x != funnel.NoTime && compare(c.Op, cmp.Compare(x, v))
		}, nil
	case funnel.KindBool:
		var v int8
		switch strings.ToLower(c.Value) {
		case "1", "true", "yes", "y":
			v = 1
		case "0", "false", "no", "n":
			v = 0
		default:
			return nil, fmt.Errorf("%q is not true or false (column %q holds booleans)", c.Value, col.Name)
		}
		if c.Op != "=" && c.Op != "!=" {
			return nil, fmt.Errorf("column %q holds booleans: use = or !=, not %s", col.Name, c.Op)
		}
		return func(r int) bool {
			x := col.Bools[r]
			return x >= 0 && compare(c.Op, cmp.Compare(x, v))
		}, nil
	}
	if c.Op != "=" && c.Op != "!=" {
		return nil, fmt.Errorf("column %q holds text: use = or !=, not %s", col.Name, c.Op)
	}
	// Text: compare each distinct code once.
	match := make(map[int32]bool)
	return func(r int) bool {
		code := col.Codes[r]
		if code == funnel.NA {
			return false
		}
		m, ok := match[code]
		if !ok {
			m = c.MatchText(t.Dict.String(code))
			match[code] = m
		}
		return m == (c.Op == "=")
	}, nil
}

// MatchText reports whether the text s equals the clause's value as a
// text column's clause compares them: ignoring case and surrounding
// spaces (whatever Op is).
func (c Clause) MatchText(s string) bool { return strings.EqualFold(strings.TrimSpace(s), c.Value) }

// FilterTime reads the value of a clause on a time column as Unix
// seconds (a date, a date and time, or RFC 3339).
func FilterTime(s string) (int64, error) { return parseFilterTime(s) }

func parseFilterTime(s string) (int64, error) {
	for _, layout := range []string{time.DateOnly, time.DateTime, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Unix(), nil
		}
	}
	return 0, fmt.Errorf("bad date")
}
