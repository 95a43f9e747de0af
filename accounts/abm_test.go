package accounts

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
	"github.com/funnel-analytics/funnel/funnel/ingest"
)

// TestABM checks the ABM metrics on testdata/accounts/basic with the
// target list A1, A3, A8 (A8 is in no input: a target account never
// engaged), worked out by hand:
//
//	accounts: target A1 A3 A8 (3), other A2 A4 A5 A6 A7 (5)
//	engaged: A1 A3 (2/3); A2 A4 A5 A7 (4/5)
//	contacts engaged: (2+1+0)/3 = 1; (2+3+1+0+2)/5 = 1.6
//	touches: 2+10 = 12; 3+5+2+2 = 12 (L99 has no account) -> shares 0.5
//	opportunities: O1 A1 1000 won, O4 A3 3000 won -> 2, pipeline 4000;
//	  O2 A2 2000 lost, O3 A4 500 open, O5 A5 4000 open -> 3, pipeline 6500;
//	  pipeline shares 4000/10500 and 6500/10500
//	win rate 2/2 and 0/1; average deal 4000/2 = 2000 and NaN; won 4000 and 0
//	costs by campaign: SEO 1200 over its 17 touches with an account (target
//	  A1 1 + A3 10 = 11, other 6), Webinar Jan 300 (A1), Trade Show 800
//	  (A5), Podcast 100 (no touches: unallocated):
//	  target 1200*11/17 + 300 = 1076.4705882352941, per opportunity /2;
//	  other 1200*6/17 + 800 = 1223.5294117647059, per opportunity /3
func TestABM(t *testing.T) {
	t.Parallel()
	ds := loadAccounts(t, "basic", funnel.Leads, funnel.Touches, funnel.Opportunities, funnel.Costs)
	a := acctAnalyze(t, ds, Options{Targets: []string{"A1", "A3", "A8"}, MinTargetShare: DefaultMinTargetShare})
	m := a.ABM
	if m == nil {
		t.Fatal("no ABM metrics")
	}
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		got  ABMSegment
		want ABMSegment
	}{
		{"target", m.Target, ABMSegment{
			Accounts: 3, EngagedAccounts: 2, Penetration: 2.0 / 3, ContactsEngagedPerAccount: 1,
			Touches: 12, TouchShare: 0.5, Opportunities: 2, Pipeline: 4000, PipelineShare: 4000.0 / 10500,
			Won: 2, Lost: 0, WinRate: 1, WonAmount: 4000, AverageDealSize: 2000,
			Cost: 1200.0*11/17 + 300, CostPerOpportunity: (1200.0*11/17 + 300) / 2,
		}},
		{"other", m.Other, ABMSegment{
			Accounts: 5, EngagedAccounts: 4, Penetration: 0.8, ContactsEngagedPerAccount: 1.6,
			Touches: 12, TouchShare: 0.5, Opportunities: 3, Pipeline: 6500, PipelineShare: 6500.0 / 10500,
			Won: 0, Lost: 1, WinRate: 0, WonAmount: 0, AverageDealSize: nan,
			Cost: 1200.0*6/17 + 800, CostPerOpportunity: (1200.0*6/17 + 800) / 3,
		}},
	} {
		g, w := tc.got, tc.want
		if g.Accounts != w.Accounts || g.EngagedAccounts != w.EngagedAccounts || g.Touches != w.Touches ||
			g.Opportunities != w.Opportunities || g.Won != w.Won || g.Lost != w.Lost {
			t.Errorf("%s counts:\n got  %+v\n want %+v", tc.name, g, w)
		}
		for _, f := range []struct {
			name      string
			got, want float64
		}{
			{"penetration", g.Penetration, w.Penetration},
			{"contacts per account", g.ContactsEngagedPerAccount, w.ContactsEngagedPerAccount},
			{"touch share", g.TouchShare, w.TouchShare},
			{"pipeline", g.Pipeline, w.Pipeline},
			{"pipeline share", g.PipelineShare, w.PipelineShare},
			{"win rate", g.WinRate, w.WinRate},
			{"won amount", g.WonAmount, w.WonAmount},
			{"average deal size", g.AverageDealSize, w.AverageDealSize},
			{"cost", g.Cost, w.Cost},
			{"cost per opportunity", g.CostPerOpportunity, w.CostPerOpportunity},
		} {
			if !acctSameFloat(f.got, f.want) {
				t.Errorf("%s %s = %.15g, want %.15g", tc.name, f.name, f.got, f.want)
			}
		}
	}
	if m.UnallocatedCost != 100 || m.CostKey != "campaign" {
		t.Errorf("unallocated %g by %q, want 100 by campaign", m.UnallocatedCost, m.CostKey)
	}

	// campaign_targets: distinct engaged accounts per campaign and the
	// target share, flagged below 30%; sorted by engaged accounts, name.
	//	SEO: A1 A2 A3 A4 A5 -> 2 of 5 targets (0.4)
	//	Newsletter A4, Trade Show A5, Trial A2, Webinar Apr A4, Webinar May A7: 0 of 1
	//	Webinar Jan: A1 -> 1 of 1
	want := []CampaignTargets{
		{"SEO", 5, 2, 0.4, false},
		{"Newsletter", 1, 0, 0, true},
		{"Trade Show", 1, 0, 0, true},
		{"Trial", 1, 0, 0, true},
		{"Webinar Apr", 1, 0, 0, true},
		{"Webinar Jan", 1, 1, 1, false},
		{"Webinar May", 1, 0, 0, true},
	}
	if len(m.Campaigns) != len(want) {
		t.Fatalf("campaigns %+v, want %+v", m.Campaigns, want)
	}
	for i, w := range want {
		if m.Campaigns[i] != w {
			t.Errorf("campaign %d: %+v, want %+v", i, m.Campaigns[i], w)
		}
	}

	// The target flag is in the accounts table; A8 is an account.
	targets := map[string]bool{}
	for _, ac := range a.Accounts {
		if ac.Target {
			targets[ac.ID] = true
		}
	}
	if len(a.Accounts) != 8 || len(targets) != 3 || !targets["A1"] || !targets["A3"] || !targets["A8"] {
		t.Errorf("%d accounts, targets %v; want 8 and A1 A3 A8", len(a.Accounts), targets)
	}
}

