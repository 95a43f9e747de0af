package velocity

import (
	"math"
	"testing"
	"time"

	"github.com/funnel-analytics/funnel/funnel"
)

var oppCols = []col{
	{"Opportunity ID", funnel.RoleOpportunityID, funnel.KindText},
	{"Created", funnel.RoleCreatedAt, funnel.KindTime},
	{"Closed", funnel.RoleClosedAt, funnel.KindTime},
	{"Won", funnel.RoleWon, funnel.KindBool},
	{"Amount", funnel.RoleAmount, funnel.KindNumber},
}

// oppRows: o1 won after 30 days (1000), o2 won after 50 days (3000), o3
// lost, o4 and o5 open, o6 won on 2026-04-10 after 36 days (5000).
var oppRows = [][]string{
	{"o1", "2026-01-01", "2026-01-31", "true", "1000"},
	{"o2", "2026-01-10", "2026-03-01", "true", "3000"},
	{"o3", "2026-02-01", "2026-02-15", "false", "800"},
	{"o4", "2026-02-01", "", "", "700"},
	{"o5", "2026-03-01", "", "false", ""},
	{"o6", "2026-03-05", "2026-04-10", "true", "5000"},
}

func TestPipeline(t *testing.T) {
	t.Parallel()
	ds := funnel.NewDataset()
	opps := buildTable(t, funnel.Opportunities, "opps.csv", ds.Dict, oppCols, oppRows)
	cases := []struct {
		name                  string
		asOf                  time.Time
		open, won, lost       int
		winRate, avgWon, days float64
		perDay                float64
	}{
		// As of 2026-04-01 o6 is still open: open 3, won 2, lost 1; win rate 2/3;
		// average won (1000 + 3000)/2 = 2000; cycle (30 + 50)/2 = 40 days;
		// per day 3 x 2/3 x 2000 / 40 = 100.
		{"as of April", time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), 3, 2, 1, 2.0 / 3, 2000, 40, 100},
		// Without a cut-off: open 2, won 3, lost 1; win rate 0.75; average won
		// 3000; cycle (30 + 50 + 36)/3 = 116/3 days; per day 2 x 0.75 x 3000 / (116/3) = 13500/116.
		{"all", time.Time{}, 2, 3, 1, 0.75, 3000, 116.0 / 3, 13500.0 / 116},
		// The as-of is exclusive, as for stage entries: o6 closing exactly at
		// 2026-04-10 00:00 is not known yet (open, as in April) ...
		{"closed at the as-of", time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC), 3, 2, 1, 2.0 / 3, 2000, 40, 100},
		// ... and o6 created exactly at 2026-03-05 00:00 is left out: open o4,
		// o5; won o1, o2; lost o3: 2 x 2/3 x 2000 / 40 = 200/3 per day.
		{"created at the as-of", time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), 2, 2, 1, 2.0 / 3, 2000, 40, 200.0 / 3},
	}
	for _, c := range cases {
		p, err := Pipeline(opps, c.asOf)
		if err != nil {
			t.Fatal(err)
		}
		if p.Open != c.open || p.Won != c.won || p.Lost != c.lost || !near(p.WinRate, c.winRate, 1e-12) ||
			!near(p.AvgWonAmount, c.avgWon, 1e-12) || !near(p.AvgCycleDays, c.days, 1e-12) || !near(p.PerDay, c.perDay, 1e-12) ||
			!near(p.PerMonth, c.perDay*365.2425/12, 1e-12) {
			t.Errorf("%s: %+v", c.name, p)
		}
	}

	// Without a won column the stage names it: Closed Won, Closed Lost.
	stageCols := []col{{"id", funnel.RoleOpportunityID, funnel.KindText}, {"Stage", funnel.RoleStage, funnel.KindText},
		{"Created", funnel.RoleCreatedAt, funnel.KindTime}, {"Closed", funnel.RoleClosedAt, funnel.KindTime}, {"Amount", funnel.RoleAmount, funnel.KindNumber}}
	opps = buildTable(t, funnel.Opportunities, "opps.csv", ds.Dict, stageCols, [][]string{
		{"a", "Closed Won", "2026-01-01", "2026-01-11", "100"},
		{"b", "Closed Lost", "2026-01-01", "", ""},
		{"c", "Negotiation", "2026-01-01", "", ""},
	})
	// open 1, won 1, lost 1: 1 x 0.5 x 100 / 10 = 5 per day.
	p, err := Pipeline(opps, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Open != 1 || p.Won != 1 || p.Lost != 1 || p.PerDay != 5 {
		t.Errorf("stage names: %+v", p)
	}
	// No won opportunity: NaN, not a division by zero panic.
	opps = buildTable(t, funnel.Opportunities, "opps.csv", ds.Dict, stageCols, [][]string{{"c", "Negotiation", "2026-01-01", "", ""}})
	if p, err = Pipeline(opps, time.Time{}); err != nil || !math.IsNaN(p.PerDay) || p.Open != 1 {
		t.Errorf("no closed: %+v %v", p, err)
	}
}

