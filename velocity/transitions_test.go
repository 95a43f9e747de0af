package velocity

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// handRows is the hand-computed fixture of TestVelocityHand. Entities:
//
//	A  straight run:  mql 01-05 00:00, sql 01-15 12:00, opportunity 02-04 12:00, customer 03-06 00:00
//	B  recycle and re-entry: mql 01-10, sql 01-20, mql 02-01 (recycle), sql 02-11 (sql-02), opportunity 03-01
//	C  skipped stage: mql 01-03, opportunity 01-13 (skips sql), customer 02-12
//	D  same timestamp: mql and sql both 02-10 09:00 (sql row first in the file)
//	E  rows out of order: sql 03-10 before mql 03-01 in the file
//
// Rows of different entities are interleaved, so the counting-sort path
// groups them.
var handRows = [][]string{
	{"A", "MQL", "2026-01-05 00:00:00"},
	{"B", "Marketing Qualified Lead", "2026-01-10 00:00:00"},
	{"C", "mql", "2026-01-03 00:00:00"},
	{"A", "SQL", "2026-01-15 12:00:00"},
	{"B", "sql", "2026-01-20 00:00:00"},
	{"C", "Opportunity", "2026-01-13 00:00:00"},
	{"B", "mql", "2026-02-01 00:00:00"},
	{"A", "opportunity", "2026-02-04 12:00:00"},
	{"D", "sql", "2026-02-10 09:00:00"},
	{"D", "mql", "2026-02-10 09:00:00"},
	{"B", "Sales Qualified Lead", "2026-02-11 00:00:00"},
	{"C", "Customer", "2026-02-12 00:00:00"},
	{"E", "sql", "2026-03-10 00:00:00"},
	{"B", "opportunity", "2026-03-01 00:00:00"},
	{"A", "customer", "2026-03-06 00:00:00"},
	{"E", "mql", "2026-03-01 00:00:00"},
}