// TestABMTargetColumn takes the targets from the accounts table's target
// column when no list is given, and runs without costs.
func TestABMTargetColumn(t *testing.T) {
	t.Parallel()
	ds := loadAccounts(t, "basic", funnel.Leads, funnel.Touches)
	code := ds.Dict.Code
	ds.Set(&funnel.Table{Kind: funnel.Accounts, Source: "accounts.csv", Rows: 3, Dict: ds.Dict, Columns: []*funnel.Column{
		{Name: "account_id", Role: funnel.RoleAccountID, Kind: funnel.KindText, Codes: []int32{code("A1"), code("A2"), code("A9")}},
		{Name: "target", Kind: funnel.KindBool, Bools: []int8{1, 0, 1}},
	}})
	a := acctAnalyze(t, ds, Options{})
	m := a.ABM
	if m == nil {
		t.Fatal("no ABM metrics from the target column")
	}
	// Targets A1 (engaged, 2 touches) and A9 (no touches); the other 6
	// accounts A2..A7 hold 3+10+5+2+0+2 = 22 touches.
	if m.Target.Accounts != 2 || m.Target.EngagedAccounts != 1 || m.Target.Touches != 2 || m.Other.Accounts != 6 || m.Other.Touches != 22 {
		t.Errorf("target %+v, other %+v", m.Target, m.Other)
	}
	if !math.IsNaN(m.Target.Cost) || !math.IsNaN(m.Target.CostPerOpportunity) || m.HasCosts {
		t.Errorf("costs without a costs table: %+v", m.Target)
	}
}

func TestABMCostsChecked(t *testing.T) {
	t.Parallel()
	// The costs go through funnel.CostsFromTable, as attribute's do: a row
	// without its campaign is an error naming the file, line and column,
	// not a cost left out of the allocation.
	ds := loadAccounts(t, "basic", funnel.Leads, funnel.Touches, funnel.Opportunities)
	dir := t.TempDir()
	path := filepath.Join(dir, "costs.csv")
	if err := os.WriteFile(path, []byte("campaign,cost\nSEO,1200\n,300\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ct, _, err := ingest.Load(path, funnel.Costs, ds.Dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds.Costs = ct
	_, err = Analyze(ds, Options{Targets: []string{"A1", "A3", "A8"}, MinTargetShare: DefaultMinTargetShare})
	if err == nil || !strings.Contains(err.Error(), "costs.csv:3: column \"campaign\": missing campaign") {
		t.Fatalf("error %v, want costs.csv:3: column \"campaign\": missing campaign", err)
	}
}

// TestABMOutcomesFromClosedFlag: won and lost come from
// funnel.OpportunityOutcomes, as in velocity and size. The basic
// opportunities with a Salesforce Closed flag, by hand: O1 (A1) and O4
// (A3) closed and won; O2 (A2) not closed, its Close Date 2026-05-01 past
// the data but only expected: open, where the won flag 0 alone made it
// lost; O3 (A4) closed, not won: lost; O5 (A5) open. Target A1, A3: won 2,
// lost 0; others: won 0, lost 1.
func TestABMOutcomesFromClosedFlag(t *testing.T) {
	t.Parallel()
	ds := loadAccounts(t, "basic", funnel.Leads, funnel.Touches)
	p := filepath.Join(t.TempDir(), "opportunities.csv")
	if err := os.WriteFile(p, []byte(`Opportunity ID,Account ID,Created Date,Close Date,Amount,Won,Closed
O1,A1,2026-02-15,2026-04-01,1000,1,1
O2,A2,2026-04-01,2026-05-01,2000,0,0
O3,A4,2026-02-01,2026-03-01,500,0,1
O4,A3,2026-02-20,2026-03-15,3000,1,1
O5,A5,2026-06-01,2026-07-01,4000,0,0
`), 0o644); err != nil {
		t.Fatal(err)
	}
	opps, _, err := ingest.Load(p, funnel.Opportunities, ds.Dict, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ds.Opportunities = opps
	m := acctAnalyze(t, ds, Options{Targets: []string{"A1", "A3", "A8"}, MinTargetShare: DefaultMinTargetShare}).ABM
	if m.Target.Won != 2 || m.Target.Lost != 0 || m.Other.Won != 0 || m.Other.Lost != 1 {
		t.Errorf("won/lost: target %d/%d, other %d/%d; want 2/0, 0/1", m.Target.Won, m.Target.Lost, m.Other.Won, m.Other.Lost)
	}
	if want := `closed flag "Closed" + won flag "Won"`; m.OutcomeSource != want {
		t.Errorf("outcome source %q, want %q", m.OutcomeSource, want)
	}
}
