package accounts

import (
	"math"
	"testing"

	"github.com/funnel-analytics/funnel/funnel"
)

// TestPatterns checks the patterns table on two hand fixtures.
func TestPatterns(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	for _, tc := range []struct {
		name string
		ds   *funnel.Dataset
		cfg  Options
		want []Pattern
	}{
		// testdata/accounts/patterns, outcome opportunity, gap 7 days:
		//
		//	P1 trial 01-01, report 01-05 (4 days), opportunity 01-10: pair, reached
		//	P2 trial 01-01, report 01-08 00:00:00 (7 days exactly): pair, reached
		//	P3 trial 01-01, report 01-08 00:00:01 (7 days + 1 s): no pair, not reached
		//	P4 trial 02-01 only, opportunity 02-10: reached
		//	P5 trial 02-01, report 02-03: pair, not reached
		//	P6 report 01-01, opportunity 01-02, trial 01-03: the trial is after
		//	   the outcome and does not count; report only, reached
		//	P7 report 03-01, trial 03-02: pair report -> trial, not reached
		//
		// trial -> report: P1 P2 P5, 2 of 3 reached; trial without the pair:
		// P3 P4 P7, 1 of 3 reached; lift (2/3)/(1/3) = 2.
		// report -> trial: P7, 0 of 1; report without it: P1 P2 P3 P5 P6,
		// 3 of 5; lift 0.
		{"opportunity", loadAccounts(t, "patterns", funnel.Touches, funnel.Opportunities),
			Options{Patterns: true, PatternOutcome: OutcomeOpportunity},
			[]Pattern{
				{First: "trial", Then: "report", Accounts: 3, Outcomes: 2, Rate: 2.0 / 3, FirstAlone: 3, RateFirstAlone: 1.0 / 3, Lift: 2},
				{First: "report", Then: "trial", Accounts: 1, Outcomes: 0, Rate: 0, FirstAlone: 5, RateFirstAlone: 0.6, Lift: 0},
			}},
		// The same with a gap of 4 days: only P1 and P5 have trial -> report
		// (P2's is 7 days); without it P2 (reached) P3 P4 (reached) P7:
		// 1/2 against 2/4, lift 1.
		{"gap 4d", loadAccounts(t, "patterns", funnel.Touches, funnel.Opportunities),
			Options{Patterns: true, PatternOutcome: OutcomeOpportunity, Gap: 4 * 86400},
			[]Pattern{
				{First: "trial", Then: "report", Accounts: 2, Outcomes: 1, Rate: 0.5, FirstAlone: 4, RateFirstAlone: 0.5, Lift: 1},
				{First: "report", Then: "trial", Accounts: 1, Outcomes: 0, Rate: 0, FirstAlone: 5, RateFirstAlone: 0.6, Lift: 0},
			}},
		// testdata/accounts/basic, outcome high-intensity (touches up to the
		// moment count): A3 web_visit 02-08 -> pricing 02-09 (not reached);
		// web_visit without it: A1 A2 A4 (L8 at the moment itself) A5, 3 of
		// 4 reached -> lift 0. A5 event_visit 02-05 15:00 -> web_visit 02-06
		// 15:00, and no account has event_visit alone: NaN. A4's two types
		// share one timestamp (no order); A2's web_visit -> trial is 20 days.
		{"high-intensity", loadAccounts(t, "basic", funnel.Leads, funnel.Touches),
			Options{Patterns: true},
			[]Pattern{
				{First: "web_visit", Then: "pricing", Accounts: 1, Outcomes: 0, Rate: 0, FirstAlone: 4, RateFirstAlone: 0.75, Lift: 0},
				{First: "event_visit", Then: "web_visit", Accounts: 1, Outcomes: 0, Rate: 0, FirstAlone: 0, RateFirstAlone: nan, Lift: nan},
			}},
		// --min-accounts 2 leaves only trial -> report.
		{"min accounts", loadAccounts(t, "patterns", funnel.Touches, funnel.Opportunities),
			Options{Patterns: true, PatternOutcome: OutcomeOpportunity, MinPatternAccounts: 2},
			[]Pattern{
				{First: "trial", Then: "report", Accounts: 3, Outcomes: 2, Rate: 2.0 / 3, FirstAlone: 3, RateFirstAlone: 1.0 / 3, Lift: 2},
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := acctAnalyze(t, tc.ds, tc.cfg).Patterns
			if len(got) != len(tc.want) {
				t.Fatalf("%d patterns %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				g := got[i]
				if g.First != w.First || g.Then != w.Then || g.Accounts != w.Accounts || g.Outcomes != w.Outcomes || g.FirstAlone != w.FirstAlone ||
					!acctSameFloat(g.Rate, w.Rate) || !acctSameFloat(g.RateFirstAlone, w.RateFirstAlone) || !acctSameFloat(g.Lift, w.Lift) {
					t.Errorf("pattern %d:\n got  %+v\n want %+v", i, g, w)
				}
			}
		})
	}
}

// acctSameFloat reports a and b equal within 1e-12, or both NaN.
func acctSameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-12
}