func TestVelocityWithPipelineAndBy(t *testing.T) {
	t.Parallel()
	ds := longDataset(t, handRows)
	// Leads A, B in EMEA, C, D in NA; E is not in the leads file (group "").
	// Accounts give the industry through the lead's account_id.
	ds.Leads = buildTable(t, funnel.Leads, "leads.csv", ds.Dict, []col{
		{"Lead ID", funnel.RoleLeadID, funnel.KindText}, {"Region", funnel.RoleRegion, funnel.KindText}, {"Account", funnel.RoleAccountID, funnel.KindText}},
		[][]string{{"A", "EMEA", "acme"}, {"B", "EMEA", "bolt"}, {"C", "NA", "acme"}, {"D", "NA", ""}})
	ds.Accounts = buildTable(t, funnel.Accounts, "accounts.csv", ds.Dict, []col{
		{"Account ID", funnel.RoleAccountID, funnel.KindText}, {"Industry", funnel.RoleIndustry, funnel.KindText}},
		[][]string{{"acme", "SaaS"}, {"bolt", "Retail"}})
	ds.Opportunities = buildTable(t, funnel.Opportunities, "opps.csv", ds.Dict, oppCols, oppRows)
	res, err := Analyze(ds, Options{By: []string{"Region", "industry"}})
	if err != nil {
		t.Fatal(err)
	}
	get := func(period, region, industry string) VelocityRow {
		for _, v := range res.Velocity {
			if v.Period == period && v.From == "mql" && v.To == "sql" && v.Group[0] == region && v.Group[1] == industry {
				return v
			}
		}
		t.Fatalf("no row %s %s %s", period, region, industry)
		return VelocityRow{}
	}
	// mql->sql from TestVelocityHand: Jan A 10.5 (EMEA, SaaS), B 10 (EMEA, Retail),
	// C's skip (NA, SaaS); Feb B 10 with its recycle, D 0 (NA, no account); Mar E 9 ("", "").
	checks := []struct {
		period, region, industry string
		n, recycles, skipped     int
		mean                     float64
	}{
		{"2026-01", "EMEA", "SaaS", 1, 0, 0, 10.5},
		{"2026-01", "EMEA", "Retail", 1, 0, 0, 10},
		{"2026-01", "NA", "SaaS", 0, 0, 1, math.NaN()},
		{"2026-02", "EMEA", "Retail", 1, 1, 0, 10},
		{"2026-02", "NA", "", 1, 0, 0, 0},
		{"2026-03", "", "", 1, 0, 0, 9},
	}
	for _, c := range checks {
		v := get(c.period, c.region, c.industry)
		if v.Transitions != c.n || v.Recycles != c.recycles || v.Skipped != c.skipped || !near(v.MeanDays, c.mean, 1e-12) {
			t.Errorf("%s %s/%s: %+v", c.period, c.region, c.industry, v)
		}
	}
	// Groups sorted by label: ("",""), (EMEA,Retail), (EMEA,SaaS), (NA,""), (NA,SaaS):
	// 5 groups x 3 periods x 3 pairs.
	if len(res.Velocity) != 45 {
		t.Errorf("%d velocity rows, want 45", len(res.Velocity))
	}
	if res.Pipeline == nil || res.Pipeline.Open != 2 {
		t.Errorf("pipeline %+v", res.Pipeline)
	}
	rep := res.Report()
	df, _ := rep.Table("velocity")
	if got := df.Names(); len(got) != 12 || got[1] != "region" || got[2] != "industry" || got[11] != "transition" {
		t.Errorf("velocity columns %v", got)
	}
	if got := df.Col("transition").Records()[0]; got != "(none) / (none) mql->sql" {
		t.Errorf("first series label %q", got)
	}
	if v, ok := rep.MetaValue("pipeline_velocity_per_day"); !ok || !near(v.(float64), 13500.0/116, 1e-12) {
		t.Errorf("meta pipeline_velocity_per_day %v", v)
	}
	if _, err := Analyze(ds, Options{By: []string{"owner"}}); err == nil || err.Error() != `bad input: no column "owner" to group by (searched stages.csv, leads.csv, accounts.csv)` {
		t.Errorf("unknown by: %v", err)
	}
}
