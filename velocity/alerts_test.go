package velocity

import (
	"fmt"
	"math"
	"testing"
	"time"
)

// alertRows: two mql -> sql transitions a month, January to April 2026,
// and one in May. Days: Jan 8, 12 (mean 10); Feb 9, 11 (10); Mar 10, 10
// (10); Apr 12, 14 (13); May 1 (on 05-03, the latest entry). As of the
// latest entry, April is the latest complete month: 13 vs the mean of the
// means of January to March, 10: 30% slower.
func alertRows() [][]string {
	var rows [][]string
	add := func(id string, sqlDay time.Time, days int) {
		rows = append(rows, []string{id, "mql", sqlDay.AddDate(0, 0, -days).Format(time.DateOnly)}, []string{id, "sql", sqlDay.Format(time.DateOnly)})
	}
	month := func(m time.Month, days ...int) {
		for i, d := range days {
			add(fmt.Sprintf("%s%d", m, i), time.Date(2026, m, 20, 0, 0, 0, 0, time.UTC), d)
		}
	}
	month(time.January, 8, 12)
	month(time.February, 9, 11)
	month(time.March, 10, 10)
	month(time.April, 12, 14)
	add("May0", time.Date(2026, 5, 3, 0, 0, 0, 0, time.UTC), 1)
	return rows
}

func TestAlerts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		opts   Options
		alerts int
	}{
		{"30% slower crosses 25%", Options{AlertSlower: 0.25, AlertMin: 2}, 1},
		{"30% slower crosses 30%", Options{AlertSlower: 0.30, AlertMin: 2}, 1},
		{"30% slower does not cross 35%", Options{AlertSlower: 0.35, AlertMin: 2}, 0},
		{"too few transitions (min 3)", Options{AlertSlower: 0.25, AlertMin: 3}, 0},
		{"default min 20", Options{AlertSlower: 0.25}, 0},
		// As of 2026-04-15, the latest complete month is March: 10 vs
		// (10 + 10 + ?) - only two months before it: not judged.
		{"too little history", Options{AlertSlower: 0.25, AlertMin: 2, AsOf: time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)}, 0},
		// As of 2026-05-01 00:00 exactly, April has just completed.
		{"as of the end of April", Options{AlertSlower: 0.25, AlertMin: 2, AsOf: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}, 1},
	}
	for _, c := range cases {
		res, err := Analyze(longDataset(t, alertRows()), c.opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Alerts) != c.alerts {
			t.Errorf("%s: %d alerts %v, want %d", c.name, len(res.Alerts), res.Alerts, c.alerts)
			continue
		}
		if c.alerts == 0 {
			continue
		}
		a := res.Alerts[0]
		if a.Period != "2026-04" || a.MeanDays != 13 || a.Baseline != 10 || math.Abs(a.Slower-0.3) > 1e-12 || a.Transitions != 2 {
			t.Errorf("%s: %+v", c.name, a)
		}
		want := "mql->sql 2026-04: mean 13.0 days, 30% slower than 10.0 days (mean of 2026-01, 2026-02, 2026-03); 2 transitions"
		if a.Message != want {
			t.Errorf("%s: message %q, want %q", c.name, a.Message, want)
		}
		rep := res.Report()
		if len(rep.Alerts) != 1 || rep.Alerts[0] != want {
			t.Errorf("%s: report alerts %q", c.name, rep.Alerts)
		}
	}
	res, err := Analyze(longDataset(t, alertRows()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The data are dates: as of the end of 2026-05-03, April is complete.
	if res.LatestComplete != "2026-04" || res.AsOf.Format(time.DateTime) != "2026-05-04 00:00:00" {
		t.Errorf("latest complete %q as of %v", res.LatestComplete, res.AsOf)
	}
	// Monthly means 10, 10, 10, 13, 1 over [1, 13]: levels round(7*9/12) = 5, 5, 5, 7, 0.
	if res.Trend[0].Sparkline != "▆▆▆█▁" {
		t.Errorf("sparkline %q, want ▆▆▆█▁", res.Trend[0].Sparkline)
	}
}
