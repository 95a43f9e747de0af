// Package tabletest builds typed funnel tables from string cells for the
// tests of the analysis packages (velocity, market), as ingest would read
// them, so that a fixture reads as the file it stands for.
package tabletest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// Col describes one column of a test table: its header, role and kind.
type Col struct {
	Name string
	Role string
	Kind funnel.Kind
}

// ParseTime reads "2006-01-02", "2006-01-02 15:04:05" (UTC) or
// "2006-01-02 15:04:05Z07:00"; "" is missing.
func ParseTime(s string) (int64, bool, error) {
	if s == "" {
		return funnel.NoTime, false, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Unix(), true, nil
	}
	for _, layout := range []string{"2006-01-02 15:04:05Z07:00", time.DateTime} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Unix(), false, nil
		}
	}
	return 0, false, fmt.Errorf("bad time %q", s)
}

// Build makes a typed table from string cells, as ingest would: text
// interned in dict, numbers parsed, times as Unix seconds (DateOnly when
// every value is a date), bools 1/0/true/false; "" is missing. Row i gets
// line i+2 (the header is line 1).
func Build(t testing.TB, kind funnel.TableKind, source string, dict *funnel.Dict, cols []Col, rows [][]string) *funnel.Table {
	t.Helper()
	tab := &funnel.Table{Kind: kind, Source: source, Rows: len(rows), Dict: dict}
	for j, c := range cols {
		fc := &funnel.Column{Name: c.Name, Role: c.Role, Kind: c.Kind}
		allDates := true
		for i, row := range rows {
			if len(row) != len(cols) {
				t.Fatalf("row %d has %d cells, want %d", i, len(row), len(cols))
			}
			v := row[j]
			switch c.Kind {
			case funnel.KindText:
				code := funnel.NA
				if v != "" {
					code = dict.Code(v)
				} else {
					fc.Missing++
				}
				fc.Codes = append(fc.Codes, code)
			case funnel.KindNumber:
				f := math.NaN()
				if v != "" {
					var err error
					if f, err = strconv.ParseFloat(v, 64); err != nil {
						t.Fatal(err)
					}
				} else {
					fc.Missing++
				}
				fc.Nums = append(fc.Nums, f)
			case funnel.KindBool:
				b := int8(-1)
				switch strings.ToLower(v) {
				case "1", "true":
					b = 1
				case "0", "false":
					b = 0
				default:
					fc.Missing++
				}
				fc.Bools = append(fc.Bools, b)
			case funnel.KindTime:
				ts, dateOnly, err := ParseTime(v)
				if err != nil {
					t.Fatal(err)
				}
				if v == "" {
					fc.Missing++
				} else if !dateOnly {
					allDates = false
				}
				fc.Times = append(fc.Times, ts)
			}
		}
		if c.Kind == funnel.KindTime {
			fc.DateOnly = allDates && fc.Missing < len(rows)
		}
		tab.Columns = append(tab.Columns, fc)
	}
	for i := range rows {
		tab.Lines = append(tab.Lines, int32(i+2))
	}
	return tab
}

// Near reports whether a and b agree to the relative tolerance tol
// (absolute below 1); two NaNs agree.
func Near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}
