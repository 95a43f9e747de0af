package report

import (
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/speed"
	"github.com/funnel-analytics/funnel/velocity"
)

// speedSet reads testdata/report/speed (leads with owner and lead_source,
// touches, stages on the ladder mql, sql, opportunity) and its
// sales_activities.csv, every row a sales touch.
//
// Delays from MQL to the first sales touch at or after it, by hand:
//
//	January   J1 3 min, J2 120 min, J3 1440 min           median 120
//	February  F1 2 (Ann, web), F2 30 (Ann, web), F3 360 (Bob, event),
//	          F4 4320 (Bob, event), F5 15840 (Ann, event: its call on
//	          02-10 came before its MQL), F6 none (Bob, web: its call on
//	          03-03 is after the as-of time), F7 4 (Ann, web)
//	          touched median (30+360)/2 = 195
//
// Conversion after the start by 03-01: SQL F1, F2, F3, F7; opportunity F1
// (F7's on 03-05 is too late).
func speedSet(t *testing.T) (*funnel.Dataset, *funnel.Table) {
	dir := filepath.Join("..", "testdata", "report", "speed")
	ds := loadDir(t, dir, funnel.Leads, funnel.Touches, funnel.Stages)
	return ds, loadTouches(t, ds, filepath.Join(dir, "sales_activities.csv"))
}

// column returns a table's column as floats by the value of its first
// column.
func column(t *testing.T, rep *funnel.Report, table, col string) map[string]float64 {
	t.Helper()
	df, ok := rep.Table(table)
	if !ok {
		t.Fatalf("no table %s (tables %v)", table, tableNames(rep))
	}
	keys, vals := df.Col(df.Names()[0]).Records(), df.Col(col).Float()
	out := map[string]float64{}
	for i, k := range keys {
		out[k] = vals[i]
	}
	return out
}

func tableNames(rep *funnel.Report) []string {
	var names []string
	for _, t := range rep.Tables {
		names = append(names, t.Name)
	}
	return names
}

// sameFloats compares maps of floats at 1e-4 (the Wilson bounds are
// given to four places), NaN equal to NaN.
func sameFloats(got, want map[string]float64) bool {
	if len(got) != len(want) {
		return false
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok || !(math.Abs(g-w) < 1e-4 || math.IsNaN(g) && math.IsNaN(w)) {
			return false
		}
	}
	return true
}

