package velocity

import (
	"testing"
	"time"
)

// tzRows are four mql -> sql transitions near the end of March 2026:
//
//	X  mql 2026-03-28 11:00Z (12:00 CET), sql 2026-03-29 10:00Z (12:00 CEST):
//	   across Berlin's DST change; 23 hours = 82800/86400 = 0.958333... days in every zone
//	Y  mql 2026-03-31 20:00Z, sql 2026-03-31 22:30Z: 2.5 h = 0.104166... days;
//	   the sql is 2026-04-01 00:30 in Berlin (CEST, +2), 04:00 in Kolkata
//	Z  mql 2026-03-30 12:00Z, sql 2026-04-01 02:00Z: 1.583333... days;
//	   the sql is 2026-03-31 22:00 in New York (EDT, -4)
//	K  mql 2026-03-31 12:00Z, sql 2026-03-31 18:45Z: 6.75 h = 0.28125 days;
//	   the sql is 2026-04-01 00:15 in Kolkata (IST, +5:30)
var tzRows = [][]string{
	{"X", "mql", "2026-03-28 11:00:00"},
	{"X", "sql", "2026-03-29 10:00:00"},
	{"Y", "mql", "2026-03-31 20:00:00"},
	{"Y", "sql", "2026-03-31 22:30:00"},
	{"Z", "mql", "2026-03-30 12:00:00"},
	{"Z", "sql", "2026-04-01 02:00:00"},
	{"K", "mql", "2026-03-31 12:00:00"},
	{"K", "sql", "2026-03-31 18:45:00"},
}

func TestVelocityTimeZones(t *testing.T) {
	t.Parallel()
	const (
		x = 23.0 / 24
		y = 2.5 / 24
		z = 1 + 14.0/24
		k = 6.75 / 24
	)
	// Which month each sql falls in, per zone; durations never change.
	cases := []struct {
		zone       string
		march      []float64
		april      []float64
		marchMeanW float64
	}{
		{"UTC", []float64{x, y, k}, []float64{z}, (x + y + k) / 3},
		{"Europe/Berlin", []float64{x, k}, []float64{y, z}, (x + k) / 2},
		{"America/New_York", []float64{x, y, z, k}, nil, (x + y + z + k) / 4},
		{"Asia/Kolkata", []float64{x}, []float64{y, z, k}, x},
	}
	for _, c := range cases {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Analyze(longDataset(t, tzRows), Options{Location: loc, To: time.Date(2026, 4, 15, 0, 0, 0, 0, loc)})
		if err != nil {
			t.Fatal(err)
		}
		mar := velocityRow(t, res, "2026-03", "mql", "sql")
		apr := velocityRow(t, res, "2026-04", "mql", "sql")
		if mar.Transitions != len(c.march) || apr.Transitions != len(c.april) {
			t.Errorf("%s: March %d April %d transitions, want %d %d", c.zone, mar.Transitions, apr.Transitions, len(c.march), len(c.april))
			continue
		}
		if !near(mar.MeanDays, c.marchMeanW, 1e-12) {
			t.Errorf("%s: March mean %v, want %v", c.zone, mar.MeanDays, c.marchMeanW)
		}
	}
}

func TestVelocityDSTWeek(t *testing.T) {
	t.Parallel()
	berlin, _ := time.LoadLocation("Europe/Berlin")
	res, err := Analyze(longDataset(t, tzRows[:2]), Options{Location: berlin, Period: Week, Detail: true})
	if err != nil {
		t.Fatal(err)
	}
	// X: 2026-03-28 (Saturday) to 2026-03-29 (Sunday), both in 2026-W13; 23 h.
	v := velocityRow(t, res, "2026-W13", "mql", "sql")
	if v.Transitions != 1 || v.MeanDays != 82800.0/86400 {
		t.Errorf("2026-W13: %+v, want 1 transition of 82800/86400 days", v)
	}
	if d := res.Detail[0]; d.FromAt != mustUnix(t, "2026-03-28 11:00:00") {
		t.Errorf("detail: %+v", d)
	}
	rep := res.Report()
	df, _ := rep.Table("transitions")
	// Entry times are shown in the report's zone: 12:00 CET and 12:00 CEST.
	if got := df.Col("from_at").Records()[0] + " " + df.Col("to_at").Records()[0]; got != "2026-03-28 12:00:00 2026-03-29 12:00:00" {
		t.Errorf("detail times in Berlin: %s", got)
	}
}

