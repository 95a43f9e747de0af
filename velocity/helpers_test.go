package velocity

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // tests name zones; do not depend on the system's zoneinfo

	"github.com/funnel-analytics/funnel/funnel"
)

// col describes one column of a test table: its header, role and kind.
type col struct {
	name string
	role string
	kind funnel.Kind
}

// parseTestTime reads "2006-01-02", "2006-01-02 15:04:05" (UTC) or
// "2006-01-02 15:04:05Z07:00"; "" is missing.
func parseTestTime(s string) (int64, bool, error) {
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

// buildTable makes a typed table from string cells, as ingest would: text
// interned in dict, numbers parsed, times as Unix seconds (DateOnly when
// every value is a date), bools 1/0/true/false; "" is missing. Row i gets
// line i+2 (the header is line 1).
func buildTable(t testing.TB, kind funnel.TableKind, source string, dict *funnel.Dict, cols []col, rows [][]string) *funnel.Table {
	t.Helper()
	tab := &funnel.Table{Kind: kind, Source: source, Rows: len(rows), Dict: dict}
	for j, c := range cols {
		fc := &funnel.Column{Name: c.name, Role: c.role, Kind: c.kind}
		allDates := true
		for i, row := range rows {
			if len(row) != len(cols) {
				t.Fatalf("row %d has %d cells, want %d", i, len(row), len(cols))
			}
			v := row[j]
			switch c.kind {
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
				ts, dateOnly, err := parseTestTime(v)
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
		if c.kind == funnel.KindTime {
			fc.DateOnly = allDates && fc.Missing < len(rows)
		}
		tab.Columns = append(tab.Columns, fc)
	}
	for i := range rows {
		tab.Lines = append(tab.Lines, int32(i+2))
	}
	return tab
}

var longCols = []col{
	{"entity_id", funnel.RoleEntityID, funnel.KindText},
	{"stage", funnel.RoleStage, funnel.KindText},
	{"entered_at", funnel.RoleEnteredAt, funnel.KindTime},
}

// longDataset returns a dataset whose stages table is rows of (entity, stage, time).
func longDataset(t testing.TB, rows [][]string) *funnel.Dataset {
	ds := funnel.NewDataset()
	ds.Stages = buildTable(t, funnel.Stages, "stages.csv", ds.Dict, longCols, rows)
	return ds
}

func near(a, b, tol float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// velocityRow finds the row of period, from -> to (no groups).
func velocityRow(t *testing.T, r *Result, period, from, to string) VelocityRow {
	t.Helper()
	for _, v := range r.Velocity {
		if v.Period == period && v.From == from && v.To == to {
			return v
		}
	}
	t.Fatalf("no velocity row %s %s->%s in %v", period, from, to, r.Periods)
	return VelocityRow{}
}

func conversionRow(t *testing.T, r *Result, period, stage string) ConversionRow {
	t.Helper()
	for _, v := range r.Conversion {
		if v.Period == period && v.Stage == stage {
			return v
		}
	}
	t.Fatalf("no conversion row %s %s", period, stage)
	return ConversionRow{}
}