// TestSpeedSheet builds February 2026 of speedSet over two months with
// the alert at one hour. Every value is worked by hand from the delays in
// speedSet's comment; the Wilson bounds are R's prop.test(x, n, correct =
// FALSE)$conf.int (the Wilson score interval): 2/2 0.342380 to 1, 1/2
// 0.094531 to 0.905469, 1/1 0.206549 to 1, 0/1 0 to 0.793451. The alert's
// median counts F6 as slower than any: the 4th of 7, F3's 360 minutes,
// over 60.
func TestSpeedSheet(t *testing.T) {
	t.Parallel()
	ds, sales := speedSet(t)
	m, _ := ParseMonth("2026-02", time.UTC)
	rep, err := Build(ds, Options{Month: m, Months: 2, Velocity: velocity.Options{Order: []string{"mql", "sql", "opportunity"}},
		Speed: speed.Options{Sales: sales, AlertMedian: 3600}})
	if err != nil {
		t.Fatal(err)
	}
	bins := func(v ...float64) map[string]float64 {
		out := map[string]float64{}
		for i, b := range speed.Bins {
			out[b] = v[i]
		}
		return out
	}
	for col, want := range map[string]map[string]float64{
		"leads":            bins(2, 1, 1, 1, 1, 1),
		"share":            bins(2.0/7, 1.0/7, 1.0/7, 1.0/7, 1.0/7, 1.0/7),
		"sql":              bins(2, 1, 1, 0, 0, 0),
		"sql_rate":         bins(1, 1, 1, 0, 0, 0),
		"sql_low":          bins(0.342380, 0.206549, 0.206549, 0, 0, 0),
		"sql_high":         bins(1, 1, 1, 0.793451, 0.793451, 0.793451),
		"opportunity_rate": bins(0.5, 0, 0, 0, 0, 0),
		"opportunity_low":  bins(0.094531, 0, 0, 0, 0, 0),
		"opportunity_high": bins(0.905469, 0.793451, 0.793451, 0.793451, 0.793451, 0.793451),
	} {
		if got := column(t, rep, TableSpeedByDelay, col); !sameFloats(got, want) {
			t.Errorf("speed_by_delay %s: %v, want %v", col, got, want)
		}
	}
	// Type-7 p90 by hand: January [3 120 1440] h=1.8: 120+0.8*1320;
	// February [2 4 30 360 4320 15840] h=4.5: 4320+0.5*11520; Ann [2 4 30
	// 15840] h=2.7: 30+0.7*15810; Bob [360 4320] h=0.9: 360+0.9*3960; web
	// [2 4 30] h=1.8: 4+0.8*26; event [360 4320 15840]: 4320+0.8*11520.
	for _, tc := range []struct {
		table, col string
		want       map[string]float64
	}{
		{TableSpeedByMonth, "leads", map[string]float64{"2026-01": 3, "2026-02": 7}},
		{TableSpeedByMonth, "median_minutes", map[string]float64{"2026-01": 120, "2026-02": 195}},
		{TableSpeedByMonth, "p90_minutes", map[string]float64{"2026-01": 1176, "2026-02": 10080}},
		{TableSpeedByMonth, "untouched_share", map[string]float64{"2026-01": 0, "2026-02": 1.0 / 7}},
		{TableSpeedByMonth, "under_1h_share", map[string]float64{"2026-01": 1.0 / 3, "2026-02": 3.0 / 7}},
		{TableSpeedByOwner, "median_minutes", map[string]float64{"Ann": 17, "Bob": 2340}},
		{TableSpeedByOwner, "p90_minutes", map[string]float64{"Ann": 11097, "Bob": 3924}},
		{TableSpeedByOwner, "untouched_share", map[string]float64{"Ann": 0, "Bob": 1.0 / 3}},
		{TableSpeedBySource, "median_minutes", map[string]float64{"web": 4, "event": 4320}},
		{TableSpeedBySource, "p90_minutes", map[string]float64{"web": 24.8, "event": 13536}},
		{TableSpeedBySource, "under_5m_share", map[string]float64{"web": 0.5, "event": 0}},
	} {
		if got := column(t, rep, tc.table, tc.col); !sameFloats(got, tc.want) {
			t.Errorf("%s %s: %v, want %v", tc.table, tc.col, got, tc.want)
		}
	}
	if got := keyFigure(t, rep, KeySpeedMedian); got != [2]float64{195, 120} {
		t.Errorf("key figure %s: %v, want [195 120]", KeySpeedMedian, got)
	}
	want := "speed to lead in 2026-02: median delay from mql to the first sales touch 360.0 minutes, over the threshold of 60 minutes (7 leads)"
	if !slices.Equal(rep.Alerts, []string{want}) {
		t.Errorf("alerts %q, want %q", rep.Alerts, want)
	}
	if v, _ := rep.MetaValue("speed_alerts"); v != 1 {
		t.Errorf("speed_alerts %v, want 1", v)
	}
	for _, tb := range []string{TableSpeedByDelay, TableSpeedByMonth, TableSpeedByOwner, TableSpeedBySource} {
		if rep.Sheets[tb] != SheetSpeed {
			t.Errorf("table %s on sheet %q, want %q", tb, rep.Sheets[tb], SheetSpeed)
		}
	}
	charted := false
	for _, c := range rep.Charts {
		charted = charted || c.Table == TableSpeedByMonth && slices.Equal(c.Series, []string{"median_minutes"})
	}
	if !charted {
		t.Errorf("no line chart of speed_by_month's median_minutes in %+v", rep.Charts)
	}
}

// TestSpeedSheetLeftOut: without sales activities and without a touch of
// the sales types the sheet is left out with a note, as it is without a
// stage history; the report's alerts stay none.
func TestSpeedSheetLeftOut(t *testing.T) {
	t.Parallel()
	ds, _ := speedSet(t)
	m, _ := ParseMonth("2026-02", time.UTC)
	for _, tc := range []struct {
		name string
		opts speed.Options
		ds   func() *funnel.Dataset
		note string
	}{
		{"no sales touch of the types", speed.Options{SalesTouch: []string{"call"}, AlertMedian: 60}, func() *funnel.Dataset { return ds },
			"speed to lead: no lead has a sales touch after its start by the end of 2026-02 (touches whose activity type or channel is call)"},
		{"no sales names", speed.Options{}, func() *funnel.Dataset { return ds }, "speed to lead: no sales touches"},
		{"no stages", speed.Options{SalesTouch: []string{"email"}}, func() *funnel.Dataset {
			c := *ds
			c.Stages = nil
			return &c
		}, "speed to lead: no stage history (stages input)"},
		{"no mql", speed.Options{SalesTouch: []string{"email"}, Start: "trial"}, func() *funnel.Dataset { return ds },
			`speed to lead: no stage "trial" on the ladder (mql, sql, opportunity) to start the clock`},
	} {
		rep, err := Build(tc.ds(), Options{Month: m, Months: 2, Velocity: velocity.Options{Order: []string{"mql", "sql", "opportunity"}}, Speed: tc.opts})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		left, _ := rep.MetaValue("left_out")
		found := false
		for _, l := range left.([]string) {
			found = found || strings.HasPrefix(l, tc.note)
		}
		if !found || len(rep.Alerts) != 0 {
			t.Errorf("%s: left_out %q, alerts %q; want a note %q and no alert", tc.name, left, rep.Alerts, tc.note)
		}
		if _, ok := rep.Table(TableSpeedByDelay); ok {
			t.Errorf("%s: a speed_by_delay table", tc.name)
		}
	}
}

