package report

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

func TestOpportunityFiguresClassifyAsVelocity(t *testing.T) {
	t.Parallel()
	// October 2026, by hand:
	//   a, b: won in October, 1000 and no amount; c: closed in October,
	//   won flag empty: lost, as velocity counts it; d: won in September;
	//   e: open. Won 2, lost 1, win rate 2/3; average deal 1000 (over the
	//   won deals with an amount, as velocity's average won amount);
	//   days to close (10 + 20) / 2 = 15.
	// A table with only a stage column: "Closed Won" and "Closed Lost" in
	// October give won 1, lost 1.
	dir := t.TempDir()
	load := func(name, text string) *funnel.Table {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		tb, _, err := ingest.Load(p, funnel.Opportunities, funnel.NewDict(), ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return tb
	}
	m := MonthOf(time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	d, _ := opportunityFigures(load("won.csv", `opportunity_id,created_at,closed_at,won,amount
a,2026-09-21,2026-10-01,true,1000
b,2026-09-25,2026-10-15,true,
c,2026-09-01,2026-10-20,,500
d,2026-08-01,2026-09-10,true,700
e,2026-10-05,,,300
`), m)
	if d.created != 1 || d.won != 2 || d.lost != 1 || !near(d.winRate(), 2.0/3, 1e-12) || !near(d.averageDeal(), 1000, 1e-12) || !near(d.daysToClose(), 15, 1e-12) {
		t.Errorf("won column: %+v (win rate %v, average %v, days %v)", d, d.winRate(), d.averageDeal(), d.daysToClose())
	}
	d, _ = opportunityFigures(load("stage.csv", `opportunity_id,stage,created_at,closed_at,amount
a,Closed Won,2026-09-21,2026-10-01,1000
b,Closed Lost,2026-09-25,2026-10-15,
c,Negotiation,2026-10-02,,400
`), m)
	if d.won != 1 || d.lost != 1 || !near(d.averageDeal(), 1000, 1e-12) {
		t.Errorf("stage column: %+v", d)
	}
}

// near reports whether a is within rel of b, relative to b (to 1 when b
// is smaller).
func near(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Max(1, math.Abs(b)) }

// TestFigureUnits checks the unit rule of the key figures, which the
// workbook formats each row by: win_rate 0.414 shows as 41.4%, won_amount
// with thousands separators, days with one decimal, counts whole.
func TestFigureUnits(t *testing.T) {
	f := figures{
		{name: "new_leads", month: 1229, previous: 1012},
		{name: "deals_won", month: 145, previous: 143},
		{name: "win_rate", month: 0.414, previous: 0.480},
		{name: "won_amount", month: 8754000, previous: 8551700},
		{name: "average_deal", month: 60372.4, previous: 59802.1},
		{name: "days_to_close", month: 100.2, previous: 92.4},
		{name: "days_mql_to_sql", month: 13.7, previous: 8.7},
		{name: "pipeline_velocity", month: 12.5, previous: 11}, // not whole, no unit
		{name: "deals_lost", month: math.NaN(), previous: 3},   // NaN is not known, still a count
	}
	want := []funnel.Unit{funnel.UnitCount, funnel.UnitCount, funnel.UnitFraction, funnel.UnitMoney,
		funnel.UnitMoney, funnel.UnitDays, funnel.UnitDays, "", funnel.UnitCount}
	got := f.units()
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: unit %q, want %q", f[i].name, got[i], want[i])
		}
	}
}