// leapRows are date-only entries around the leap day 2024-02-29.
//
//	P  mql 2024-02-28, sql 2024-03-01: 2 days (2024 has a 29 February), March, 2024-W09
//	Q  mql 2024-02-29, sql 2024-02-29: 0 days, February, 2024-W09
//	R  mql 2023-12-31, sql 2024-01-01: 1 day, January, 2024-W01 (2023-12-31 is in 2023-W52)
var leapRows = [][]string{
	{"P", "mql", "2024-02-28"},
	{"P", "sql", "2024-03-01"},
	{"Q", "sql", "2024-02-29"},
	{"Q", "mql", "2024-02-29"},
	{"R", "mql", "2023-12-31"},
	{"R", "sql", "2024-01-01"},
}

func TestVelocityLeapDay(t *testing.T) {
	t.Parallel()
	la, _ := time.LoadLocation("America/Los_Angeles")
	for _, loc := range []*time.Location{time.UTC, la} {
		// Dates have no zone: Los Angeles must not move 2024-03-01 to February.
		res, err := Analyze(longDataset(t, leapRows), Options{Location: loc})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][2]float64{"2024-01": {1, 1}, "2024-02": {1, 0}, "2024-03": {1, 2}}
		for p, w := range want {
			v := velocityRow(t, res, p, "mql", "sql")
			if v.Transitions != int(w[0]) || v.MeanDays != w[1] {
				t.Errorf("%v %s: %+v, want %v transitions of %v days", loc, p, v, w[0], w[1])
			}
		}
		res, err = Analyze(longDataset(t, leapRows), Options{Location: loc, Period: Week})
		if err != nil {
			t.Fatal(err)
		}
		// Weeks 2024-W01 .. 2024-W09 (the series starts at R's mql in 2023-W52).
		if res.Periods[0] != "2023-W52" || res.Periods[len(res.Periods)-1] != "2024-W09" || len(res.Periods) != 10 {
			t.Errorf("%v weeks: %v", loc, res.Periods)
		}
		v := velocityRow(t, res, "2024-W09", "mql", "sql")
		if v.Transitions != 2 || v.MeanDays != 1 || v.MedianDays != 1 || v.P90Days != 1.8 {
			// days 0 and 2: mean 1, median 1, p90 0 + 0.9*2 = 1.8
			t.Errorf("%v 2024-W09: %+v", loc, v)
		}
	}
	if got := roundDays(23 * 3600); got != 86400 {
		t.Errorf("roundDays(23h) = %d, want 86400 (local midnights across DST)", got)
	}
	if got := roundDays(25 * 3600); got != 86400 {
		t.Errorf("roundDays(25h) = %d, want 86400", got)
	}
}

func TestVelocityFromTo(t *testing.T) {
	t.Parallel()
	// From 2026-02-15 and To 2026-02-20 select the whole of February; A's sql
	// (January) still serves as the earlier entry of its opportunity.
	res, err := Analyze(longDataset(t, handRows), Options{
		From: time.Date(2026, 2, 15, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Periods) != 1 || res.Periods[0] != "2026-02" {
		t.Fatalf("periods %v, want [2026-02]", res.Periods)
	}
	// February of TestVelocityHand: mql->sql 2 (recycle 1), sql->opp 1, opp->cust 1.
	if res.Transitions != 4 || res.Recycles != 1 || res.Skipped != 0 {
		t.Errorf("February: %d transitions %d recycles %d skipped, want 4 1 0", res.Transitions, res.Recycles, res.Skipped)
	}
	if v := velocityRow(t, res, "2026-02", "sql", "opportunity"); v.Transitions != 1 || v.MeanDays != 20 {
		t.Errorf("sql->opportunity: %+v", v)
	}
	if _, err := Analyze(longDataset(t, handRows), Options{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}); err == nil {
		t.Error("To before From: no error")
	}
	// Quarters: all of handRows is 2026-Q1: 9 transitions.
	res, err = Analyze(longDataset(t, handRows), Options{Period: Quarter})
	if err != nil {
		t.Fatal(err)
	}
	if v := velocityRow(t, res, "2026-Q1", "mql", "sql"); v.Transitions != 5 || !near(v.MeanDays, 7.9, 1e-12) {
		t.Errorf("2026-Q1 mql->sql: %+v (want 5, mean 7.9 as the trend of TestVelocityHand)", v)
	}
}
