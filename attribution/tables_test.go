package attribution

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

// Test helpers that build funnel tables the way ingest will: typed columns
// bound to roles, text interned in a shared Dict.

type colSpec struct {
	role string
	kind funnel.Kind
	text []string // raw values; "" is missing
}

func textCol(role string, v ...string) colSpec { return colSpec{role, funnel.KindText, v} }
func numCol(role string, v ...string) colSpec  { return colSpec{role, funnel.KindNumber, v} }
func timeCol(role string, v ...string) colSpec { return colSpec{role, funnel.KindTime, v} }
func boolCol(role string, v ...string) colSpec { return colSpec{role, funnel.KindBool, v} }

// newTable builds a table of kind k named source from columns of raw text.
func newTable(t testing.TB, dict *funnel.Dict, k funnel.TableKind, source string, cols ...colSpec) *funnel.Table {
	t.Helper()
	tb := &funnel.Table{Kind: k, Source: source, Dict: dict}
	rows := -1
	for _, cs := range cols {
		if rows >= 0 && len(cs.text) != rows {
			t.Fatalf("column %s has %d rows, want %d", cs.role, len(cs.text), rows)
		}
		rows = len(cs.text)
		c := &funnel.Column{Name: cs.role, Role: cs.role, Kind: cs.kind}
		for _, s := range cs.text {
			switch cs.kind {
			case funnel.KindText:
				if s == "" {
					c.Codes = append(c.Codes, funnel.NA)
					c.Missing++
				} else {
					c.Codes = append(c.Codes, dict.Code(s))
				}
			case funnel.KindNumber:
				if s == "" {
					c.Nums = append(c.Nums, math.NaN())
					c.Missing++
					continue
				}
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatalf("column %s: %v", cs.role, err)
				}
				c.Nums = append(c.Nums, v)
			case funnel.KindBool:
				switch s {
				case "":
					c.Bools = append(c.Bools, -1)
					c.Missing++
				case "1", "true", "yes":
					c.Bools = append(c.Bools, 1)
				default:
					c.Bools = append(c.Bools, 0)
				}
			case funnel.KindTime:
				if s == "" {
					c.Times = append(c.Times, funnel.NoTime)
					c.Missing++
					continue
				}
				layout := time.DateTime
				if len(s) == len(time.DateOnly) {
					layout = time.DateOnly
				}
				tm, err := time.Parse(layout, s)
				if err != nil {
					t.Fatalf("column %s: %v", cs.role, err)
				}
				c.Times = append(c.Times, tm.Unix())
			}
		}
		tb.Columns = append(tb.Columns, c)
	}
	tb.Rows = rows
	for i := 0; i < rows; i++ {
		tb.Lines = append(tb.Lines, int32(i+2)) // line 1 is the header
	}
	return tb
}

// csvTable reads a CSV file with a header into a table: each header listed
// in kinds becomes a column of that kind bound to the role of the same
// name; other columns are dropped.
func csvTable(t testing.TB, dict *funnel.Dict, k funnel.TableKind, path string, kinds map[string]funnel.Kind) *funnel.Table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var cols []colSpec
	for ci, h := range recs[0] {
		kind, ok := kinds[h]
		if !ok {
			continue
		}
		cs := colSpec{role: h, kind: kind}
		for _, r := range recs[1:] {
			cs.text = append(cs.text, r[ci])
		}
		cols = append(cols, cs)
	}
	return newTable(t, dict, k, path, cols...)
}

// refTable reads a reference CSV (channel_name first, then numbers) into a
// map channel -> column -> value.
func refTable(t testing.TB, path string) map[string]map[string]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]float64{}
	for _, r := range recs[1:] {
		m := map[string]float64{}
		for i := 1; i < len(r); i++ {
			v, err := strconv.ParseFloat(r[i], 64)
			if err != nil {
				t.Fatal(err)
			}
			m[recs[0][i]] = v
		}
		out[r[0]] = m
	}
	return out
}

const pathDataFile = "../testdata/attribution/channelattribution/PathData.csv"

// pathData reads ChannelAttribution's PathData example.
func pathData(t testing.TB) *Journeys {
	t.Helper()
	tb := csvTable(t, funnel.NewDict(), funnel.Paths, pathDataFile, map[string]funnel.Kind{
		"path": funnel.KindText, "total_conversions": funnel.KindNumber,
		"total_conversion_value": funnel.KindNumber, "total_null": funnel.KindNumber,
	})
	j, err := FromPaths(tb, PathOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return j
}