func TestVelocityHand(t *testing.T) {
	t.Parallel()
	ds := longDataset(t, handRows)
	res, err := Analyze(ds, Options{Within: 10 * 86400, Detail: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Ladder.Stages, []string{"mql", "sql", "opportunity", "customer"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("ladder %v, want %v", got, want)
	}
	if res.Ladder.Source != LadderLifecycle {
		t.Errorf("ladder source %v, want lifecycle", res.Ladder.Source)
	}
	if got, want := res.Periods, []string{"2026-01", "2026-02", "2026-03"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("periods %v, want %v", got, want)
	}
	nan := math.NaN()
	// Hand computation, days between the two entries, period of the later one:
	//  mql->sql   Jan: A 10.5, B 10 -> mean 10.25, median 10.25, p90 10 + 0.9*0.5 = 10.45; skipped 1 (C)
	//             Feb: B 02-01 -> 02-11 = 10, D 0 (same timestamp) -> mean 5, median 5, p90 0 + 0.9*10 = 9; recycle 1 (B)
	//             Mar: E 03-01 -> 03-10 = 9
	//  sql->opp   Feb: A 01-15 12:00 -> 02-04 12:00 = 20; Mar: B 02-11 -> 03-01 = 18 (February 2026 has 28 days)
	//             (C's opportunity has no earlier sql: no transition, a skip on mql->sql)
	//  opp->cust  Feb: C 01-13 -> 02-12 = 30; Mar: A 02-04 12:00 -> 03-06 00:00 = 29.5
	cases := []struct {
		period, from, to  string
		n                 int
		mean, median, p90 float64
		recycles, skipped int
	}{
		{"2026-01", "mql", "sql", 2, 10.25, 10.25, 10.45, 0, 1},
		{"2026-02", "mql", "sql", 2, 5, 5, 9, 1, 0},
		{"2026-03", "mql", "sql", 1, 9, 9, 9, 0, 0},
		{"2026-01", "sql", "opportunity", 0, nan, nan, nan, 0, 0},
		{"2026-02", "sql", "opportunity", 1, 20, 20, 20, 0, 0},
		{"2026-03", "sql", "opportunity", 1, 18, 18, 18, 0, 0},
		{"2026-01", "opportunity", "customer", 0, nan, nan, nan, 0, 0},
		{"2026-02", "opportunity", "customer", 1, 30, 30, 30, 0, 0},
		{"2026-03", "opportunity", "customer", 1, 29.5, 29.5, 29.5, 0, 0},
	}
	for _, c := range cases {
		v := velocityRow(t, res, c.period, c.from, c.to)
		if v.Transitions != c.n || !near(v.MeanDays, c.mean, 1e-12) || !near(v.MedianDays, c.median, 1e-12) ||
			!near(v.P90Days, c.p90, 1e-12) || v.Recycles != c.recycles || v.Skipped != c.skipped {
			t.Errorf("%s %s->%s: got %+v, want n=%d mean=%v median=%v p90=%v recycles=%d skipped=%d",
				c.period, c.from, c.to, v, c.n, c.mean, c.median, c.p90, c.recycles, c.skipped)
		}
	}
	if res.Transitions != 9 || res.Recycles != 1 || res.Skipped != 1 || res.Entities != 5 || res.Entries != 16 {
		t.Errorf("totals: transitions %d recycles %d skipped %d entities %d entries %d, want 9 1 1 5 16",
			res.Transitions, res.Recycles, res.Skipped, res.Entities, res.Entries)
	}

	// Conversion, by the period of the entry (window 10 days):
	//  Jan mql: A, B, C entered; all advanced (C by skipping to opportunity); within 10d: B (10), C (10), not A (10.5) -> 2
	//  Jan sql: A (advanced, 20 days), B (superseded by its sql-02 after the recycle) -> 1 advanced, 0 within
	//  Jan opp: C advanced after 30 days
	//  Feb mql: B (10 days), D (0 days) -> 2 advanced, 2 within
	//  Feb sql: B advanced (18 days), D still open (its last entry)
	//  Feb opp: A advanced (29.5 days)
	//  Mar mql: E advanced (9 days); Mar sql: E open; Mar opp: B open
	conv := []struct {
		period, stage              string
		entered, adv, within, open int
		rate                       float64
	}{
		{"2026-01", "mql", 3, 3, 2, 0, 1},
		{"2026-01", "sql", 2, 1, 0, 0, 0.5},
		{"2026-01", "opportunity", 1, 1, 0, 0, 1},
		{"2026-02", "mql", 2, 2, 2, 0, 1},
		{"2026-02", "sql", 2, 1, 0, 1, 0.5},
		{"2026-02", "opportunity", 1, 1, 0, 0, 1},
		{"2026-03", "mql", 1, 1, 1, 0, 1},
		{"2026-03", "sql", 1, 0, 0, 1, 0},
		{"2026-03", "opportunity", 1, 0, 0, 1, 0},
	}
	for _, c := range conv {
		v := conversionRow(t, res, c.period, c.stage)
		if v.Entered != c.entered || v.Advanced != c.adv || v.AdvancedWithin != c.within || v.StillOpen != c.open || !near(v.Rate, c.rate, 1e-12) {
			t.Errorf("conversion %s %s: got %+v, want entered %d advanced %d within %d open %d rate %v",
				c.period, c.stage, v, c.entered, c.adv, c.within, c.open, c.rate)
		}
	}
	if len(res.Conversion) != 9 {
		t.Errorf("%d conversion rows, want 9 (3 periods x 3 stages; customer has no next stage)", len(res.Conversion))
	}

	// Trend of mql->sql over all periods: days 10.5, 10, 10, 0, 9:
	// mean 39.5/5 = 7.9, median 10, p90 h = 4*0.9 = 3.6 -> 10 + 0.6*0.5 = 10.3;
	// sparkline of the monthly means 10.25, 5, 9 over [5, 10.25]:
	// levels round(7*(x-5)/5.25) = 7, 0, round(5.33) = 5 -> "█▁▆".
	tr := res.Trend[0]
	if tr.From != "mql" || tr.To != "sql" || tr.Transitions != 5 || !near(tr.MeanDays, 7.9, 1e-12) ||
		!near(tr.MedianDays, 10, 1e-12) || !near(tr.P90Days, 10.3, 1e-12) || tr.Sparkline != "█▁▆" || tr.Recycles != 1 || tr.Skipped != 1 {
		t.Errorf("trend mql->sql: %+v", tr)
	}

	// Detail: entry numbers count per entity and stage. B's second sql is
	// sql-02, matched to its recycled mql 02-01.
	found := false
	for _, d := range res.Detail {
		if d.Entity == "B" && d.To == "sql" && d.Entry == "sql-02" {
			found = true
			if d.Days != 10 || d.Period != "2026-02" || d.FromAt != mustUnix(t, "2026-02-01 00:00:00") {
				t.Errorf("B sql-02: %+v", d)
			}
		}
	}
	if !found || len(res.Detail) != 9 {
		t.Errorf("detail: B sql-02 found %v, %d rows (want 9)", found, len(res.Detail))
	}
}

func mustUnix(t *testing.T, s string) int64 {
	v, _, err := parseTestTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestVelocityRowOrder checks that any order of the rows gives the same
// result (rows sorted per entity by time, ties by ladder then file order).
func TestVelocityRowOrder(t *testing.T) {
	t.Parallel()
	want, err := Analyze(longDataset(t, handRows), Options{Within: 10 * 86400})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 20; trial++ {
		rows := append([][]string(nil), handRows...)
		rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		got, err := Analyze(longDataset(t, rows), Options{Within: 10 * 86400})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(stripNaN(got.Velocity), stripNaN(want.Velocity)) || !reflect.DeepEqual(stripNaNConv(got.Conversion), stripNaNConv(want.Conversion)) {
			t.Fatalf("trial %d: shuffled rows give a different result", trial)
		}
	}
	// Grouped rows (each entity's rows together) take the no-copy path.
	var grouped [][]string
	for _, e := range []string{"A", "B", "C", "D", "E"} {
		for _, r := range handRows {
			if r[0] == e {
				grouped = append(grouped, r)
			}
		}
	}
	ds := longDataset(t, grouped)
	s, err := loadStages(ds.Stages, ds, nil, nil, "", math.MaxInt64)
	if err != nil {
		t.Fatal(err)
	}
	if s.order != nil || len(s.bounds) != 6 {
		t.Errorf("grouped rows: order %v bounds %v, want no order and 6 bounds", s.order, s.bounds)
	}
	got, err := Analyze(ds, Options{Within: 10 * 86400})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(stripNaN(got.Velocity), stripNaN(want.Velocity)) {
		t.Errorf("grouped rows give a different result")
	}
}

// stripNaN replaces NaN by -1 so that reflect.DeepEqual can compare rows.
func stripNaN(rows []VelocityRow) []VelocityRow {
	out := append([]VelocityRow(nil), rows...)
	for i := range out {
		for _, p := range []*float64{&out[i].MeanDays, &out[i].MedianDays, &out[i].P90Days} {
			if math.IsNaN(*p) {
				*p = -1
			}
		}
	}
	return out
}

func stripNaNConv(rows []ConversionRow) []ConversionRow {
	out := append([]ConversionRow(nil), rows...)
	for i := range out {
		if math.IsNaN(out[i].Rate) {
			out[i].Rate = -1
		}
	}
	return out
}