// TestStageCreditSheet: February 2026 of speedSet's touches credited per
// stage, by hand. MQL entries F1-F7 (J1-J3 entered in January: left out;
// N1 never: a null journey): F1 search>email, F2 webinar, F3 search (its
// webinar came after), F4 email, F5 email, F6 search, F7 webinar. Last
// touch: email 3/7, search 2/7, webinar 2/7; linear: search (1/2+1+1)/7,
// email (1/2+1+1)/7, webinar 2/7. SQL entries in February J2 search, F1
// search>email, F2 webinar, F3 search>webinar, F7 webinar (J1's was in
// January): last touch email 1/5, search 1/5, webinar 3/5; linear search
// 2/5, email 0.5/5, webinar 2.5/5. Opportunity: F1 only (F7's is in
// March): last touch email 1, linear search and email 1/2. Journeys: mql
// 8 (1 null), sql 10 (J3, F4, F5, F6, N1 null), opportunity 11 (every
// other lead with touches null).
func TestStageCreditSheet(t *testing.T) {
	t.Parallel()
	ds, _ := speedSet(t)
	m, _ := ParseMonth("2026-02", time.UTC)
	rep, err := Build(ds, Options{Month: m, Months: 2, Velocity: velocity.Options{Order: []string{"mql", "sql", "opportunity"}}})
	if err != nil {
		t.Fatal(err)
	}
	for col, want := range map[string]map[string]float64{
		"mql_last_touch_share":           {"email": 3.0 / 7, "search": 2.0 / 7, "webinar": 2.0 / 7},
		"mql_linear_touch_share":         {"email": 2.5 / 7, "search": 2.5 / 7, "webinar": 2.0 / 7},
		"sql_last_touch_share":           {"email": 0.2, "search": 0.2, "webinar": 0.6},
		"sql_linear_touch_share":         {"email": 0.1, "search": 0.4, "webinar": 0.5},
		"opportunity_last_touch_share":   {"email": 1, "search": 0, "webinar": 0},
		"opportunity_linear_touch_share": {"email": 0.5, "search": 0.5, "webinar": 0},
	} {
		if got := column(t, rep, TableStageCredit, col); !sameFloats(got, want) {
			t.Errorf("stage_credit %s: %v, want %v", col, got, want)
		}
	}
	for col, want := range map[string]map[string]float64{
		"converting_journeys": {"mql": 7, "sql": 5, "opportunity": 1},
		"null_journeys":       {"mql": 1, "sql": 5, "opportunity": 10},
		"mean_channels":       {"mql": 8.0 / 7, "sql": 7.0 / 5, "opportunity": 2},
	} {
		if got := column(t, rep, TableStageCreditJourneys, col); !sameFloats(got, want) {
			t.Errorf("stage_credit_journeys %s: %v, want %v", col, got, want)
		}
	}
	df, _ := rep.Table(TableStageCredit)
	var chart *funnel.Chart
	for i, c := range rep.Charts {
		if c.Table == TableStageCredit {
			chart = &rep.Charts[i]
		}
	}
	if chart == nil || chart.Kind != funnel.BarChart || chart.X != df.Names()[0] ||
		!slices.Equal(chart.Series, []string{"mql_linear_touch_share", "sql_linear_touch_share", "opportunity_linear_touch_share"}) {
		t.Errorf("stage credit chart %+v", chart)
	}
	if rep.Sheets[TableStageCredit] != SheetStageCredit || rep.Sheets[TableStageCreditJourneys] != SheetStageCredit {
		t.Errorf("sheets %v", rep.Sheets)
	}
}

// TestStageCreditMonthWithoutEntries: in March 2026 only F7's opportunity
// entry (03-05, webinar before it) falls in the month: one stage credited,
// the others named in left_out.
func TestStageCreditMonthWithoutEntries(t *testing.T) {
	t.Parallel()
	ds, _ := speedSet(t)
	m, _ := ParseMonth("2026-03", time.UTC)
	rep, err := Build(ds, Options{Month: m, Months: 2, Velocity: velocity.Options{Order: []string{"mql", "sql", "opportunity"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := column(t, rep, TableStageCredit, "opportunity_last_touch_share"); !sameFloats(got, map[string]float64{"email": 0, "search": 0, "webinar": 1}) {
		t.Errorf("opportunity_last_touch_share %v", got)
	}
	left, _ := rep.MetaValue("left_out")
	if !slices.Contains(left.([]string), "stage credit of mql, sql: no entry with a touch before it in 2026-03") {
		t.Errorf("left_out %q", left)
	}
}
