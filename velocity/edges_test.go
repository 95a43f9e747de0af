package velocity

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
)

// TestAsOfCut: entries at or after Options.AsOf are left out of every
// table, counted in a warning; the series ends with the data before it.
// Fixture: A mql 01-05 -> sql 01-15 (10 days, January); B mql 02-01 ->
// sql 2099-02-11 (a typo); C mql 03-01 -> sql 03-04 (3 days, March).
func TestAsOfCut(t *testing.T) {
	t.Parallel()
	rows := [][]string{
		{"A", "mql", "2024-01-05"}, {"A", "sql", "2024-01-15"},
		{"B", "mql", "2024-02-01"}, {"B", "sql", "2099-02-11"},
		{"C", "mql", "2024-03-01"}, {"C", "sql", "2024-03-04"},
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	cases := []struct {
		name     string
		asOf     time.Time
		periods  []string
		means    []float64 // mql->sql per period
		entries  int
		open     []int // conversion still_open of mql per period
		complete string
		warning  string
	}{
		// Without an as-of the typo stretches the series to 2099-02
		// (Analyze's own default, the latest entry; the command caps it).
		{"no as-of", time.Time{}, nil, nil, 6, nil, "2099-01", ""},
		// As of the end of 2024-03-31: B's sql has not happened: B's mql
		// is still open in February; 5 entries.
		{"as of 2024-04-01", day(2024, 4, 1), []string{"2024-01", "2024-02", "2024-03"}, []float64{10, math.NaN(), 3}, 5, []int{0, 1, 0}, "2024-03",
			"stages.csv: 1 stage entry left out, dated at or after the as-of time (2099-02-11): a typo in the year, or give a later --as-of"},
		// As of 2024-03-01 00:00: C's two entries (on 03-01 and 03-04) and
		// B's sql are at or after it.
		{"as of 2024-03-01", day(2024, 3, 1), []string{"2024-01", "2024-02"}, []float64{10, math.NaN()}, 3, []int{0, 1}, "2024-02",
			"stages.csv: 3 stage entries left out, dated at or after the as-of time (2024-03-01 to 2099-02-11): a typo in the year, or give a later --as-of"},
	}
	for _, c := range cases {
		res, err := Analyze(longDataset(t, rows), Options{AsOf: c.asOf})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if c.periods == nil {
			// 2024-01 to 2099-02: 75 years and 2 months.
			if n := len(res.Periods); n != 75*12+2 || res.LatestComplete != c.complete {
				t.Errorf("%s: %d periods, latest complete %q", c.name, n, res.LatestComplete)
			}
			continue
		}
		if !reflect.DeepEqual(res.Periods, c.periods) || res.Entries != c.entries || res.LatestComplete != c.complete {
			t.Errorf("%s: periods %v entries %d latest complete %q", c.name, res.Periods, res.Entries, res.LatestComplete)
		}
		for i, p := range c.periods {
			if v := velocityRow(t, res, p, "mql", "sql"); !near(v.MeanDays, c.means[i], 0) {
				t.Errorf("%s: %s mean %v, want %v", c.name, p, v.MeanDays, c.means[i])
			}
			if cv := conversionRow(t, res, p, "mql"); cv.StillOpen != c.open[i] {
				t.Errorf("%s: %s still open %d, want %d", c.name, p, cv.StillOpen, c.open[i])
			}
		}
		if got := res.Warnings[len(res.Warnings)-1]; got != c.warning {
			t.Errorf("%s: warning %q, want %q", c.name, got, c.warning)
		}
	}
	// As of before every entry: an error that says so.
	_, err := Analyze(longDataset(t, rows), Options{AsOf: day(2023, 12, 31)})
	want := "no stage data: stages.csv: all 6 stage entries on the ladder are dated at or after the as-of time (2024-01-05 to 2099-02-11): give a later --as-of"
	if !errors.Is(err, ErrNoStages) || err.Error() != want {
		t.Errorf("as of 2023-12-31: %v, want %q", err, want)
	}
}

// TestNumericEdges: degenerate inputs give warnings or errors, and no
// figure is infinite; a missing figure is NaN (shown as NA).
func TestNumericEdges(t *testing.T) {
	t.Parallel()
	month := func(m time.Month, d int) string {
		return time.Date(2024, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	// All entries at one instant, five months: every transition 0 days.
	var same [][]string
	for m := time.January; m <= time.May; m++ {
		for i := 0; i < 3; i++ {
			id := m.String() + string(rune('a'+i))
			same = append(same, []string{id, "mql", month(m, 10)}, []string{id, "sql", month(m, 10)})
		}
	}
	cases := []struct {
		name     string
		rows     [][]string
		opts     Options
		warnings []string
		err      string
	}{
		{"one stage", handRows, Options{Order: []string{"mql"}}, []string{
			// handRows' spellings off the ladder, in order of first appearance.
			`stages.csv: 10 rows with stages not on the ladder (mql) skipped: "SQL" (1), "sql" (3), "Opportunity" (1), "opportunity" (2), "Sales Qualified Lead" (1), "Customer" (1), "customer" (1)`,
			"the ladder has a single stage (mql): no transitions to measure"}, ""},
		// Each entity has one entry: no transition, every entry still open.
		{"single events", [][]string{{"A", "mql", "2024-01-01"}, {"B", "sql", "2024-02-01"}}, Options{}, nil, ""},
		// Means of 0 days all along are never "slower" (no 0/0 alert).
		{"same instant", same, Options{AlertSlower: 0.25, AlertMin: 1}, nil, ""},
		{"alerts, three periods", handRows, Options{AlertSlower: 0.25, AlertMin: 1}, []string{
			"alerts: the series has 2 complete periods (2026-01 to 2026-02); a judgement needs 4 (the latest complete period and the 3 before it): no transition judged"}, ""},
		{"alerts, latest complete after To", alertRows(), Options{AlertSlower: 0.25, AlertMin: 1, To: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)}, []string{
			"alerts: the latest complete period, 2026-04, is after the last period shown, 2026-02: no transition judged"}, ""},
		{"no stage on the ladder", [][]string{{"A", "mql", "2024-01-01"}, {"A", "SQL", "2024-01-02"}, {"B", "mql", "2024-01-03"}}, Options{Order: []string{"trial", "paid"}}, nil,
			`no stage data: stages.csv: no stage entry on the ladder (trial, paid); found "mql" (2), "SQL" (1): check the ladder (--stage-order)`},
	}
	for _, c := range cases {
		res, err := Analyze(longDataset(t, c.rows), c.opts)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(res.Warnings, c.warnings) {
			t.Errorf("%s: warnings %q, want %q", c.name, res.Warnings, c.warnings)
		}
		if len(res.Alerts) != 0 {
			t.Errorf("%s: alerts %v", c.name, res.Alerts)
		}
		for _, v := range res.Velocity {
			for _, f := range []float64{v.MeanDays, v.MedianDays, v.P90Days} {
				if math.IsInf(f, 0) || v.Transitions == 0 && !math.IsNaN(f) || v.Transitions > 0 && math.IsNaN(f) {
					t.Errorf("%s: %+v", c.name, v)
				}
			}
		}
		for _, cv := range res.Conversion {
			if math.IsInf(cv.Rate, 0) || cv.Entered == 0 && !math.IsNaN(cv.Rate) {
				t.Errorf("%s: %+v", c.name, cv)
			}
		}
		switch c.name {
		case "one stage":
			if len(res.Velocity)+len(res.Conversion)+len(res.Trend) != 0 {
				t.Errorf("one stage: rows %v %v %v", res.Velocity, res.Conversion, res.Trend)
			}
		case "single events":
			// A's mql: entered 1, still open 1, rate 0/1 = 0 (January);
			// mql->sql in February: no transition (B has no mql).
			cv := conversionRow(t, res, "2024-01", "mql")
			if cv.Entered != 1 || cv.StillOpen != 1 || cv.Rate != 0 || res.Transitions != 0 {
				t.Errorf("single events: %+v, %d transitions", cv, res.Transitions)
			}
		case "same instant":
			// 3 transitions a month, 0 days each; the trend sparkline of
			// equal values is ▄ throughout.
			for _, v := range res.Velocity {
				if v.Transitions != 3 || v.MeanDays != 0 || v.P90Days != 0 {
					t.Errorf("same instant: %+v", v)
				}
			}
			if res.Trend[0].Sparkline != "▄▄▄▄▄" {
				t.Errorf("same instant: sparkline %q", res.Trend[0].Sparkline)
			}
		}
	}
}
